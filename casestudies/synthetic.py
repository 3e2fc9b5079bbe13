"""A synthetic catalogue, for measuring the site at sizes the guide's few case studies never reach.

Everything here is made up, and marked so: every case study and organisation it makes has a slug
starting with ``synthetic-``. It builds on the guide's concepts (regions, countries, themes,
mechanisms, ...), which ``load_guide`` must have loaded, and never changes them.

Case study number *n* is drawn from its own ``random.Random(f"{seed}:{n}")``, and an organisation
from one seeded by its slug, so the same seed gives the same rows whatever the batch size and
whether the catalogue was made in one run or several. Choices are made from lists in a fixed
order (by slug, by ISO code), never from sets or by database id.

Rows are written batch by batch, one transaction each, so that memory holds a few batches
whatever the count: on PostgreSQL with ``COPY`` (``copy_rows``) on two connections side by side
(``ParallelWriters``), elsewhere with ``bulk_create``. On PostgreSQL most of the time is the
server's own, about 1.45 ms of CPU per case study whatever the size: two thirds building its
search vector (English stems of a body of up to 1,500 words), most of the rest checking the
foreign keys of its twenty-odd related rows. ``COPY`` saves Python's time more than the server's.
"""

import io
import queue
import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import DatabaseError, connection, transaction
from django.utils.text import slugify

from guide.models import (
    ActorType,
    FinanceMechanism,
    Framework,
    Guidance,
    IloRole,
    Modality,
    Principle,
    ProcessStep,
    SubModality,
)
from sstc import database

from . import index
from .models import (
    SYNTHETIC_PREFIX,
    CaseStudy,
    Country,
    Grouping,
    KeyFigure,
    Organisation,
    Participation,
    Region,
    SdgGoal,
    Source,
    Theme,
)

PREFIX = SYNTHETIC_PREFIX
BATCH_SIZE = 2000
# Slugs carry the number with this many digits, so that the highest slug holds the highest number.
NUMBER_DIGITS = 7
MAX_NUMBER = 10**NUMBER_DIGITS - 1
# Connections writing batches side by side on PostgreSQL (``ParallelWriters``): one per core.
WRITERS = 2
# COPY sends its rows in pieces of this many characters.
COPY_CHUNK = 1 << 18

# The last day a synthetic date may fall on: fixed, so that the rows do not depend on the day they are made.
LAST_DAY = datetime(2026, 6, 30, tzinfo=UTC)
FIRST_YEAR, LAST_YEAR = 1995, 2026

# Weights of the regions a case study starts from; most cooperation among Southern partners is in
# Africa, the Americas and Asia and the Pacific.
REGION_WEIGHTS = {"africa": 32, "americas": 24, "asia-pacific": 26, "arab-states": 10, "europe-central-asia": 8}
# Bilateral agencies come from the members of the OECD's Development Assistance Committee.
DAC_MEMBERS = "AT AU BE CA CH CZ DE DK EE ES FI FR GB GR HU IE IS IT JP KR LT LU NL NO NZ PL PT SE SI SK US"
ROLE_WEIGHTS = [("knowledge", 35), ("host", 25), ("facilitating", 20), ("resource", 20)]
STATUS_WEIGHTS = [(CaseStudy.Status.PUBLISHED, 85), (CaseStudy.Status.DRAFT, 11), (CaseStudy.Status.WITHDRAWN, 4)]
# Organisations of one actor type in one country: the first few take part far more often than the rest.
ORGANISATIONS_PER_KIND = 12
INTERNATIONAL_ORGANISATIONS = 60

SOUTHERN_ACTOR_TYPES = [
    "governments",
    "workers-organisations",
    "employers-organisations",
    "local-governments",
    "national-institutions",
    "academic-institutions",
    "networks",
    "civil-society",
    "private-sector",
    "sse-enterprises",
]

NAME_PATTERNS = {
    "governments": ["Ministry of {topic}", "Department of {topic}", "National Commission for {topic}"],
    "workers-organisations": ["{adjective} Federation of {trade} Workers", "Union of {trade} Workers"],
    "employers-organisations": ["{adjective} Employers' Confederation", "Chamber of {trade} Employers"],
    "local-governments": ["Municipal Council of {place}", "{place} City Authority"],
    "national-institutions": ["National {topic} Institute", "{adjective} Fund for {topic}"],
    "academic-institutions": ["{place} University Centre for {topic}", "Institute of {topic} Studies"],
    "networks": ["{adjective} Network for {topic}", "Alliance of {trade} Cooperatives"],
    "civil-society": ["{adjective} Association for {topic}", "{place} Women's {trade} Collective"],
    "private-sector": ["{place} {trade} Company", "{adjective} Microfinance Bank"],
    "sse-enterprises": ["{place} {trade} Cooperative", "{adjective} Savings and Credit Cooperative"],
    "bilateral-agencies": ["Agency for International Cooperation", "Development Cooperation Office"],
    "international-organisations": [
        "International Centre for {topic}",
        "Global Fund for {topic}",
        "Interregional Programme on {topic}",
        "International Network of {trade} Cooperatives",
    ],
}
NAME_PARTS = {
    "topic": [
        "Labour",
        "Employment",
        "Social Protection",
        "Skills Development",
        "Financial Inclusion",
        "Social Security",
        "Rural Development",
        "Cooperatives",
        "Youth Employment",
        "Social Dialogue",
        "Microfinance",
        "Decent Work",
    ],
    "adjective": ["National", "United", "General", "Central", "Regional", "Independent", "Democratic", "New"],
    "trade": ["Textile", "Transport", "Domestic", "Agricultural", "Fishing", "Construction", "Garment", "Dairy"],
    "place": ["Northern", "Southern", "Eastern", "Western", "Coastal", "Highland", "Capital", "Delta", "Lake"],
}
FIGURE_LABELS = [
    "workers trained",
    "women entrepreneurs reached",
    "savings groups formed",
    "cooperatives registered",
    "families covered by social protection",
    "young people placed in jobs",
    "officials taking part in study visits",
    "loans made to small enterprises",
]
WITHDRAWN_REASONS = [
    "Merged into a fuller account of the same initiative.",
    "The partners asked for the entry to be taken down while its figures are checked.",
    "The source it rested on was withdrawn by its publisher.",
]
NOTES = [
    "hosted the study visits",
    "shared its experience of the scheme",
    "co-financed the exchange",
    "facilitated the exchange between the partners",
    "gave technical advice",
    "trained the trainers",
]
ORGANISATION_DESCRIPTION = "A synthetic organisation, made up by the seed_synthetic command for tests and benchmarks."
BODY_LEADS = ["The challenge.", "What was shared.", "How it worked.", "Results.", "Lessons.", "What comes next."]
# Used only if the guide's texts in the database are too short to draw words from.
FALLBACK_TEXT = """
cooperation partners shared experience decent work social protection savings credit cooperatives workers
employers government training skills finance inclusion women youth rural enterprise peer learning exchange
study visit solidarity economy the of and to in for with on a by
"""


class GuideNotLoaded(Exception):
    """The guide's concepts are missing: there is nothing to build a synthetic catalogue on."""


@dataclass
class Concepts:
    """The guide's concepts the generator draws from, each list in a fixed order."""

    regions: list  # (region, [its Southern countries]) in REGION_WEIGHTS' order
    region_weights: list
    northern_countries: list
    modalities: dict  # slug -> Modality
    submodalities: dict
    themes: list
    mechanisms: list
    principles: list
    process_steps: list
    sdgs: list
    groupings_of: dict  # country iso2 -> [groupings]
    actor_types: dict  # slug -> ActorType
    sections: list
    words: list


@dataclass
class PlannedCaseStudy:
    """A case study and its related rows, before any of them is written."""

    case_study: CaseStudy
    relations: dict  # relation name -> [related objects]
    partners: list  # (OrganisationKey, role, start year, end year, note)
    key_figures: list = field(default_factory=list)
    sources: list = field(default_factory=list)


@dataclass(frozen=True)
class OrganisationKey:
    """Which synthetic organisation a partner is: the n-th of an actor type in a country (or international)."""

    country: Country | None
    actor_type: str
    index: int

    @property
    def slug(self):
        place = self.country.iso2.lower() if self.country else "intl"
        return f"{PREFIX}{place}-{self.actor_type}-{self.index + 1}"


def load_concepts():
    """The guide's concepts from the database; ``GuideNotLoaded`` if ``load_guide`` has not run."""
    countries = list(Country.objects.select_related("region").order_by("iso2"))
    regions = {region.slug: region for region in Region.objects.order_by("slug")}
    modalities = {m.slug: m for m in Modality.objects.order_by("slug")}
    concepts = Concepts(
        regions=[],
        region_weights=[],
        northern_countries=[c for c in countries if not c.is_global_south and c.iso2 in DAC_MEMBERS.split()]
        or [c for c in countries if not c.is_global_south and c.region_id],
        modalities=modalities,
        submodalities={s.slug: s for s in SubModality.objects.order_by("slug")},
        themes=list(Theme.objects.order_by("slug")),
        mechanisms=list(FinanceMechanism.objects.order_by("slug")),
        principles=list(Principle.objects.order_by("slug")),
        process_steps=list(ProcessStep.objects.order_by("order")),
        sdgs=list(SdgGoal.objects.order_by("number")),
        groupings_of={},
        actor_types={a.slug: a for a in ActorType.objects.order_by("slug")},
        sections=[],
        words=[],
    )
    for slug, weight in REGION_WEIGHTS.items():
        southern = [c for c in countries if c.region_id and c.region.slug == slug and c.is_global_south]
        if slug in regions and southern:
            concepts.regions.append((regions[slug], southern))
            concepts.region_weights.append(weight)
    missing = [
        name
        for name, present in [
            ("regions with Southern countries", concepts.regions),
            ("countries outside the Global South", concepts.northern_countries),
            ("the south-south and triangular modalities", {"south-south", "triangular"} <= modalities.keys()),
            ("themes", concepts.themes),
            ("finance mechanisms", concepts.mechanisms),
            ("principles", concepts.principles),
            ("process steps", concepts.process_steps),
            ("SDGs", concepts.sdgs),
            ("actor types", concepts.actor_types),
        ]
        if not present
    ]
    if missing:
        raise GuideNotLoaded(
            f"The guide's concepts are not in the database (no {missing[0]}): run `python manage.py load_guide` first."
        )
    members = Grouping.members.through.objects.select_related("grouping", "country")
    for row in sorted(members, key=lambda row: (row.country.iso2, row.grouping.slug)):
        concepts.groupings_of.setdefault(row.country.iso2, []).append(row.grouping)
    concepts.sections, concepts.words = guide_texts()
    return concepts


def guide_texts():
    """The guide's section names, and the words of its texts (concepts, guidance, its own case
    studies) as often as they occur there, so that common words are common and rare ones rare."""
    sections, texts = set(), []
    for model in [Principle, Modality, SubModality, ActorType, ProcessStep, FinanceMechanism, Framework, IloRole]:
        for section, summary, description in model.objects.order_by("slug").values_list(
            "section", "summary", "description"
        ):
            sections.add(section)
            texts += [summary, description]
    for theme in Theme.objects.order_by("slug"):
        sections.add(theme.section)
        texts.append(theme.description)
    texts += Guidance.objects.order_by("step__order", "kind", "order").values_list("text", flat=True)
    for summary, body in (
        CaseStudy.objects.exclude(pk__in=CaseStudy.objects.synthetic()).order_by("slug").values_list("summary", "body")
    ):
        texts += [summary, body]
    words = re.findall(r"[a-z]+(?:['’-][a-z]+)*", " ".join(texts).lower())
    return sorted(s for s in sections if s), words if len(words) >= 500 else FALLBACK_TEXT.split()


class Generator:
    """Plans synthetic case studies and organisations from a seed; writes nothing."""

    def __init__(self, seed, concepts):
        self.seed = seed
        self.concepts = concepts

    def organisation(self, key):
        """The organisation a key names, drawn from a generator seeded by its slug: the same every time."""
        rng = random.Random(f"{self.seed}:{key.slug}")
        pattern = rng.choice(NAME_PATTERNS.get(key.actor_type, NAME_PATTERNS["networks"]))
        name = pattern.format(**{part: rng.choice(values) for part, values in NAME_PARTS.items()})
        if key.country is not None:
            name = f"{name}, {key.country.name}"
        initials = "".join(word[0] for word in re.findall(r"[A-Z][a-z]+", name))
        return Organisation(
            name=f"{name} ({key.index + 1})"[:200],
            acronym=f"{initials[:24]}-{key.index + 1}",
            slug=key.slug,
            actor_type=self.concepts.actor_types.get(key.actor_type),
            country=key.country,
            description=ORGANISATION_DESCRIPTION,
        )

    def case_study(self, number):
        """Case study ``number``, drawn from its own random generator."""
        rng = random.Random(f"{self.seed}:{number}")
        concepts = self.concepts
        status = weighted(rng, STATUS_WEIGHTS)
        published = status == CaseStudy.Status.PUBLISHED
        countries = self.pick_countries(rng)
        triangular = rng.random() < 0.3
        modality = concepts.modalities["triangular" if triangular else "south-south"]
        if not published and rng.random() < 0.1:
            modality = None  # a draft whose source does not make the modality clear
        themes = sorted(rng.sample(concepts.themes, rng.randint(1, min(3, len(concepts.themes)))), key=by_slug)
        mechanisms = sorted(
            rng.sample(concepts.mechanisms, rng.randint(1, min(3, len(concepts.mechanisms)))), key=by_slug
        )
        start_year, end_year = pick_years(rng)
        partners = self.pick_partners(
            rng, countries, (start_year, end_year), triangular=modality is not None and triangular
        )
        title = self.title(rng, countries, themes, mechanisms)
        words = concepts.words
        summary = (
            f"{countries[0].name} and its partners shared experience of {mechanisms[0].name.lower()} "
            f"for {themes[0].name.lower()}. {sentence(rng, words, 12, 24)}"
        )
        if not published and rng.random() < 0.1:
            summary = ""
        created = LAST_DAY - timedelta(seconds=rng.randint(0, 9 * 365 * 86400))
        case_study = CaseStudy(
            title=title,
            slug=f"{PREFIX}{number:0{NUMBER_DIGITS}d}-{slugify(title)}"[:120].rstrip("-"),
            summary=summary,
            body=self.body(rng, words, countries, partners),
            modality=modality,
            start_year=start_year,
            end_year=end_year,
            evidence=rng.choice(["", *CaseStudy.Evidence.values]),
            last_checked=min(LAST_DAY, created + timedelta(days=rng.randint(0, 400))).date()
            if rng.random() < 0.6
            else None,
            status=status,
            created=created,
        )
        case_study.updated = min(LAST_DAY, created + timedelta(days=rng.randint(0, 300)))
        if status != CaseStudy.Status.DRAFT:
            case_study.published_at = min(case_study.updated, created + timedelta(days=rng.randint(0, 60)))
        if status == CaseStudy.Status.WITHDRAWN:
            case_study.withdrawn_reason = rng.choice(WITHDRAWN_REASONS)
            case_study.withdrawn_at = case_study.updated
        relations = {
            "countries": countries,
            "themes": themes,
            "mechanisms": mechanisms,
            "submodalities": self.pick_submodalities(rng, countries),
            "groupings": self.pick_groupings(rng, countries),
            "sdgs": self.pick_sdgs(rng),
            "principles": sorted(rng.sample(concepts.principles, rng.randint(1, 4)), key=by_slug),
            "process_steps": sorted(rng.sample(concepts.process_steps, rng.randint(0, 3)), key=lambda s: s.order),
        }
        return PlannedCaseStudy(
            case_study=case_study,
            relations=relations,
            partners=partners,
            key_figures=self.key_figures(rng, start_year, end_year),
            sources=self.sources(rng, number, published),
        )

    def pick_countries(self, rng):
        """A region, then one to four of its Southern countries; sometimes one or two from a second region."""
        regions = self.concepts.regions
        first = rng.choices(range(len(regions)), self.concepts.region_weights)[0]
        southern = regions[first][1]
        countries = rng.sample(southern, min(len(southern), rng.randint(1, 4)))
        if rng.random() < 0.2 and len(regions) > 1:
            second = rng.choice([n for n in range(len(regions)) if n != first])
            countries += rng.sample(regions[second][1], min(len(regions[second][1]), rng.randint(1, 2)))
        return countries

    def pick_partners(self, rng, countries, years, triangular):
        """Two to eight partners: a host in one of the countries first, then others by the guide's roles.

        A triangular case study gets a resource or facilitating partner from the North (a bilateral
        agency of a country outside the Global South), as the model's rule asks; only a triangular
        one has such an agency among its partners. International organisations support either.
        """
        count = rng.randint(2, 8)
        partners = [(self.southern_organisation(rng, rng.choice(countries)), "host")]
        if triangular:
            partners.append((self.northern_agency(rng), rng.choice(["resource", "facilitating"])))
        attempts = 0
        while len(partners) < count and attempts < 50:
            attempts += 1
            role = weighted(rng, ROLE_WEIGHTS)
            draw = rng.random()
            if role in ("resource", "facilitating") and draw < 0.5:
                key = self.supporting_organisation(rng, northern=triangular)
            elif draw < 0.8:
                key = self.southern_organisation(rng, rng.choice(countries))
            else:
                region_countries = rng.choice(self.concepts.regions)[1]
                key = self.southern_organisation(rng, rng.choice(region_countries))
            if all(key.slug != taken.slug for taken, _ in partners):
                partners.append((key, role))
        return [
            (key, role, *self.partner_years(rng, years), rng.choice(NOTES) if rng.random() < 0.4 else "")
            for key, role in partners
        ]

    def partner_years(self, rng, years):
        """Most partners take part for the whole initiative; a few for some of its years only."""
        start, end = years
        if start is None or rng.random() >= 0.15:
            return None, None
        first = rng.randint(start, end or LAST_YEAR)
        return first, rng.randint(first, end or LAST_YEAR)

    def southern_organisation(self, rng, country):
        actor_type = rng.choice(SOUTHERN_ACTOR_TYPES)
        return OrganisationKey(country, actor_type, frequent_index(rng, ORGANISATIONS_PER_KIND))

    def supporting_organisation(self, rng, northern=True):
        """An international organisation, or a bilateral agency of a country outside the Global South."""
        if rng.random() < 0.5 or not northern:
            return OrganisationKey(
                None, "international-organisations", frequent_index(rng, INTERNATIONAL_ORGANISATIONS)
            )
        return self.northern_agency(rng)

    def northern_agency(self, rng):
        country = rng.choice(self.concepts.northern_countries)
        return OrganisationKey(country, "bilateral-agencies", frequent_index(rng, 2))

    def pick_submodalities(self, rng, countries):
        """Sub-modalities where the countries suit them: SIDS-to-SIDS among small island States, ..."""
        chosen = []
        submodalities = self.concepts.submodalities
        if any(c.is_sids for c in countries) and rng.random() < 0.5:
            chosen.append("sids-to-sids")
        if any(c.is_fragile for c in countries) and rng.random() < 0.4:
            chosen.append("fragile-to-fragile")
        if len(countries) > 1 and len({c.region_id for c in countries}) == 1 and rng.random() < 0.3:
            chosen.append("regional")
        if rng.random() < 0.1:
            chosen.append("city-to-city")
        return [submodalities[slug] for slug in sorted(chosen) if slug in submodalities]

    def pick_groupings(self, rng, countries):
        candidates = [g for c in countries for g in self.concepts.groupings_of.get(c.iso2, [])]
        if not candidates or rng.random() >= 0.15:
            return []
        return [rng.choice(candidates)]

    def pick_sdgs(self, rng):
        sdgs = self.concepts.sdgs
        chosen = rng.sample(sdgs, rng.randint(0, 3))
        decent_work = next((g for g in sdgs if g.number == 8), None)
        if decent_work and decent_work not in chosen and rng.random() < 0.8:
            chosen.append(decent_work)
        return sorted(chosen, key=lambda g: g.number)

    def title(self, rng, countries, themes, mechanisms):
        theme, mechanism = themes[0].name, mechanisms[0].name
        places = " and ".join(c.name for c in countries[:2])
        patterns = [
            "Strengthening {mechanism_lower} for {theme_lower} in {place}",
            "{place} shares its experience of {mechanism_lower}",
        ]
        if len(countries) > 1:
            patterns += ["Peer learning on {theme_lower} between {places}", "{mechanism}: an exchange between {places}"]
        pattern = rng.choice(patterns)
        return pattern.format(
            theme_lower=theme.lower(),
            mechanism=mechanism,
            mechanism_lower=mechanism.lower(),
            places=places,
            place=countries[0].name,
        )[:250]

    def body(self, rng, words, countries, partners):
        """Markdown paragraphs of 300 to 1,500 words: the partners and countries first, then the guide's words."""
        target = rng.randint(300, 1500)
        opening = (
            f"This synthetic case study brings together partners in {', '.join(c.name for c in countries)}. "
            f"{len(partners)} organisations took part."
        ).split()
        paragraphs = [opening]
        remaining = target - len(opening)
        leads = rng.sample(BODY_LEADS, len(BODY_LEADS))
        while remaining > 0:
            size = min(remaining, rng.randint(40, 140))
            if remaining - size < 20:
                size = remaining
            lead = f"**{leads[len(paragraphs) % len(leads)]}**".split() if rng.random() < 0.5 and size > 30 else []
            drawn = rng.choices(words, k=size - len(lead))
            paragraphs.append(lead + sentences(rng, drawn))
            remaining -= size
        return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)

    def key_figures(self, rng, start_year, end_year):
        figures = []
        for order in range(1, rng.randint(0, 3) + 1):
            money = rng.random() < 0.3
            value = f"US$ {rng.randint(1, 40) / 2:g} million" if money else f"{rng.randint(20, 50000):,}"
            year = rng.randint(start_year, end_year or LAST_YEAR) if start_year and rng.random() < 0.7 else None
            figures.append(KeyFigure(value=value, label=rng.choice(FIGURE_LABELS), year=year, order=order))
        return figures

    def sources(self, rng, number, published):
        """One to three sources for a published case study (the rule asks for one); drafts may have none."""
        count = rng.randint(1, 3) if published else rng.randint(0, 2)
        sources = []
        for order in range(1, count + 1):
            if self.concepts.sections and rng.random() < 0.5:
                sources.append(
                    Source(guide_section=rng.choice(self.concepts.sections), page=str(rng.randint(3, 120)), order=order)
                )
            else:
                sources.append(
                    Source(
                        reference=f"Synthetic report {number}-{order}: {sentence(rng, self.concepts.words, 5, 10)}",
                        url=f"https://example.org/synthetic/{number}/{order}",
                        order=order,
                    )
                )
        return sources


def weighted(rng, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def frequent_index(rng, size):
    """An index below ``size`` where the first ones come up far more often, as a few partners do."""
    return min(int(rng.expovariate(3 / size)), size - 1)


def pick_years(rng):
    """Start and end years: mostly recent; about a quarter still going on, a few with no known years."""
    draw = rng.random()
    if draw < 0.08:
        return None, None
    start = min(LAST_YEAR, FIRST_YEAR + int(rng.triangular(0, LAST_YEAR - FIRST_YEAR + 1, LAST_YEAR - FIRST_YEAR)))
    if draw < 0.33:
        return start, None
    return start, min(LAST_YEAR, start + rng.randint(0, 6))


def sentences(rng, words, minimum=8, maximum=22):
    """Words cut into sentences: a capital at the start, a full stop at the end of each."""
    out, position = [], 0
    while position < len(words):
        length = rng.randint(minimum, maximum)
        chunk = list(words[position : position + length])
        chunk[0] = chunk[0].capitalize()
        chunk[-1] += "."
        out += chunk
        position += length
    return out


def sentence(rng, words, minimum, maximum):
    return " ".join(sentences(rng, rng.choices(words, k=rng.randint(minimum, maximum)), maximum, maximum))


def by_slug(concept):
    return concept.slug


def synthetic_case_studies():
    return CaseStudy.objects.synthetic()


def synthetic_organisations():
    return Organisation.objects.filter(slug__startswith=PREFIX)


def next_number():
    """The number after the highest synthetic case study's, so that a second run adds to the first."""
    slugs = synthetic_case_studies().order_by("-slug").values_list("slug", flat=True)
    found = re.match(rf"{PREFIX}(\d{{{NUMBER_DIGITS}}})", slugs.first() or "")
    return int(found[1]) + 1 if found else 1


class Writer:
    """Writes planned case studies in bulk, one batch per transaction, making their organisations as needed.

    On PostgreSQL every row goes in by ``COPY`` (``copy_rows``), the small rows of the relations
    as tuples of values, never as model instances (which cost more to make than to write);
    elsewhere (SQLite, for the tests) by ``bulk_create``.
    """

    def __init__(self, generator):
        self.generator = generator
        self.organisation_ids = {}  # slug -> id, of the synthetic organisations known to exist
        self.organisations_made = 0

    def prepare(self, planned):
        """Make the organisations the batch names that do not exist yet and, on PostgreSQL, give
        its case studies their ids from their sequence, in the batches' order. Done on the
        caller's connection, before the batch is handed to a writer."""
        self.make_organisations([key for plan in planned for key, *_ in plan.partners])
        ids = reserve_case_study_ids(len(planned))
        if ids:
            for plan, pk in zip(planned, ids, strict=True):
                plan.case_study.pk = pk

    def write(self, planned):
        """Write one prepared batch in one transaction.

        On PostgreSQL the case studies' related rows are written before them (foreign keys are
        checked at commit), so that the search trigger, which runs as each case study is
        inserted, already finds its partners and countries: the trigger runs once per case
        study, whatever it computes, and each row is written once. (Inserting the case studies
        with the trigger disabled and then touching them, as ``refresh_search()`` does, costs
        more: touching 10,000 alone took 11.4 s of the server's CPU, writing them with every
        related row and the trigger at insert 14.5 s; it also leaves a dead copy of every row,
        and disabling a trigger takes a lock that stops every reader for each batch.) Elsewhere
        the case studies come first and their search is refreshed after their related rows.
        """
        with transaction.atomic():
            if planned[0].case_study.pk is not None:
                with connection.cursor() as cursor:
                    for model, names, rows in self.related_rows(planned):
                        copy_values(cursor, model, names, rows)
                    copy_rows(cursor, CaseStudy, [plan.case_study for plan in planned])
            else:
                case_studies = CaseStudy.objects.bulk_create([plan.case_study for plan in planned])
                for model, names, rows in self.related_rows(planned):
                    objects = [model(**dict(zip(names, row, strict=True))) for row in rows]
                    model.objects.bulk_create(objects, batch_size=BATCH_SIZE * 2)
                CaseStudy.objects.filter(pk__in=[case_study.pk for case_study in case_studies]).refresh_search()
            # Bulk writes send no signals: say here that the catalogue changed, so that no page or
            # count cached for the old catalogue is served (caching.py) and its index is built again.
            index.record(None)

    def related_rows(self, planned):
        """``(model, field names, rows of values)`` for every table that hangs from the planned
        case studies, which have their ids."""
        for name in CaseStudy.RELATIONS:
            relation = CaseStudy._meta.get_field(name)
            through = relation.remote_field.through
            source, target = relation.m2m_column_name(), relation.m2m_reverse_name()
            rows = [(plan.case_study.pk, related.pk) for plan in planned for related in plan.relations[name]]
            yield through, [source, target], rows
        yield (
            Participation,
            ["case_study_id", "organisation_id", "role", "start_year", "end_year", "note", "order"],
            [
                (plan.case_study.pk, self.organisation_ids[key.slug], role, start_year, end_year, note, order)
                for plan in planned
                for order, (key, role, start_year, end_year, note) in enumerate(plan.partners, start=1)
            ],
        )
        for model, attribute in [(KeyFigure, "key_figures"), (Source, "sources")]:
            fields = [field for field in model._meta.concrete_fields if not field.primary_key]
            rows = []
            for plan in planned:
                for row in getattr(plan, attribute):
                    row.case_study_id = plan.case_study.pk
                    rows.append(
                        tuple(field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields)
                    )
            yield model, [field.attname for field in fields], rows

    def make_organisations(self, keys):
        unknown = {key.slug: key for key in keys if key.slug not in self.organisation_ids}
        if not unknown:
            return
        existing = Organisation.objects.filter(slug__in=sorted(unknown)).values_list("slug", "pk")
        self.organisation_ids.update(existing)
        missing = [
            self.generator.organisation(unknown[slug]) for slug in sorted(unknown) if slug not in self.organisation_ids
        ]
        for organisation in Organisation.objects.bulk_create(missing):
            self.organisation_ids[organisation.slug] = organisation.pk
        self.organisations_made += len(missing)


def reserve_case_study_ids(count):
    """``count`` new case-study ids from PostgreSQL's sequence; ``None`` on other databases."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [CaseStudy._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_value(value):
    """One value in ``COPY``'s text format: ``\\N`` for NULL, dates in ISO 8601, and in text a
    backslash, a tab or an end of line written as an escape."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):  # and datetime, with its offset: PostgreSQL reads both
        return value.isoformat()
    # str.replace, not str.translate: translate takes 2 ms for a body of 1,000 words.
    text = str(value)
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_rows(cursor, model, objects):
    """Write ``objects``, instances of ``model`` with their ids, to its table with one ``COPY``.

    Every concrete field is written as ``bulk_create`` would (``get_db_prep_save``). A value the
    database computes, such as the search vector, is written NULL and set by its trigger as the
    row goes in.
    """
    fields = model._meta.concrete_fields
    rows = [
        tuple(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields) for obj in objects
    ]
    copy_values(cursor, model, [field.attname for field in fields], rows)


def copy_values(cursor, model, names, rows):
    """Write ``rows``, tuples of the values of the fields ``names`` (attribute names, as
    ``case_study_id``), to ``model``'s table with one ``COPY`` (PostgreSQL only). A field left
    out takes the database's default: the id its sequence's next."""
    if not rows:
        return
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(copy_value, row)))
        buffer.write("\n")
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", buffer, size=COPY_CHUNK)


@contextmanager
def without_time_limits():
    """Lift the site's time limits on database statements (settings' ``DATABASE_STATEMENT_TIMEOUT``,
    15 s, and the wait for an answer on this side) for what runs inside.

    They protect readers from a slow query; a load of 1,000,000 case studies, deleting them, or
    vacuuming after either has single statements that take longer, and must not be cut short.
    The server's limit is set back as it was when done, so a test's connection keeps it.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with database.unlimited():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            previous = cursor.fetchone()[0]
            cursor.execute("SET statement_timeout = 0")
        try:
            yield
        finally:
            # Not on a connection that broke or whose transaction failed: it is being let go.
            with suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [previous])


class ParallelWriters:
    """``count`` threads that each write batches on a database connection of their own.

    Most of a batch's time is PostgreSQL's (search vectors, foreign-key checks, indexes), and one
    connection is one server process on one core: two of them, with Python planning beside them,
    keep two cores busy. At most one batch waits for a free writer. The first error stops the
    run: batches already written stay, as with one writer.
    """

    def __init__(self, write, count, progress=None, total=0):
        self.write, self.progress, self.total = write, progress, total
        self.queue = queue.Queue(maxsize=1)
        self.lock = threading.Lock()
        self.done = 0
        self.errors = []
        self.threads = [threading.Thread(target=self.work, daemon=True) for _ in range(count)]
        for thread in self.threads:
            thread.start()

    def work(self):
        try:
            with without_time_limits():
                while (planned := self.queue.get()) is not None:
                    if self.errors:
                        continue  # drain what is queued: the run has failed
                    try:
                        self.write(planned)
                    except Exception as error:  # handed to the caller's thread, and raised there
                        self.errors.append(error)
                        continue
                    with self.lock:
                        self.done += len(planned)
                        if self.progress:
                            self.progress(self.done, self.total)
        finally:
            connection.close()  # this thread's own

    def put(self, planned):
        self.raise_error()
        self.queue.put(planned)

    def finish(self):
        """Wait for the batches handed over, end the threads, and raise the first error if any."""
        if any(thread.is_alive() for thread in self.threads):
            for _thread in self.threads:
                self.queue.put(None)
            for thread in self.threads:
                thread.join()
        self.raise_error()

    def raise_error(self):
        if self.errors:
            raise self.errors[0]


def seed(count, seed=1, batch_size=BATCH_SIZE, progress=None):
    """Add ``count`` synthetic case studies after those there already; return (first number, organisations made).

    A thread plans the next batch while this one is written: the database works while Python
    draws. On PostgreSQL, outside a transaction, ``WRITERS`` threads write batches side by side
    on connections of their own (``ParallelWriters``); inside one (a test's) the batches are
    written one after the other on its connection, which alone sees what it holds. A few batches
    are in memory at a time, whatever the count. ``progress(done, count)`` is called after each
    batch. The site's time limits on statements are lifted while it runs (``without_time_limits``).
    """
    generator = Generator(seed, load_concepts())
    writer = Writer(generator)
    first = next_number()
    if first + count - 1 > MAX_NUMBER:
        raise ValueError(f"At most {MAX_NUMBER:,} synthetic case studies.")
    batches = [
        range(start, min(first + count, start + batch_size)) for start in range(first, first + count, batch_size)
    ]

    def plan(numbers):
        return [generator.case_study(number) for number in numbers]

    parallel = connection.vendor == "postgresql" and not connection.in_atomic_block and len(batches) > 1
    with without_time_limits(), ThreadPoolExecutor(max_workers=1) as planner:
        writers = ParallelWriters(writer.write, WRITERS, progress, count) if parallel else None
        try:
            planning = planner.submit(plan, batches[0]) if batches else None
            for index, numbers in enumerate(batches):
                planned = planning.result()
                if index + 1 < len(batches):
                    planning = planner.submit(plan, batches[index + 1])
                writer.prepare(planned)
                if writers:
                    writers.put(planned)
                else:
                    writer.write(planned)
                    if progress:
                        progress(numbers.stop - first, count)
        finally:
            if writers:
                writers.finish()
    return first, writer.organisations_made


def clear():
    """Delete the synthetic case studies with every row that hangs from them, then the synthetic organisations.

    Plain SQL deletes: the ORM would load every row to send its signals and write a history
    record of each deletion, which synthetic rows do not need. An organisation that a case study
    of the guide or of a curator names as a partner is kept. Returns (case studies, organisations).
    """
    case_study_table = CaseStudy._meta.db_table
    ids = f"SELECT id FROM {case_study_table} WHERE slug LIKE %s"
    pattern = PREFIX + "%"
    tables = [
        (field.remote_field.through._meta.db_table, field.m2m_column_name())
        for field in CaseStudy._meta.many_to_many
        if field.remote_field.through._meta.auto_created
    ] + [(relation.related_model._meta.db_table, relation.field.column) for relation in CaseStudy._meta.related_objects]
    participation = Participation._meta.db_table
    organisation = Organisation._meta.db_table
    with without_time_limits(), transaction.atomic(), connection.cursor() as cursor:
        for table, column in tables:
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({ids})", [pattern])
        cursor.execute(f"DELETE FROM {case_study_table} WHERE slug LIKE %s", [pattern])
        case_studies = cursor.rowcount
        cursor.execute(
            f"DELETE FROM {organisation} WHERE slug LIKE %s AND NOT EXISTS "
            f"(SELECT 1 FROM {participation} p WHERE p.organisation_id = {organisation}.id)",
            [pattern],
        )
        organisations = cursor.rowcount
        index.record(None)
    return case_studies, organisations


def analyse():
    """Refresh the planner's statistics (PostgreSQL), and vacuum where no transaction is open."""
    if connection.vendor != "postgresql":
        return
    models = [CaseStudy, Organisation, Participation, KeyFigure, Source]
    tables = [model._meta.db_table for model in models] + [
        CaseStudy._meta.get_field(name).remote_field.through._meta.db_table for name in CaseStudy.RELATIONS
    ]
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with without_time_limits(), connection.cursor() as cursor:
        cursor.execute(f"{command} {', '.join(tables)}")
