"""The guide's own table of contents: its parts and sections in its order, each with a one-line
summary and the page of this site that covers it.

Every concept records the section it comes from as the guide writes it ("SSTC: an introduction,
3. Actors involved"); ``section_url`` turns that text into a link, so that "Source: ..." on a page
leads somewhere. The contents page is built from the same list, so the two cannot drift apart.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    number: str
    title: str  # as the guide writes it, the text that concepts' ``section`` fields end with
    label: str  # the title as a reader sees it, translated
    summary: str
    anchor: str  # its place on the contents page, /guide/#anchor
    url_name: str = ""  # the page of this site that covers it, where one page does
    url_args: tuple = ()

    @cached_property
    def url(self):
        if self.url_name:
            return reverse(self.url_name, args=self.url_args)
        return reverse("guide:contents") + f"#{self.anchor}"


@dataclass(frozen=True)
class Part:
    title: str  # as the guide writes it, the start of concepts' ``section`` fields
    label: str
    summary: str
    anchor: str
    sections: tuple


INTRODUCTION = "SSTC: an introduction"
FINANCING = "SSTC & Financing Decent Work"

PARTS = (
    Part(
        INTRODUCTION,
        _("SSTC: an introduction"),
        _("What South-South and triangular cooperation is, who takes part and how an initiative runs."),
        "introduction",
        (
            Section(
                "1",
                "Definitions, mechanisms and principles",
                _("Definitions, mechanisms and principles"),
                _("What SSTC is, the forms it takes, and the seven principles it follows."),
                "principles",
            ),
            Section(
                "2",
                "Modalities and sub-modalities",
                _("Modalities and sub-modalities"),
                _("South-South and triangular cooperation, and the forms of cooperation within them."),
                "modalities",
            ),
            Section(
                "3",
                "Actors involved",
                _("Actors involved"),
                _("Governments, workers' and employers' organisations and the other actors the guide names."),
                "actors",
            ),
            Section(
                "4",
                "BAPA+40",
                _("BAPA+40"),
                _("The Buenos Aires outcome of 2019 and the other international frameworks for SSTC."),
                "frameworks",
                "guide:framework",
                ("bapa-40",),
            ),
            Section(
                "5",
                "South-South and Triangular Cooperation step by step",
                _("South-South and Triangular Cooperation step by step"),
                _("The six steps of an initiative, from matching needs to managing what was learnt."),
                "steps",
            ),
            Section(
                "6",
                "Do's and Don'ts of South-South and Triangular Cooperation",
                _("Do's and Don'ts of South-South and Triangular Cooperation"),
                _("What to do and what to avoid at each step; shown on each step's page."),
                "dos-and-donts",
            ),
        ),
    ),
    Part(
        FINANCING,
        _("SSTC and financing decent work"),
        _("How SSTC helps to finance decent work, with the ILO's role and the guide's case studies."),
        "financing",
        (
            Section(
                "1",
                "South-South and Triangular Cooperation in the ILO",
                _("South-South and Triangular Cooperation in the ILO"),
                _("Why the ILO works this way, who runs it, and the roles it plays."),
                "ilo",
                "guide:sstc-in-the-ilo",
            ),
            Section(
                "2",
                "South-South and Triangular Cooperation and Financing Decent Work",
                _("South-South and Triangular Cooperation and Financing Decent Work"),
                _("Why South-South cooperation works, social and solidarity finance, and its mechanisms."),
                "mechanisms",
            ),
            Section(
                "3",
                "Case studies: SSTC and Social and Solidarity Finance",
                _("Case studies: SSTC and Social and Solidarity Finance"),
                _("Savings groups, village banks, credit unions and cooperatives across Asia and Africa."),
                "case-studies-ssf",
            ),
            Section(
                "4",
                "Case studies: more SSTC initiatives on Financing Decent Work",
                _("Case studies: more SSTC initiatives on Financing Decent Work"),
                _("City-to-city, island, fragile-state and triangular initiatives, in the catalogue."),
                "case-studies-more",
            ),
        ),
    ),
)

RESOURCES = Section(
    "",
    "Additional resources",
    _("Additional resources"),
    _("Further reading the guide recommends."),
    "resources",
    "guide:resources",
)
FOREWORD = Section("", "Foreword", _("Foreword"), _("What the guide is for."), "foreword")


def find_section(text):
    """The section a concept's ``section`` field names, or None; the guide's capitals vary, so the
    comparison ignores case."""
    if not text:
        return None
    folded = text.casefold()
    for extra in (RESOURCES, FOREWORD):
        if folded == extra.title.casefold():
            return extra
    for part in PARTS:
        if not folded.startswith(part.title.casefold() + ","):
            continue
        rest = folded[len(part.title) + 1 :].strip()
        for section in part.sections:
            if rest == f"{section.number}. {section.title}".casefold():
                return section
    return None


def section_url(text):
    section = find_section(text)
    return section.url if section else ""
