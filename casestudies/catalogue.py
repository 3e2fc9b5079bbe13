"""The catalogue page, built in one road: :func:`page_context`.

The road reads the query (``filters.read_query``), counts the results and the facets in the
catalogue's index (``index.py``), whether or not the question was asked before, chooses the page
and fills it, then builds what the page shows around its results: facets as links, removable
chips, the sorts and the links of the page. Every link is the page's own query with one thing
changed, so the address is always the shareable state of the page, and everything works without
JavaScript. The exports read the same query (``filters.read_query``) and nothing else of this
module.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _
from pyroaring import FrozenBitMap

from core.caching import cached
from sstc.origin import absolute

from . import index
from .filters import SORTS, chosen_sort, read_query
from .models import TRANSLATION_LANGUAGES, CaseStudy, CaseStudyTranslation, with_shown_text

PAGE_SIZE = 20
# Results up to this many are ordered by the database among their ids; more, through the filters.
LISTED_BY_ID = 5000
# Case studies ranked above 0 up to this many are ranked among themselves (``in_order``).
RANKED_BY_ID = 20000


def page_context(request):
    """Everything the catalogue page shows, for the request's query, in the order it is worked out."""
    query = read_query(request.GET)
    results = counts(request, query)
    total = results.total
    page, page_problem = choose_page(request.GET.get("page"), total)
    fill(request, query, page, results)
    facet_list = facets(query, results.facets)
    chip_list = chips(query, facet_list)
    return {
        "page": page,
        "query": query,
        "problems": query.problems + ([page_problem] if page_problem else []),
        "facets": facet_list,
        "chips": chip_list,
        "filters_chosen": sum(1 for chip in chip_list if not chip.search),
        "near": near_searches(query, facet_list, results) if total == 0 else [],
        "sorts": sort_choices(query),
        # Links that list the case studies translated into each language (or, for the chosen one, no longer).
        "translated_links": [
            (
                code,
                name,
                with_changed(query.params, "translated", remove=code)
                if query.value("translated") == code
                else with_changed(query.params, "translated", add=code, remove_all=True),
                query.value("translated") == code,
            )
            for code, name in TRANSLATION_LANGUAGES
        ],
        "crawl_trap": crawl_trap(query),
        **addresses(query, page),
    }


# What the page is made of.


@dataclass
class Option:
    key: str
    label: str
    count: int  # what its link lists
    selected: bool
    available: bool = True  # some case study has it, with the other filters
    url: str = ""  # the page with this option toggled
    added: int | None = None  # where the facet has a choice already: how many its link adds to those shown
    summary: str = ""  # the guide's definition, where the guide defines it
    explained_at: str = ""  # its page in the guide
    group: str = ""  # the heading it is listed under (a country's region)
    nofollow: bool = False  # its link leads to a page with more than one value of a facet (crawl_trap)


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option]
    sparse: bool = False  # a long list, showing only the options that give results
    about: str = ""  # what the facet is, in the guide's terms

    @property
    def selected(self):
        return [option for option in self.options if option.selected]

    @property
    def offered(self):
        """The options a reader can choose or unchoose; those no case study has are kept apart."""
        return [option for option in self.options if option.selected or option.available]

    @property
    def unavailable(self):
        return [option for option in self.options if not (option.selected or option.available)]

    @property
    def explained(self):
        """The options the guide defines, with their definitions: what the facet's words mean."""
        return [option for option in self.options if option.summary]

    @property
    def groups(self):
        """``[(heading, options), ...]`` of the offered options, in their order, for a grouped facet."""
        result = {}
        for option in self.offered:
            result.setdefault(option.group, []).append(option)
        return sorted(result.items(), key=lambda item: (not item[0], item[0]))


@dataclass
class Chip:
    label: str
    remove_url: str
    search: bool = False  # the search's words rather than a filter


@dataclass
class NearSearch:
    """The same search without one of its parameters, offered when nothing matches all of them."""

    without: str  # what is left out, in words
    url: str
    count: int


class CountedPaginator(Paginator):
    """A paginator told how many results there are, rather than counting them again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


# Counting and filling: from the catalogue's index (``index.py``), whatever was asked before.


def counts(request, query):
    """What the query lists and its facets' counts, as :class:`Results`.

    Counted in memory from the catalogue's index, so a question never asked before costs about
    what a known one does; only a search asks the database, once per text and version of the
    catalogue (:func:`searched`).
    """
    catalogue = index.current(request)
    options = facet_options(request)
    limits = {}
    if text := query.value("q"):
        limits["q"] = searched(request, text).matches
    if language := query.value("translated"):
        limits["translated"] = translated_into(request, language)
    if (year := query.value("year_from")) is not None:
        limits["year_from"] = catalogue.from_year(year)
    if (year := query.value("year_to")) is not None:
        limits["year_to"] = catalogue.to_year(year)
    for name, facet in query.filterset.facets.items():
        if keys := {str(value) for value in query.value(name) or ()}:
            ids = [row["pk"] for row in options[name] if str(row[facet.key]) in keys]
            limits[name] = catalogue.chosen(name, ids)
    results = Results(catalogue, limits)
    results.facets = facet_counts(query, catalogue, options, results)
    return results


@dataclass
class Results:
    """The case studies a query lists, as the intersection of what each of its parameters lets
    through (``limits``: the search's finds, the years', each facet's chosen options OR-ed)."""

    catalogue: index.CatalogueIndex
    limits: dict
    facets: dict = field(default_factory=dict)  # {parameter: [Option, ...]}

    def __post_init__(self):
        self.shown = self.without(None)
        self.total = len(self.shown)

    def without(self, name):
        """What every parameter but ``name`` lets through: a facet's own counts, a near search."""
        result = self.catalogue.published
        for other, bitmap in self.limits.items():
            if other != name:
                result = result & bitmap
        return result


def understood(query, but=()):
    """The query as understood, in one order, for a cache key: equal queries share an entry."""
    return sorted((name, sorted(values)) for name, values in query.params.lists() if name not in but)


def facet_options(request):
    """``{facet: [row, ...]}``: each facet's options as the page names them, in their order; the
    same for every query, so kept in the cache for this version of the catalogue."""

    def read():
        from .filters import CaseStudyFilter

        result = {}
        for name, facet in CaseStudyFilter().facets.items():
            described = ["summary"] if facet.explained_at else []
            grouped = [facet.grouped_by] if facet.grouped_by else []
            rows = list(facet.option_model.objects.values("pk", facet.key, facet.shown_as, *described, *grouped))
            for row in rows:  # the address of its definition in the guide, written once per version
                row["explained_at"] = reverse(facet.explained_at, args=[row[facet.key]]) if facet.explained_at else ""
            result[name] = rows
        return result

    return cached(request, "facet-options", (), read)


@dataclass(frozen=True)
class Found:
    """What a search finds among the published case studies (``matches``) and, on PostgreSQL,
    those of them whose rank is above 0 (``rankable``: one of its words in their title or summary)."""

    matches: FrozenBitMap
    rankable: FrozenBitMap = index.EMPTY


def translated_into(request, language):
    """The case studies translated into ``language``, as a bitmap, read once per version of the catalogue."""

    def read():
        translations = CaseStudyTranslation.objects.filter(language=language)
        return FrozenBitMap(translations.values_list("case_study_id", flat=True))

    return cached(request, "catalogue-translated", language, read)


def searched(request, text):
    """What a search finds, as bitmaps (:class:`Found`): the one question the index cannot answer,
    asked of the database once per text and version of the catalogue."""
    return cached(request, "catalogue-found", text, lambda: found(text))


def found(text):
    """The search's matches, through the GIN index of their search vectors.

    For a common word PostgreSQL's planner expects most rows to match and reads the whole table,
    opening every case study's search vector (kilobytes each: 1.7 s at 100,000 case studies),
    where the GIN index names the same rows without them (0.1 s); so its sequential scan is
    turned off for this one query. Each row read tells, from its small title-and-summary vector,
    whether it ranks above 0, which saves ranking a common word's every match.
    """
    published = CaseStudy.objects.published().order_by()
    if connection.vendor != "postgresql":
        return Found(FrozenBitMap(published.matching(text).values_list("pk", flat=True)))
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        rows = list(published.in_english(text).marked_rankable(text).values_list("pk", "rankable"))
    matches = FrozenBitMap(pk for pk, _rankable in rows)
    language = get_language()
    if language != settings.LANGUAGE_CODE:
        # What the words find in the translations, through their own index: in the same query an
        # OR would read every case study. These rank after those whose English title names a word.
        matches = matches | FrozenBitMap(published.translated_matching(text, language).values_list("pk", flat=True))
    return Found(matches, FrozenBitMap(pk for pk, rankable in rows if rankable))


def facet_counts(query, catalogue, options, results):
    """``{parameter: [Option, ...]}``, counted in the index.

    The number beside an option is the number of case studies its link lists. An option of a
    facet with nothing chosen yet gives the case studies that every other filter lets through
    and that have it. Where options of the same facet are chosen, its link adds it to them
    (values of one parameter are OR-ed), so it gives the ``total`` shown now plus those it adds.
    Beside a chosen option is how many of the case studies shown have it.
    """
    total = results.total
    result = {}
    for name, facet in query.filterset.facets.items():
        hits = catalogue.counts(name, results.without(name))
        selected = {str(value) for value in (query.value(name) or [])}
        in_shown = catalogue.counts(name, results.shown) if selected else {}
        options_ = []
        for row in options[name]:
            option_key, count = str(row[facet.key]), hits.get(row["pk"], 0)
            chosen_here = option_key in selected
            adds = count - in_shown.get(row["pk"], 0) if selected and not chosen_here else None
            if count or chosen_here or not facet.sparse:
                option = Option(
                    option_key,
                    row[facet.shown_as],
                    count if adds is None else total + adds,
                    chosen_here,
                    available=count > 0,
                    added=adds,
                    summary=row.get("summary", ""),
                    explained_at=row["explained_at"],
                    group=row.get(facet.grouped_by) or "" if facet.grouped_by else "",
                )
                options_.append(option)
        if facet.grouped_by:
            options_.sort(key=lambda option: option.label)
        result[name] = options_
    return result


def fill(request, query, page, results):
    """Put the case studies of ``page`` in it, in order; their ids are kept in the cache for this
    version of the catalogue."""
    shown = results.shown

    def ids():
        start, end = page.start_index() - 1, page.end_index()
        sort = chosen_sort(query.value("sort"), searching=bool(query.value("q")))
        if sort in {"-start_year", "start_year"} or (sort == "relevance" and not query.value("q")):
            return by_year(query, results, start, end, newest_first=sort != "start_year")
        return list(in_order(request, query, shown, end)[start:end].values_list("pk", flat=True))

    page_ids = cached(request, "catalogue-page", (understood(query, but={"page"}), page.number), ids) if shown else []
    rows = CaseStudy.objects.for_list().in_bulk(page_ids)
    # Each with its words in the page's language (one query more, in a language besides English).
    page.object_list = with_shown_text(rows[pk] for pk in page_ids if pk in rows)
    return page


def by_year(query, results, start, end, *, newest_first):
    """The ids of results ``start`` to ``end`` by year (the newest or the oldest first, those with
    no start year last), then title.

    The index holds the case studies of each start year: the years before the page are counted
    there and skipped, and only those the page falls in are ordered in the database, among their
    own ids, in one query: a page costs the same at any size and however common its filters.
    """
    starts = results.catalogue.starts
    years = [*sorted((year for year in starts if year is not None), reverse=newest_first), None]
    spanned, skipped, position = [], 0, 0
    for year in years:
        if position >= end:
            break
        in_year = results.shown & starts.get(year, index.EMPTY)
        if position + len(in_year) <= start:
            skipped += len(in_year)
        elif in_year:
            spanned.append(in_year)
        position += len(in_year)
    ordered = query.filterset.ordered(CaseStudy.objects.with_ids(FrozenBitMap.union(*spanned)))
    return list(ordered[start - skipped : end - skipped].values_list("pk", flat=True))


def in_order(request, query, shown, end):
    """The results (``shown``, from the index) in the query's order, to be sliced up to ``end``.

    A short list is ordered by the database among its own ids. A long one is found through the
    filters in SQL, walking the catalogue's ordered indexes, which meet a page of a common result
    in its first rows. Ranking by relevance reads every match, though: where the case studies
    whose rank is above 0 (a word in their title or summary) are enough to fill the page, and
    not too many, it ranks only them, as they come before every other in that order.
    """
    filterset = query.filterset
    if len(shown) <= LISTED_BY_ID:
        return filterset.ordered(by_id(query, shown))
    text = query.value("q")
    ranking = text and chosen_sort(query.value("sort"), searching=True) == "relevance"
    if ranking and connection.vendor == "postgresql":
        ranked = shown & searched(request, text).rankable
        if end <= len(ranked) <= RANKED_BY_ID:
            return filterset.ordered(by_id(query, ranked))
    return query.case_studies


def by_id(query, shown):
    """The case studies ``shown``, found by id, with a search's rank where the order needs one."""
    listed = CaseStudy.objects.with_ids(shown)
    if text := query.value("q"):
        listed = listed.ranked(text)
    return listed


def choose_page(number, count):
    """The asked page of the ``count`` results, or the nearest one and a sentence saying why;
    :func:`fill` puts its case studies in it."""
    paginator = CountedPaginator(range(count), PAGE_SIZE, count)
    if number is None or number == "":
        return paginator.page(1), None
    try:
        asked = int(number)
    except ValueError:
        return paginator.page(1), _("Page “%(page)s” is not a page number, so the first page is shown.") % {
            "page": number[:20]
        }
    if asked < 1:
        return paginator.page(1), _("There is no page %(page)s, so the first page is shown.") % {"page": asked}
    if asked > paginator.num_pages:
        last = paginator.num_pages
        message = ngettext(
            "There is only %(count)s page of results, so the last one is shown.",
            "There are only %(count)s pages of results, so the last one is shown.",
            last,
        )
        return paginator.page(last), message % {"count": last}
    return paginator.page(asked), None


# Around the results: facets, chips, sorts and links, each a link to the same query with one change.


def facets(query, counted):
    """The facets with the counts of :func:`counts`, each option carrying the link that toggles it,
    marked ``nofollow`` where that link leads into a :func:`crawl_trap`."""
    result = []
    chosen = chosen_per_facet(query)
    links = Links(query.params)
    for name, facet in query.filterset.facets.items():
        options = counted[name]
        elsewhere = any(number > 1 for other, number in chosen.items() if other != name)
        for option in options:
            if option.selected:
                option.url = links.changed(name, remove=option.key)
                option.nofollow = elsewhere or chosen[name] - 1 > 1
            else:
                option.url = links.changed(name, add=option.key)
                option.nofollow = elsewhere or chosen[name] + 1 > 1
        result.append(Facet(name, facet.label, options, sparse=facet.sparse, about=facet.about))
    return result


def chosen_per_facet(query):
    """``{parameter: how many of its values are chosen}`` for every facet of the query as understood."""
    return {name: len(set(query.params.getlist(name))) for name in query.filterset.facets}


def crawl_trap(query):
    """Whether the page is one of the endless combinations a crawler could follow facet links into:
    more than one value of some facet. Its facet links are ``nofollow`` and it asks not to be
    indexed (but followed: its links out lead to pages worth indexing); one value per facet, a
    page a reader may well search for, stays indexed."""
    return any(number > 1 for number in chosen_per_facet(query).values())


def chips(query, facet_list):
    """One removable chip for each active filter."""
    params = query.params
    result = []
    if text := query.value("q"):
        label = _("Search: “%(text)s”") % {"text": text}
        result.append(Chip(label, with_changed(params, "q", remove=text), search=True))
    for facet in facet_list:
        for option in facet.selected:
            # Translators: a filter's chip, e.g. "Region: Africa"; %(filter)s names the filter, %(option)s its value.
            label = _("%(filter)s: %(option)s") % {"filter": facet.label, "option": option.label}
            result.append(Chip(label, option.url))
    if language := query.value("translated"):
        label = translated_label(language)
        result.append(Chip(label, with_changed(params, "translated", remove=language)))
    # Translators: a chip of the catalogue's filters: case studies from this year on, e.g. "From 2010".
    year_from = pgettext("from a year", "From %(year)s")
    # Translators: a chip of the catalogue's filters: case studies up to this year, e.g. "Up to 2015".
    year_to = pgettext("up to a year", "Up to %(year)s")
    for name, words in (("year_from", year_from), ("year_to", year_to)):
        if year := query.value(name):
            result.append(Chip(words % {"year": year}, with_changed(params, name, remove=str(year))))
    return result


def translated_label(language):
    # Translators: a filter of the catalogue, e.g. "Translated into French"; %(language)s is a language's name.
    return _("Translated into %(language)s") % {"language": dict(TRANSLATION_LANGUAGES)[language]}


def near_searches(query, facet_list, results):
    """When nothing matches: the query without each of its parameters in turn, with how many
    case studies each would list (counted in the index), most first; those that list some name
    what emptied the list."""
    params = query.params
    asked = []
    if text := query.value("q"):
        asked.append(("q", _("the search “%(text)s”") % {"text": text}))
    for facet in facet_list:
        if facet.selected:
            names = ", ".join(option.label for option in facet.selected)
            # Translators: what a near search leaves out, e.g. "Region (Africa, Asia)".
            asked.append((facet.name, _("%(filter)s (%(options)s)") % {"filter": facet.label, "options": names}))
    if language := query.value("translated"):
        asked.append(("translated", translated_label(language)))
    for name, words in (("year_from", _("from %(year)s")), ("year_to", _("up to %(year)s"))):
        if year := query.value(name):
            asked.append((name, words % {"year": year}))
    result = [
        NearSearch(label, with_changed(params, name, remove_all=True), len(results.without(name)))
        for name, label in asked
    ]
    return sorted(result, key=lambda near: -near.count)


def sort_choices(query):
    """``[(value, label, current), ...]`` for the sort menu.

    Its first choice sends no order at all (an empty ``sort``, which the contract reads as the
    default), so that a reader who types a search without touching the menu gets the best
    matches first, and without a search the newest first; it is named after what it gives on
    this page. Relevance is offered only with a search, the default's own key not twice.
    """
    searching = bool(query.value("q"))
    default = chosen_sort(None, searching=searching)
    asked = query.value("sort") or default
    choices = [("", SORTS[default], asked == default)]
    for key, label in SORTS.items():
        if key != default and (key != "relevance" or searching):
            choices.append((key, label, key == asked))
    return choices


def addresses(query, page):
    """The links of a page of results, all built from the query as understood: what was left
    out (an unknown value, a tracking tag) is no part of them."""
    return {
        "previous_page": page.has_previous() and page_url(query.params, page.previous_page_number()),
        "next_page": page.has_next() and page_url(query.params, page.next_page_number()),
        "canonical": absolute(reverse("casestudies:list") + page_url(query.params, page.number).rstrip("?")),
        # This page in the other languages (core/templatetags/languages.py): the same query.
        "page_address": reverse("casestudies:list") + page_url(query.params, page.number).rstrip("?"),
        "export_query": page_url(query.params, 1).removeprefix("?"),
    }


def with_changed(params, name, add=None, remove=None, remove_all=False):
    """The query string of ``params`` with one value added or removed, back on the first page."""
    return Links(params).changed(name, add=add, remove=remove, remove_all=remove_all)


class Links:
    """The page's query, each of its values encoded once, for the links that change one of them.

    A page has hundreds of these links: built from the encoded pairs rather than a copy of the
    QueryDict (which deep-copies every list) or a new ``urlencode`` of the whole query each.
    """

    def __init__(self, params):
        self.encoded = {
            name: [(value, urlencode([(name, value)])) for value in values]
            for name, values in params.lists()
            if name != "page"
        }

    def changed(self, name, add=None, remove=None, remove_all=False):
        """``?query`` with one value of ``name`` added or removed (or all of them)."""
        encoded = dict(self.encoded)
        kept = [] if remove_all else [pair for pair in encoded.get(name, ()) if pair[0] != remove]
        if add is not None:
            kept.append((add, urlencode([(name, add)])))
        encoded[name] = kept
        return "?" + "&".join(pair for pairs in encoded.values() for _value, pair in pairs)


def page_url(params, number):
    """The query string of page ``number`` of the same results; a bare ``?`` (not an empty link,
    which keeps the current query) when there is nothing to say."""
    changed = params.copy()
    changed.pop("page", None)
    if number > 1:
        changed["page"] = str(number)
    return f"?{changed.urlencode()}"
