from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from guide.models import Principle, SubModality

from .models import CaseStudy, Region, Theme

PAGE_SIZE = 20


def home(request):
    return render(
        request,
        "home.html",
        {
            "principles": Principle.objects.all(),
            "regions": Region.objects.all(),
            "submodalities": SubModality.objects.all(),
            "themes": Theme.objects.all(),
            "recent": CaseStudy.objects.published().for_list().order_by("-published_at", "title")[:6],
        },
    )


def catalogue(request):
    case_studies = CaseStudy.objects.published().for_list()
    page = Paginator(case_studies, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casestudies/casestudy_list.html", {"page": page})


def detail(request, slug):
    case_study = get_object_or_404(
        CaseStudy.objects.published()
        .select_related("modality")
        .prefetch_related(
            "submodalities",
            "countries__region",
            "themes",
            "mechanisms",
            "sdgs",
            "principles",
            "process_steps",
            "key_figures",
            "sources",
            "participations__organisation__country",
        ),
        slug=slug,
    )
    return render(request, "casestudies/casestudy_detail.html", {"case_study": case_study})
