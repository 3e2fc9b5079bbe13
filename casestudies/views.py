from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from guide.models import Principle, SubModality

from . import citation
from .models import CaseStudy, Country, Participation, Region, Theme
from .permalinks import case_study_view
from .related import related_case_studies

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


# Everything the case-study page shows, one query per relation whatever the number of rows.
CASE_STUDY_PAGE_RELATIONS = [
    "submodalities",
    Prefetch("countries", queryset=Country.objects.select_related("region")),
    "groupings",
    "themes",
    "mechanisms",
    "sdgs",
    "principles",
    "process_steps",
    "key_figures",
    "sources",
    Prefetch("participations", queryset=Participation.objects.select_related("organisation__country")),
    "external_identifiers",
]


@case_study_view
def detail(request, case_study):
    prefetch_related_objects([case_study], *CASE_STUDY_PAGE_RELATIONS)
    permalink = request.build_absolute_uri(case_study.get_absolute_url())
    regions = {country.region for country in case_study.countries.all() if country.region}
    return render(
        request,
        "casestudies/casestudy_detail.html",
        {
            "case_study": case_study,
            "regions": sorted(regions, key=lambda region: (region.order, region.name)),
            "related": related_case_studies(case_study),
            "permalink": permalink,
            "citation": citation.citation_line(case_study, permalink),
            "json_ld": citation.json_ld_script(citation.schema_org(case_study, permalink, request.build_absolute_uri)),
        },
    )


def citation_file(text, content_type, filename):
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@case_study_view
def cite_bib(request, case_study):
    permalink = request.build_absolute_uri(case_study.get_absolute_url())
    return citation_file(citation.bibtex(case_study, permalink), "application/x-bibtex", f"{case_study.slug}.bib")


@case_study_view
def cite_ris(request, case_study):
    permalink = request.build_absolute_uri(case_study.get_absolute_url())
    prefetch_related_objects([case_study], "themes")
    return citation_file(
        citation.ris(case_study, permalink), "application/x-research-info-systems", f"{case_study.slug}.ris"
    )
