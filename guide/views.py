from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from casestudies.models import CaseStudy
from core.caching import cached, public_page

from .models import (
    ActorType,
    FinanceMechanism,
    Framework,
    GlossaryTerm,
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


# A concept page lists this many of the case studies that illustrate it: at 100,000 case studies a
# modality has tens of thousands (16 s to render them all); the catalogue lists the rest.
SHOWN_CASE_STUDIES = 20


@public_page
def concept(request, slug, model, lookup, parameter=None):
    """One concept of the guide, with the first published case studies that illustrate it, their
    number, and (where the catalogue filters by this kind of concept) a link to all of them."""
    entry = get_object_or_404(model, slug=slug)
    illustrating = CaseStudy.objects.published().filter(
        Exists(CaseStudy.objects.filter(pk=OuterRef("pk"), **{lookup: entry}))
    )
    context = {
        "entry": entry,
        "kind": model._meta.verbose_name,
        "case_studies": illustrating.for_list().order_by("title")[:SHOWN_CASE_STUDIES],
        "illustrating": cached(request, "concept-count", (model._meta.label, entry.pk), illustrating.count),
        "all_url": f"{reverse('casestudies:list')}?{urlencode({parameter: entry.slug})}" if parameter else None,
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


@public_page
def entry(request, slug, model):
    """A framework or an ILO role: the guide's words about it, which no case study is tagged with."""
    entry = get_object_or_404(model, slug=slug)
    siblings = model.objects.only("name", "slug")
    return render(
        request,
        "guide/entry_detail.html",
        {"entry": entry, "kind": model._meta.verbose_name, "siblings": siblings},
    )


@public_page
def glossary(request):
    return render(request, "guide/glossary.html", {"terms": GlossaryTerm.objects.all()})


# The guide's prose chapters: their words are in the templates, through the translation machinery.
TOPICS = {
    "ssf": "guide/topic_ssf.html",
    "ilo": "guide/topic_ilo.html",
    "why": "guide/topic_why.html",
}


@public_page
def topic(request, name):
    context = {}
    if name == "ssf":
        context["mechanisms"] = FinanceMechanism.objects.filter(is_social_solidarity_finance=True)
    elif name == "ilo":
        context["ilo_roles"] = IloRole.objects.all()
    return render(request, TOPICS[name], context)
