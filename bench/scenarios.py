"""What the benchmark asks of the site: one scenario per kind of request, with its addresses taken
from the database being measured, its budget from issue 6, and its SQL queries counted in-process.

The addresses are chosen the same way at every size, so the figures of two sizes compare: the
region with the most published case studies, then the theme and the modality most common within
it; a fixed sample of published case studies; search words from a fixed list.
"""

import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count, Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casestudies.filters import read_query
from casestudies.models import CaseStudy, Region, Theme

STATIC_REFERENCE = "bench/catalogue-reference.html"
# Search words. The synthetic bodies draw on the guide's words, and once stemmed almost every word
# is in a good share of the case studies; a country's name is what few of them hold. The first
# list is found in 40 to 90 % of the case studies, the second in 1.5 to 2 % (measured at
# N = 10,000; the shares stay about the same at every size).
COMMON_WORDS = ["employment", "social protection", "skills"]
RARER_WORDS = ["honduras", "mongolia", "cameroon"]
CASE_STUDY_SAMPLE = 200
STAFF_USERNAME = "bench-curator"


def p95_budget(milliseconds):
    return {"figure": "p95_ms", "max": milliseconds, "label": "p95", "unit": "ms"}


# Budgets of issue 6, met at N = 100,000 on a 2-core machine. One region is held to the
# catalogue's budget.
BUDGETS = {
    "catalogue": p95_budget(150),
    "region": p95_budget(150),
    "three-filters": p95_budget(150),
    "search-common": p95_budget(200),
    "search-fresh": p95_budget(200),
    "search-rare": p95_budget(200),
    "case-study": p95_budget(30),
    "admin": p95_budget(300),
    "export-csv": {"figure": "memory_growth_mb", "max": 100, "label": "memory growth", "unit": "MB"},
}


@dataclass
class Scenario:
    name: str
    title: str
    paths: list[str]
    # "load": concurrent requests for a fixed time; "sequential": one after another, a few times.
    kind: str = "load"
    headers: dict[str, str] = field(default_factory=dict)
    # What exactly is asked, for the notes under the table.
    detail: str = ""
    # Requested once before a sequential scenario is measured.
    warmup_path: str | None = None
    matches: int | None = None

    @property
    def budget(self):
        return BUDGETS.get(self.name)


def catalogue_path(**params):
    query = QueryDict(mutable=True)
    for name, value in params.items():
        query[name] = value
    return reverse("casestudies:list") + (f"?{query.urlencode()}" if query else "")


def matches(path):
    """How many case studies the catalogue lists for ``path``'s query."""
    _, _, query_string = path.partition("?")
    return read_query(QueryDict(query_string)).case_studies.count()


def busiest_filters():
    """The region with the most published case studies, and the theme and modality most common
    among the published case studies of that region (and theme)."""
    published = Q(countries__case_studies__status=CaseStudy.Status.PUBLISHED)
    region = (
        Region.objects.annotate(count=Count("countries__case_studies", filter=published, distinct=True))
        .order_by("-count", "slug")
        .first()
    )
    in_region = CaseStudy.objects.published().filter(countries__region=region)
    theme = (
        Theme.objects.filter(case_studies__in=in_region)
        .annotate(count=Count("case_studies", distinct=True))
        .order_by("-count", "slug")
        .first()
    )
    modality = (
        CaseStudy.objects.filter(pk__in=in_region.filter(themes=theme), modality__isnull=False)
        .values_list("modality__slug", flat=True)
        .annotate(count=Count("pk"))
        .order_by("-count", "modality__slug")
        .first()
    )
    return region.slug, theme.slug, modality


def sample_slugs(seed):
    slugs = list(CaseStudy.objects.published().order_by("pk").values_list("slug", flat=True))
    return sorted(random.Random(seed).sample(slugs, min(CASE_STUDY_SAMPLE, len(slugs))))


def staff_session(client):
    """A curator signed in through the test client: its session lives in the database that the
    server reads, so its cookie signs the load client in too."""
    user, _ = get_user_model().objects.get_or_create(username=STAFF_USERNAME, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Curator"))
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    name = settings.SESSION_COOKIE_NAME
    return {"Cookie": f"{name}={client.cookies[name].value}"}


def listing(name, title, detail, paths):
    """A catalogue scenario: it also records how many case studies its first addresses list (the most)."""
    return Scenario(name, title, paths, detail=detail, matches=max(matches(path) for path in paths[:3]))


def searching(name, title, words):
    """A search scenario: each word in turn."""
    return listing(name, title, "q=" + " | ".join(words), [catalogue_path(q=word) for word in words])


def fresh_searches(count=3000):
    """Searches for the common words that are each asked once: every one with its own year range
    (from 1900 to 1994, to 2027 to 2100), so that no cache of a query's results can answer it, as
    none can for the many searches real readers type. The range leaves out only the case studies
    with no year at all."""
    return [
        catalogue_path(
            q=COMMON_WORDS[number % len(COMMON_WORDS)],
            year_from=1900 + (number // 3) % 95,
            year_to=2027 + (number // 285) % 74,
        )
        for number in range(count)
    ]


def build(staff_client, seed):
    """Every scenario, in the order they run; the static reference first."""
    region, theme, modality = busiest_filters()
    three = {"region": region, "theme": theme, "modality": modality}
    slugs = sample_slugs(seed)
    return [
        Scenario(
            "static",
            "static file (reference)",
            [settings.STATIC_URL.rstrip("/") + "/" + STATIC_REFERENCE],
            detail="the unfiltered catalogue page saved as a static file, served by whitenoise",
        ),
        listing("catalogue", "catalogue", "unfiltered, first page", [catalogue_path()]),
        listing("region", "catalogue, one region", f"region={region}", [catalogue_path(region=region)]),
        listing(
            "three-filters",
            "catalogue, three filters",
            ", ".join(f"{name}={value}" for name, value in three.items()),
            [catalogue_path(**three)],
        ),
        searching("search-common", "search, common words", COMMON_WORDS),
        listing(
            "search-fresh",
            "search, each query new",
            "q=" + " | ".join(COMMON_WORDS) + ", each with a year range not asked before",
            fresh_searches(),
        ),
        searching("search-rare", "search, rarer words", RARER_WORDS),
        Scenario(
            "case-study",
            "case-study page",
            [reverse("casestudies:detail", args=[slug]) for slug in slugs],
            detail=f"{len(slugs)} published case studies in turn",
        ),
        Scenario(
            "admin",
            "admin changelist",
            [reverse("admin:casestudies_casestudy_changelist")],
            headers=staff_session(staff_client),
            detail="first page, signed in as a curator",
        ),
        Scenario(
            "export-csv",
            "CSV export, all rows",
            [reverse("casestudies:export-csv")],
            kind="sequential",
            detail="the whole published catalogue, one export at a time",
            warmup_path=reverse("casestudies:export-csv") + f"?q={RARER_WORDS[0]}",
        ),
    ]


def count_queries(client, scenario, requests=4):
    """SQL queries of the scenario's first requests, served in-process by the test client against
    the same database (``client`` is signed in when the scenario is). The first request may fill
    a cache; the rest show the steady state."""
    if scenario.kind == "sequential":
        paths = scenario.paths[:1]
    else:
        paths = scenario.paths[:requests] if len(scenario.paths) > 1 else scenario.paths * 2
    counts = []
    for path in paths:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in-process")
        counts.append(len(queries))
    return counts
