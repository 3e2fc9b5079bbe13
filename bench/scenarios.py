"""What the benchmark asks of the site: one scenario per kind of request, with its addresses taken
from the database being measured and its SQL queries counted in-process (its budgets are in
bench/report.py).

Two kinds of address lists. The hot scenarios ask the same few addresses again and again, so once
warm they measure what the site keeps in its cache. The fresh ones (``filters-fresh``,
``search-fresh``, ``case-study``, ``admin-search``) ask every address once: random filter
combinations, random searches, different pages, drawn from what the database holds and from
``--seed``, so that no cache of an answer can help, as none can for most readers' questions.

Everything is chosen the same way at every size, so the figures of two sizes compare. Nothing
here holds a row per case study: samples are drawn by PostgreSQL, a few thousand at most.
"""

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.models import CharField, Count, Exists, Max, Min, OuterRef, Q, Value
from django.db.models.functions import MD5, Cast, Concat
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from casestudies.filters import read_query
from casestudies.models import CaseStudy, Country, Region, SdgGoal, Theme
from guide.models import ActorType, FinanceMechanism, Modality, Principle, SubModality

STATIC_REFERENCE = "bench/catalogue-reference.html"
# The hot searches: words found in 40 to 90 % of the case studies (measured at N = 10,000).
COMMON_WORDS = ["employment", "social protection", "skills"]
# Different case-study pages, each asked once: more than a run asks at these pages' budget.
CASE_STUDY_SAMPLE = 20_000
# The titles and summaries that the search words are drawn from.
TEXT_SAMPLE = 2_000
# The case studies that the curator saves in turn.
SAVED_SAMPLE = 200
# At least this many saves are measured, however long they take.
MINIMUM_SAVES = 10
STAFF_USERNAME = "bench-curator"

# The catalogue's facets, as the URL contract names them (design.md, "Catalogue query parameters"):
# the options' model, the field that is the parameter's value, and the way from a case study to it.
FACETS = {
    "region": (Region, "slug", "countries__region"),
    "modality": (Modality, "slug", "modality"),
    "submodality": (SubModality, "slug", "submodalities"),
    "theme": (Theme, "slug", "themes"),
    "mechanism": (FinanceMechanism, "slug", "mechanisms"),
    "actor": (ActorType, "slug", "participations__organisation__actor_type"),
    "principle": (Principle, "slug", "principles"),
    "sdg": (SdgGoal, "number", "sdgs"),
    "country": (Country, "iso2", "countries"),
}
# Shares of the fresh addresses: a second value of a facet (OR-ed), a year range, filters with a search.
TWO_VALUES, YEAR_RANGE, FILTERED_SEARCH = 0.2, 0.15, 0.5
# Draws in a row that give only addresses asked already, before a list of fresh addresses is at its end.
GIVE_UP_AFTER = 10_000


class Addresses:
    """The addresses of a scenario, handed out one at a time by ``next()`` (the load client's threads
    share it, under a lock).

    Hot (``once=False``): the same few again and again. Fresh (``once=True``): every address once,
    from ``source``, a list or an endless generator; should it run out, the addresses are asked again
    from the first, and ``repeated`` counts those requests, so that the table can say so.
    """

    def __init__(self, source, *, once):
        self.once = once
        self.repeated = 0
        self._source = iter(source)
        self._given = [] if once else list(source)  # fresh: every address drawn so far, in order
        self._handed = 0

    def next(self):
        if not self.once:
            path = self._given[self._handed % len(self._given)]
        elif self._handed < len(self._given) or self._draw():
            path = self._given[self._handed]
        else:
            self.repeated += 1
            path = self._given[self._handed % len(self._given)]
        self._handed += 1
        return path

    def _draw(self):
        path = next(self._source, None)
        if path is not None:
            self._given.append(path)
        return path is not None

    @property
    def examples(self):
        """The first three addresses (drawn now if need be, and asked first all the same)."""
        while self.once and len(self._given) < 3 and self._draw():
            pass
        return self._given[:3]


@dataclass
class Scenario:
    name: str
    title: str
    addresses: Addresses
    # "load": concurrent requests for a fixed time; "cycles": a curator's save, then one request,
    # again and again; "sequential": one request after another, a few times.
    kind: str = "load"
    headers: dict[str, str] = field(default_factory=dict)
    # What exactly is asked, for the notes under the table.
    detail: str = ""
    # Requested once before a sequential scenario is measured.
    warmup_path: str | None = None
    # How many case studies the first addresses list.
    matches: list[int] = field(default_factory=list)
    # "cycles": what is done before each request (a save), and what undoes it once the scenario is over.
    before_each: Callable[[], None] | None = None
    finish: Callable[[], None] | None = None

    @property
    def path(self):
        """The first address: the only one of the static file, the export and the cycles."""
        return self.addresses.examples[0]


def hot(*paths):
    return Addresses(paths, once=False)


def fresh(source):
    return Addresses(source, once=True)


def address(name, *args):
    """The English address of a page, as the URL contract writes it, whatever language the last
    in-process request left active in this thread."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(name, args=args)


def in_french(path):
    """``path`` (an English address of the URL contract) under /fr/."""
    return f"/fr{path}"


def catalogue_path(params=None):
    """The catalogue's address for ``params``: a name and a value, or a name and a list of values."""
    query = QueryDict(mutable=True)
    for name, value in (params or {}).items():
        query.setlist(name, [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)])
    return address("casestudies:list") + (f"?{query.urlencode()}" if query else "")


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
    return {"region": region.slug, "theme": theme.slug, "modality": modality}


def facet_options():
    """For each facet, the keys of the options that at least one published case study is filed
    under, in key order: the values a facet link can lead to with something listed."""
    options = {}
    for name, (model, key, path) in FACETS.items():
        filed = CaseStudy.objects.published().filter(**{path: OuterRef("pk")})
        keys = model.objects.filter(Exists(filed)).order_by(key).values_list(key, flat=True)
        if keys := [str(key) for key in keys]:
            options[name] = keys
    return options


def year_span():
    """The first and last start years of the published case studies, or None when none has one."""
    years = CaseStudy.objects.published().aggregate(first=Min("start_year"), last=Max("start_year"))
    return (years["first"], years["last"]) if years["first"] is not None else None


def sample(seed, size, *fields):
    """``fields`` of ``size`` published case studies drawn by PostgreSQL, the same for a seed every
    time, without reading the others into memory."""
    draw = MD5(Concat(Value(f"{seed}:"), Cast("pk", CharField())))
    return list(CaseStudy.objects.published().annotate(draw=draw).order_by("draw").values_list(*fields)[:size])


def search_words(pks):
    """The words of the titles and summaries of the case studies ``pks``, one word per stem, each
    with its stem as PostgreSQL's search reads it; words that the search leaves out (the, between,
    ...) are not among them, since a search of them alone is no search. In alphabetical order."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT ON (stem) word, stem
            FROM (
                SELECT word, array_to_string(tsvector_to_array(to_tsvector('english', word)), ' ') AS stem
                FROM casestudies_casestudy,
                     regexp_split_to_table(lower(title || ' ' || summary), '[^a-z]+') AS word
                WHERE id = ANY(%s) AND length(word) >= 3
            ) AS words
            WHERE stem <> ''
            ORDER BY stem, word
            """,
            [list(pks)],
        )
        return sorted(cursor.fetchall())


def draw_filters(rng, options, years):
    """One to three facets with one of their values (sometimes two), and now and then a year range."""
    names = rng.sample(sorted(options), rng.randint(1, min(3, len(options))))
    params = {}
    for name in [name for name in FACETS if name in names]:
        values = options[name]
        count = 2 if len(values) > 1 and rng.random() < TWO_VALUES else 1
        params[name] = sorted(rng.sample(values, count))
    if years and rng.random() < YEAR_RANGE:
        params["year_from"], params["year_to"] = sorted(rng.randint(*years) for _ in range(2))
    return params


def identity(params, stems=()):
    """What makes a query the same as another whatever the order of its parts: no two fresh addresses
    may share it (a site that caches by the query as understood would answer the second from cache)."""
    parts = {name: tuple(value) if isinstance(value, list) else (value,) for name, value in params.items()}
    return frozenset(parts.items()) | {("q", frozenset(stems))}


def never_asked(draw, seed, asked_elsewhere=()):
    """Endless new addresses: ``draw(rng)`` gives ``(identity, address)``, and an address whose
    identity came before, here or in a hot scenario (``asked_elsewhere``), is drawn again. Ends only
    when ``GIVE_UP_AFTER`` draws in a row bring nothing new (a tiny catalogue)."""
    rng = random.Random(seed)
    seen = set(asked_elsewhere)
    misses = 0
    while misses < GIVE_UP_AFTER:
        key, path = draw(rng)
        if key in seen:
            misses += 1
            continue
        seen.add(key)
        misses = 0
        yield path


def fresh_filters(seed, options, years, hot_queries):
    def draw(rng):
        params = draw_filters(rng, options, years)
        return identity(params), catalogue_path(params)

    return never_asked(draw, f"{seed}:filters", [identity(params) for params in hot_queries])


def fresh_searches(seed, words, options, years):
    """One or two words (``(word, stem)`` pairs), in about half of the searches with filters too."""

    def draw(rng):
        chosen = rng.sample(words, min(len(words), rng.choice([1, 2])))
        params = {"q": " ".join(word for word, _ in chosen)}
        filters = draw_filters(rng, options, years) if rng.random() < FILTERED_SEARCH else {}
        return identity(filters, [stem for _, stem in chosen]), catalogue_path({**params, **filters})

    return never_asked(draw, f"{seed}:search", [identity({}, stems(words)) for words in COMMON_WORDS])


def stems(text):
    """The stems of ``text``'s words, as PostgreSQL's search reads them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(to_tsvector('english', %s))", [text])
        return cursor.fetchone()[0]


def staff_session(client):
    """A curator signed in through the test client: its session lives in the database that the
    server reads, so its cookie signs the load client in too."""
    user, _ = get_user_model().objects.get_or_create(username=STAFF_USERNAME, defaults={"is_staff": True})
    user.groups.add(Group.objects.get(name="Curator"))
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    name = settings.SESSION_COOKIE_NAME
    return {"Cookie": f"{name}={client.cookies[name].value}"}


class CuratorSaves:
    """A curator's save, one published case study after another: its summary changed and
    ``save()`` called in a transaction, as the admin's "Save" does, so that every signal runs and
    the catalogue's version rises. ``restore`` saves each summary back as it was."""

    MARK = " (Checked again.)"

    def __init__(self, pks):
        self.pks = itertools.cycle(pks)
        self.originals = {}

    def __call__(self):
        case_study = CaseStudy.objects.get(pk=next(self.pks))
        original = self.originals.setdefault(case_study.pk, case_study.summary)
        case_study.summary = original if case_study.summary != original else original + self.MARK
        with transaction.atomic():
            case_study.save()

    def restore(self):
        for pk, summary in self.originals.items():
            case_study = CaseStudy.objects.get(pk=pk)
            if case_study.summary != summary:
                case_study.summary = summary
                with transaction.atomic():
                    case_study.save()
        self.originals.clear()


def listing(name, title, detail, addresses):
    """A catalogue scenario; it also records how many case studies its first addresses list."""
    return Scenario(name, title, addresses, detail=detail, matches=[matches(path) for path in addresses.examples])


def build(staff_client, seed):
    """Every scenario, in the order they run; the static reference first."""
    busiest = busiest_filters()
    region = {"region": busiest["region"]}
    options, years = facet_options(), year_span()
    slugs_and_pks = sample(seed, CASE_STUDY_SAMPLE, "slug", "pk")
    pks = [pk for _, pk in slugs_and_pks]
    words = search_words(pks[:TEXT_SAMPLE])
    admin_words = [word for word, _ in random.Random(f"{seed}:admin").sample(words, len(words))]
    staff = staff_session(staff_client)
    saves = CuratorSaves(pks[:SAVED_SAMPLE])
    changelist = reverse("admin:casestudies_casestudy_changelist")
    facets = ", ".join(options)
    return [
        Scenario(
            "static",
            "static file (reference)",
            hot(settings.STATIC_URL.rstrip("/") + "/" + STATIC_REFERENCE),
            detail="the unfiltered catalogue page saved as a static file, served by whitenoise",
        ),
        listing("catalogue", "catalogue, cached", "unfiltered, first page", hot(catalogue_path())),
        listing("region", "catalogue, one region", f"region={region['region']}", hot(catalogue_path(region))),
        listing(
            "three-filters",
            "catalogue, three filters",
            ", ".join(f"{name}={value}" for name, value in busiest.items()),
            hot(catalogue_path(busiest)),
        ),
        listing(
            "filters-fresh",
            "filters, each new",
            f"1 to 3 of {facets}, a value each (two in {TWO_VALUES:.0%}), a year range in {YEAR_RANGE:.0%}",
            fresh(fresh_filters(seed, options, years, [{}, region, busiest])),
        ),
        listing(
            "search-common",
            "search, common words",
            "q=" + " | ".join(COMMON_WORDS) + ", asked again and again",
            hot(*(catalogue_path({"q": word}) for word in COMMON_WORDS)),
        ),
        listing(
            "search-fresh",
            "search, each new",
            f"1 or 2 of {len(words):,} words of titles and summaries, with filters in {FILTERED_SEARCH:.0%}",
            fresh(fresh_searches(seed, words, options, years)),
        ),
        Scenario(
            "case-study",
            "case-study pages, each new",
            fresh([address("casestudies:detail", slug) for slug, _ in slugs_and_pks]),
            detail=f"{len(slugs_and_pks):,} published case studies, each once",
        ),
        # The same questions in French: its own pages, labels and cached entries (issue 16).
        listing(
            "catalogue-fr", "catalogue in French, cached", "unfiltered, first page", hot(in_french(catalogue_path()))
        ),
        listing(
            "filters-fresh-fr",
            "filters in French, each new",
            "as filters-fresh, other combinations, under /fr/",
            fresh(in_french(path) for path in fresh_filters(f"{seed}:fr", options, years, [{}, region, busiest])),
        ),
        listing(
            "search-fresh-fr",
            "search in French, each new",
            "as search-fresh, other words and filters, under /fr/",
            fresh(in_french(path) for path in fresh_searches(f"{seed}:fr", words, options, years)),
        ),
        Scenario(
            "case-study-fr",
            "case-study pages in French, each new",
            fresh([in_french(address("casestudies:detail", slug)) for slug, _ in reversed(slugs_and_pks)]),
            detail=f"{len(slugs_and_pks):,} published case studies, each once, under /fr/",
        ),
        Scenario(
            "after-save",
            "catalogue after a save",
            hot(catalogue_path()),
            kind="cycles",
            detail=f"a curator saves one of {len(pks[:SAVED_SAMPLE])} published case studies, then one request",
            before_each=saves,
            finish=saves.restore,
        ),
        Scenario(
            "admin",
            "admin changelist",
            hot(changelist),
            headers=staff,
            detail="first page, signed in as a curator",
        ),
        Scenario(
            "admin-search",
            "admin search, each new",
            fresh([f"{changelist}?{urlencode({'q': word})}" for word in admin_words]),
            headers=staff,
            detail=f"q= one of {len(admin_words):,} words of titles and summaries, each once, signed in as a curator",
        ),
        Scenario(
            "export-csv",
            "CSV export, all rows",
            hot(address("casestudies:export-csv")),
            kind="sequential",
            detail="the whole published catalogue, one export at a time",
            warmup_path=address("casestudies:export-csv") + "?q=honduras",
        ),
    ]


def count_queries(client, scenario, requests=4):
    """SQL queries of the scenario's first requests, served in-process by the test client against
    the same database (``client`` is signed in when the scenario is). The first request may fill
    a cache; the rest show the steady state. A fresh scenario's addresses counted here are not
    asked again by the load; a cycle is counted with its save."""
    counts = []
    for _ in range(1 if scenario.kind == "sequential" else requests):
        path = scenario.path if scenario.kind != "load" else scenario.addresses.next()
        if scenario.before_each:
            scenario.before_each()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            if response.streaming:  # read to the end, a part at a time: at 1,000,000 the export is a gigabyte
                for _part in response.streaming_content:
                    pass
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} in-process")
        counts.append(len(queries))
    return counts
