"""What the catalogue page shows around its results: facets as links, removable chips, the page.

Every link is the page's own query with one thing changed, so the address is always the
shareable state of the page, and everything works without JavaScript.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.urls import reverse

from sstc.origin import absolute

from .caching import cached
from .filters import SORTS, Option, facet_counts
from .models import CaseStudy

PAGE_SIZE = 20


def query_string(params):
    """``?…`` for a link; a bare ``?`` (not an empty link, which keeps the current query) when empty."""
    return f"?{params.urlencode()}"


def with_changed(params, name, add=None, remove=None):
    """The query string of ``params`` with one value added or removed, back on the first page.

    Built from pairs rather than a copy of the QueryDict: a page has hundreds of these links, and
    copying deep-copies every list (half the page's time at 100,000 case studies).
    """
    lists = {key: values for key, values in params.lists() if key != "page"}
    values = [value for value in lists.get(name, []) if value != remove]
    if add is not None:
        values.append(add)
    lists[name] = values
    return f"?{urlencode([(key, value) for key, values in lists.items() for value in values])}"


@dataclass
class Facet:
    name: str
    label: str
    options: list[Option]

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


@dataclass
class Chip:
    label: str
    remove_url: str


class CountedPaginator(Paginator):
    """A paginator told how many results there are, rather than counting them again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count


def counts(request, query):
    """``(number of results, facet counts)``: the costly part of the page at 100,000 case studies.

    Neither depends on the page or the order, so every page and order of one query shares them,
    kept in the cache for this version of the catalogue (``caching.py``).
    """

    def count():
        total = query.case_studies.count()
        return total, facet_counts(query, total)

    return cached(request, "catalogue-counts", understood(query, but={"page", "sort"}), count)


def understood(query, but=()):
    """The query as understood, in one order, for a cache key: equal queries share an entry."""
    return sorted((name, sorted(values)) for name, values in query.params.lists() if name not in but)


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


def facets(query, counted):
    """The facets with the counts of :func:`counts`, each option carrying the link that toggles it."""
    result = []
    for name, options in counted.items():
        for option in options:
            if option.selected:
                option.url = with_changed(query.params, name, remove=option.key)
            else:
                option.url = with_changed(query.params, name, add=option.key)
        result.append(Facet(name, query.filterset.filters[name].label, options))
    return result


def chips(query, facet_list):
    """One removable chip for each active filter."""
    params = query.params
    result = []
    if text := query.value("q"):
        result.append(Chip(f"Search: “{text}”", with_changed(params, "q", remove=text)))
    for facet in facet_list:
        for option in facet.selected:
            result.append(Chip(f"{facet.label}: {option.label}", option.url))
    for name, words in (("year_from", "From"), ("year_to", "Up to")):
        if year := query.value(name):
            result.append(Chip(f"{words} {year}", with_changed(params, name, remove=str(year))))
    return result


def page_url(params, number):
    """The query string of page ``number`` of the same results."""
    changed = params.copy()
    changed.pop("page", None)
    if number > 1:
        changed["page"] = str(number)
    return query_string(changed)


def addresses(request, query, page):
    """The links of a page of results, all built from the query as understood: what was left
    out (an unknown value, a tracking tag) is no part of them."""
    return {
        "previous_page": page.has_previous() and page_url(query.params, page.previous_page_number()),
        "next_page": page.has_next() and page_url(query.params, page.next_page_number()),
        "canonical": absolute(reverse("casestudies:list") + page_url(query.params, page.number).rstrip("?")),
        "export_query": page_url(query.params, 1).removeprefix("?"),
    }


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


def sort_choices(query):
    current = query.value("sort") or ("relevance" if query.value("q") else "-start_year")
    return [(key, label, key == current) for key, label in SORTS.items()]
