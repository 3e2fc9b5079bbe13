import re

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from casestudies.models import CaseStudy, with_shown_text
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
from .sections import FOREWORD, PARTS, RESOURCES

# What a page calls its kind of concept ("Every framework in the guide"): the models' own names, of
# which those Django derives from the class name are not translatable without a migration.
KINDS = {
    Principle: _("principle"),
    Modality: _("modality"),
    SubModality: _("form of cooperation"),
    ActorType: _("kind of partner"),
    ProcessStep: _("process step"),
    FinanceMechanism: _("finance mechanism"),
    Framework: _("framework"),
    IloRole: _("ILO role"),
}


def kind(model):
    return KINDS.get(model, model._meta.verbose_name)


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
            "parts": PARTS,
            "foreword": FOREWORD,
            "further_reading": RESOURCES,
            "glossary_url": reverse("guide:glossary"),
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
        "kind": kind(model),
        "case_studies": with_shown_text(illustrating.for_list().order_by("title")[:SHOWN_CASE_STUDIES]),
        "illustrating": cached(request, "concept-count", (model._meta.label, entry.pk), illustrating.count),
        "all_url": f"{reverse('casestudies:list')}?{urlencode({parameter: entry.slug})}" if parameter else None,
    }
    if model is ProcessStep:
        context["dos"] = list(entry.guidance.filter(kind="do"))
        context["donts"] = list(entry.guidance.filter(kind="dont"))
        context.update(step_navigation(entry))
    elif model is Modality:
        # The guide presents the sub-modalities in the same section as the two modalities, as forms
        # of cooperation that neither owns: each modality's page lists them all.
        context["submodalities"] = SubModality.objects.only("name", "slug", "summary")
    advice = [guidance.text for guidance in context.get("dos", []) + context.get("donts", [])]
    context["terms"] = terms_used(entry, advice)
    return render(request, "guide/concept_detail.html", context)


def step_navigation(step):
    """Where a process step stands among the six: "Step 2 of 6", and the steps before and after it."""
    steps = list(ProcessStep.objects.only("name", "slug", "order"))
    position = next(i for i, other in enumerate(steps) if other.pk == step.pk)
    return {
        "step_number": position + 1,
        "step_count": len(steps),
        "previous_step": steps[position - 1] if position > 0 else None,
        "next_step": steps[position + 1] if position + 1 < len(steps) else None,
    }


def terms_used(entry, more=()):
    """The glossary's terms that a concept's words (and ``more`` words shown with them, a step's
    do's and don'ts) use, each to be linked to its explanation."""
    text = " ".join((entry.name, entry.summary, entry.description, *more))
    return [
        term for term in GlossaryTerm.objects.all() if re.search(rf"(?<![\w+-]){re.escape(term.term)}s?(?![\w+])", text)
    ]


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
        {"entry": entry, "kind": kind(model), "siblings": siblings},
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
