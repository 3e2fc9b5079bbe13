"""The catalogue page, built in one road: :func:`page_context`.

The road reads the query (``filters.read_query``), counts the results and the facets (kept in
the cache for this version of the catalogue), chooses the page and fills it, then builds what
the page shows around its results: facets as links, removable chips, the sorts and the links of
the page. Every link is the page's own query with one thing changed, so the address is always
the shareable state of the page, and everything works without JavaScript. The exports read the
same query (``filters.read_query``) and nothing else of this module.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.caching import cached
from sstc.origin import absolute

from .filters import SORTS, chosen_sort, read_query
from .models import CaseStudy

PAGE_SIZE = 20


def page_context(request):
    """Everything the catalogue page shows, for the request's query, in the order it is worked out."""
    query = read_query(request.GET)
    total, counted = counts(request, query)
    page, page_problem = choose_page(query.case_studies, request.GET.get("page"), total)
    fill(request, query, page)
    facet_list = facets(query, counted)
    chip_list = chips(query, facet_list)
    return {
        "page": page,
        "query": query,
        "problems": query.problems + ([page_problem] if page_problem else []),
        "facets": facet_list,
        "chips": chip_list,
        "filters_chosen": sum(1 for chip in chip_list if not chip.search),
        "near": near_searches(request, query, facet_list) if total == 0 else [],
        "sorts": sort_choices(query),
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


# Counting and filling: the costly part of the page at 100,000 case studies.


def counts(request, query):
    """``(number of results, facet counts)``.

    Neither depends on the page or the order, so every page and order of one query shares them,
    kept in the cache for this version of the catalogue (``core/caching.py``).
    """

    def count():
        total = query.case_studies.count()
        return total, facet_counts(query, total)

    return cached(request, "catalogue-counts", understood(query, but={"page", "sort"}), count)


def understood(query, but=()):
    """The query as understood, in one order, for a cache key: equal queries share an entry."""
    return sorted((name, sorted(values)) for name, values in query.params.lists() if name not in but)


def facet_counts(query, total):
    """``{parameter: [Option, ...]}``, one grouped query per facet.

    The number beside an option is the number of case studies its link lists. An option of a
    facet with nothing chosen yet gives the case studies that every other filter lets through
    and that have it. Where options of the same facet are chosen, its link adds it to them
    (values of one parameter are OR-ed), so it gives the ``total`` shown now plus those it adds.
    Beside a chosen option is how many of the case studies shown have it.
    """
    shown = query.case_studies.order_by().values("pk")
    result = {}
    for name, facet in query.filterset.facets.items():
        path = facet.counted_through
        others = query.filterset.filter_queryset_without(name).order_by().values("pk")
        selected = {str(value) for value in (query.value(name) or [])}
        in_others = Q(**{f"{path}__in": others})
        # Through one relation an option meets each case study once; through two (a region's
        # countries, a kind of partner's organisations) maybe more, so only there is DISTINCT
        # needed, which halves the other facets' time at 100,000 case studies.
        distinct = "__" in path
        annotations = {"hits": Count(path, filter=in_others, distinct=distinct)}
        if selected:
            annotations["added"] = Count(path, filter=in_others & ~Q(**{f"{path}__in": shown}), distinct=distinct)
        described = ["summary"] if facet.explained_at else []
        grouped = [facet.grouped_by] if facet.grouped_by else []
        rows = facet.option_model.objects.annotate(**annotations).values(
            facet.key, facet.shown_as, *described, *grouped, *annotations
        )
        options = []
        for row in rows:
            option_key, hits = str(row[facet.key]), row["hits"]
            chosen = option_key in selected
            adds = row["added"] if selected and not chosen else None
            if hits or chosen or not facet.sparse:
                option = Option(
                    option_key,
                    row[facet.shown_as],
                    hits if adds is None else total + adds,
                    chosen,
                    available=hits > 0,
                    added=adds,
                    summary=row.get("summary", ""),
                    explained_at=reverse(facet.explained_at, args=[option_key]) if facet.explained_at else "",
                    group=row.get(facet.grouped_by) or "" if facet.grouped_by else "",
                )
                options.append(option)
        if facet.grouped_by:
            options.sort(key=lambda option: option.label)
        result[name] = options
    return result


def fill(request, query, page):
    """Put the case studies of ``page`` in it, in order.

    Their ids are kept in the cache for this version of the catalogue: ordering by relevance
    ranks every case study a common word finds (a second at 100,000 case studies), and the
    same search asked again need not rank them again.
    """
    ids = cached(
        request,
        "catalogue-page",
        (understood(query, but={"page"}), page.number),
        lambda: list(page.object_list.values_list("pk", flat=True)),
    )
    rows = CaseStudy.objects.for_list().in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def choose_page(case_studies, number, count):
    """The asked page of the ``count`` results, or the nearest one and a sentence saying why."""
    paginator = CountedPaginator(case_studies, PAGE_SIZE, count)
    if number is None or number == "":
        return paginator.page(1), None
    try:
        asked = int(number)
    except ValueError:
        return paginator.page(1), f"Page “{number[:20]}” is not a page number, so the first page is shown."
    if asked < 1:
        return paginator.page(1), f"There is no page {asked}, so the first page is shown."
    if asked > paginator.num_pages:
        last = paginator.num_pages
        pages = "is only 1 page" if last == 1 else f"are only {last} pages"
        return paginator.page(last), f"There {pages} of results, so the last one is shown."
    return paginator.page(asked), None


# Around the results: facets, chips, sorts and links, each a link to the same query with one change.


def facets(query, counted):
    """The facets with the counts of :func:`counts`, each option carrying the link that toggles it,
    marked ``nofollow`` where that link leads into a :func:`crawl_trap`."""
    result = []
    chosen = chosen_per_facet(query)
    for name, facet in query.filterset.facets.items():
        options = counted[name]
        elsewhere = any(number > 1 for other, number in chosen.items() if other != name)
        for option in options:
            if option.selected:
                option.url = with_changed(query.params, name, remove=option.key)
                option.nofollow = elsewhere or chosen[name] - 1 > 1
            else:
                option.url = with_changed(query.params, name, add=option.key)
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
        result.append(Chip(f"Search: “{text}”", with_changed(params, "q", remove=text), search=True))
    for facet in facet_list:
        for option in facet.selected:
            result.append(Chip(f"{facet.label}: {option.label}", option.url))
    for name, words in (("year_from", "From"), ("year_to", "Up to")):
        if year := query.value(name):
            result.append(Chip(f"{words} {year}", with_changed(params, name, remove=str(year))))
    return result


def near_searches(request, query, facet_list):
    """When nothing matches: the query without each of its parameters in turn, with how many
    case studies each would list, most first; those that list some name what emptied the list.

    One count per parameter present, kept in the cache for this version of the catalogue.
    """
    params = query.params
    asked = []
    if text := query.value("q"):
        asked.append(("q", _("the search “%(text)s”") % {"text": text}))
    for facet in facet_list:
        if facet.selected:
            names = ", ".join(option.label for option in facet.selected)
            asked.append((facet.name, f"{facet.label} ({names})"))
    for name, words in (("year_from", _("from %(year)s")), ("year_to", _("up to %(year)s"))):
        if year := query.value(name):
            asked.append((name, words % {"year": year}))

    def count():
        return [query.filterset.filter_queryset_without(name).count() for name, _label in asked]

    counted = cached(request, "catalogue-near", understood(query, but={"page", "sort"}), count)
    result = [
        NearSearch(label, with_changed(params, name, remove_all=True), number)
        for (name, label), number in zip(asked, counted, strict=True)
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
        "export_query": page_url(query.params, 1).removeprefix("?"),
    }


def with_changed(params, name, add=None, remove=None, remove_all=False):
    """The query string of ``params`` with one value added or removed, back on the first page.

    Built from pairs rather than a copy of the QueryDict: a page has hundreds of these links, and
    copying deep-copies every list (half the page's time at 100,000 case studies).
    """
    lists = {key: values for key, values in params.lists() if key != "page"}
    values = [] if remove_all else [value for value in lists.get(name, []) if value != remove]
    if add is not None:
        values.append(add)
    lists[name] = values
    return f"?{urlencode([(key, value) for key, values in lists.items() for value in values])}"


def page_url(params, number):
    """The query string of page ``number`` of the same results; a bare ``?`` (not an empty link,
    which keeps the current query) when there is nothing to say."""
    changed = params.copy()
    changed.pop("page", None)
    if number > 1:
        changed["page"] = str(number)
    return f"?{changed.urlencode()}"
