from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render

from casestudies.caching import public_page
from casestudies.models import CaseStudy

from .models import (
    ActorType,
    FinanceMechanism,
    Framework,
    IloRole,
    Modality,
    Principle,
    ProcessStep,
    Resource,
    SubModality,
)


@public_page
def contents(request):
    return render(
        request,
        "guide/contents.html",
        {
            "principles": Principle.objects.all(),
            "modalities": Modality.objects.all(),
            "submodalities": SubModality.objects.all(),
            "actor_types": ActorType.objects.all(),
            "steps": ProcessStep.objects.all(),
            "mechanisms": FinanceMechanism.objects.all(),
            "frameworks": Framework.objects.all(),
            "ilo_roles": IloRole.objects.all(),
        },
    )


@public_page
def concept(request, slug, model, lookup):
    """One concept of the guide, with the published case studies that illustrate it."""
    entry = get_object_or_404(model, slug=slug)
    illustrating = CaseStudy.objects.published().filter(
        Exists(CaseStudy.objects.filter(pk=OuterRef("pk"), **{lookup: entry}))
    )
    context = {
        "entry": entry,
        "kind": model._meta.verbose_name,
        "case_studies": illustrating.for_list().order_by("title"),
    }
    if model is ProcessStep:
        context["dos"] = entry.guidance.filter(kind="do")
        context["donts"] = entry.guidance.filter(kind="dont")
    return render(request, "guide/concept_detail.html", context)


@public_page
def resources(request):
    return render(
        request,
        "guide/resources.html",
        {"resources": Resource.objects.prefetch_related("languages")},
    )
