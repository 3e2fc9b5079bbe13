"""The catalogue's index: which published case studies each option of each facet leads to.

For every option of every facet (a region, a theme, a country...) the index holds the set of
published case studies that have it, as a compressed bitmap of their ids (pyroaring), and the
same for their start and end years. A question never asked before is then counted in memory:
the nine facets' counts of any combination of filters are a few hundred intersections of
bitmaps, well under a millisecond at 100,000 case studies, where grouped queries over the link
tables took seconds.

PostgreSQL stays the source of truth; the index is derived from it and kept in step with it:

- **Built** from the database by :func:`build` (``manage.py build_catalogue_index``, or by the
  first request that finds no index), in one query per facet.
- **Kept in step** through a log in the database (``IndexChange``): every write the public can
  see (a save, a publish or withdrawal, a relation changed, a partner's kind, a country's
  region, an import, a revert) notes the case studies it touched, in its own transaction
  (:func:`record`, from ``signals.py``). A request that finds the catalogue's version changed
  reads the log from where its index stopped and reads those case studies again: a curator's
  save costs the next reader a few small queries, not a rebuild. A bulk write notes its rows
  itself (``CaseStudyQuerySet.change``) or asks for a rebuild (``seed_synthetic``).
- **Shared** by every app server: an index built from nothing is kept in Django's cache (Redis
  in production) with the last change it holds, so that another process or server starts from
  it and reads only the log after it. Each process then keeps its own copy in memory.

Nothing here decides what a count means: ``catalogue.py`` asks for bitmaps and counts them the
way the SQL did (OR within a parameter, AND across).
"""

import logging
import threading
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.db import transaction
from pyroaring import BitMap, FrozenBitMap

from core.caching import CACHE_ERRORS, catalogue_version
from core.models import CatalogueVersion

from .models import CaseStudy, IndexChange

logger = logging.getLogger(__name__)

# Where the shared copy of the index lives in Django's cache, and for how long.
SHARED_KEY = "catalogue-index"
SHARED_TIMEOUT = 7 * 24 * 60 * 60
# More changes than this since the shared copy, and a process that read them shares its copy.
SHARE_AFTER = 1000
# More changed case studies than this at once are read back by building the whole index again.
REBUILD_AFTER = 20000

EMPTY = FrozenBitMap()


def facet_links():
    """``{facet: the path from a case study to the option's id}``, from the facets' declarations."""
    from .filters import CaseStudyFilter

    return {name: facet.option_link for name, facet in CaseStudyFilter().facets.items()}


@dataclass(frozen=True)
class CatalogueIndex:
    """The published case studies as bitmaps of ids; never changed in place once built, so that
    the threads of a process may read it while another makes the next one."""

    published: FrozenBitMap
    options: dict  # {facet: {option id: FrozenBitMap of case-study ids}}
    starts: dict  # {start year or None: FrozenBitMap}
    ends: dict  # {end year or None: FrozenBitMap}
    last_change: tuple = (0, None)  # (id, at) of the last IndexChange it holds
    version: str = ""  # the catalogue's version it was last found current for

    def chosen(self, facet, option_ids):
        """The case studies that have any of ``option_ids`` (values of one parameter are OR-ed)."""
        bitmaps = self.options.get(facet, {})
        return BitMap.union(BitMap(), *(bitmaps.get(option_id, EMPTY) for option_id in option_ids))

    def from_year(self, year):
        """Case studies that end in or after ``year``, or go on (no end year, a start year)."""
        ongoing = self.ends.get(None, EMPTY) - self.starts.get(None, EMPTY)
        return BitMap.union(BitMap(ongoing), *(bm for end, bm in self.ends.items() if end is not None and end >= year))

    def to_year(self, year):
        """Case studies that start in or before ``year``, or have no start year and end by then."""
        started = BitMap.union(
            BitMap(), *(bm for start, bm in self.starts.items() if start is not None and start <= year)
        )
        ended = BitMap.union(BitMap(), *(bm for end, bm in self.ends.items() if end is not None and end <= year))
        return started | (self.starts.get(None, EMPTY) & ended)

    def counts(self, facet, within):
        """``{option id: how many of within have it}`` for every option of ``facet`` that any case study has."""
        return {option_id: within.intersection_cardinality(bm) for option_id, bm in self.options.get(facet, {}).items()}

    def size(self):
        """Bytes of the bitmaps, serialised: about what the index costs in memory."""
        bitmaps = [self.published, *self.starts.values(), *self.ends.values()]
        bitmaps += [bm for options in self.options.values() for bm in options.values()]
        return sum(len(bm.serialize()) for bm in bitmaps)


# Reading the database.


def memberships(case_studies):
    """``(published ids, {facet: {option id: [ids]}}, {start: [ids]}, {end: [ids]})`` of the
    published case studies among ``case_studies``: one query per facet, and one for the years."""
    published = case_studies.filter(status=CaseStudy.Status.PUBLISHED).order_by()
    ids, starts, ends = [], {}, {}
    for pk, start, end in published.values_list("pk", "start_year", "end_year").iterator(chunk_size=10000):
        ids.append(pk)
        starts.setdefault(start, []).append(pk)
        ends.setdefault(end, []).append(pk)
    options = {}
    for facet, link in facet_links().items():
        grouped = options.setdefault(facet, {})
        rows = published.filter(**{f"{link}__isnull": False}).values_list("pk", link)
        for pk, option_id in rows.iterator(chunk_size=10000):
            grouped.setdefault(option_id, []).append(pk)
    return ids, options, starts, ends


def frozen(groups):
    return {key: FrozenBitMap(ids) for key, ids in groups.items()}


def build():
    """The whole index, from the database: what ``build_catalogue_index`` runs."""
    with transaction.atomic():
        # Changes noted after this one are read from the log; reading it first misses none.
        last = IndexChange.objects.order_by("-pk").values_list("pk", "at").first() or (0, None)
        ids, options, starts, ends = memberships(CaseStudy.objects.all())
    return CatalogueIndex(
        published=FrozenBitMap(ids),
        options={facet: frozen(groups) for facet, groups in options.items()},
        starts=frozen(starts),
        ends=frozen(ends),
        last_change=last,
    )


def updated(index, case_study_ids):
    """``index`` with ``case_study_ids`` read again from the database (each as it now stands:
    published or not, its options and years)."""
    changed = BitMap(case_study_ids)
    ids, options, starts, ends = memberships(CaseStudy.objects.filter(pk__in=list(changed)))

    def renewed(groups, fresh):
        result = {}
        for key in groups.keys() | fresh.keys():
            old = groups.get(key, EMPTY)
            new = BitMap(fresh.get(key, ()))
            if old.intersection_cardinality(changed) or new:
                result[key] = FrozenBitMap((old - changed) | new)
            else:
                result[key] = old
        return {key: bm for key, bm in result.items() if bm}

    return replace(
        index,
        published=FrozenBitMap((index.published - changed) | BitMap(ids)),
        options={facet: renewed(index.options.get(facet, {}), options.get(facet, {})) for facet in facet_links()},
        starts=renewed(index.starts, starts),
        ends=renewed(index.ends, ends),
    )


# Keeping in step: the log, written by every change and read by every process.


def record(case_study_ids=None):
    """Note, in the transaction of the change, that these case studies changed (``None``: that
    the whole index is to be built again). The catalogue's version is raised first, so that this
    transaction holds its row lock until it commits (see ``IndexChange``)."""
    with transaction.atomic():
        CatalogueVersion.objects.bump()
        if case_study_ids is None:
            IndexChange.objects.create(case_study_id=None)
        else:
            IndexChange.objects.bulk_create([IndexChange(case_study_id=pk) for pk in set(case_study_ids)])


def caught_up(index):
    """``index`` with every change noted since its last one, or a new build when the log does not
    go on from it (a database restored, or rolled back past it) or asks for one."""
    last_id, last_at = index.last_change
    if last_id and not IndexChange.objects.filter(pk=last_id, at=last_at).exists():
        return build(), True
    changes = list(IndexChange.objects.filter(pk__gt=last_id).order_by("pk").values_list("pk", "at", "case_study_id"))
    if not changes:
        return index, False
    case_study_ids = {case_study_id for _pk, _at, case_study_id in changes}
    if None in case_study_ids or len(case_study_ids) > REBUILD_AFTER:
        return build(), True
    pk, at, _case_study_id = changes[-1]
    return replace(updated(index, case_study_ids), last_change=(pk, at)), len(changes) > SHARE_AFTER


@dataclass
class Holder:
    """This process's copy of the index, and the lock under which one thread renews it."""

    index: CatalogueIndex | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


holder = Holder()


def current(request):
    """The index as the catalogue stands for this request (its version, ``core/caching.py``)."""
    token = catalogue_version(request)[2]
    index = holder.index
    if index is not None and index.version == token:
        return index
    with holder.lock:
        index = holder.index
        if index is None or index.version != token:
            index = renewed(index)
            holder.index = index = replace(index, version=token)
    return index


def renewed(index):
    """This process's index brought up to date: from the shared copy when it has none, else by
    reading the log; a copy built or far ahead of the shared one is shared."""
    share = False
    if index is None:
        index = shared()
        if index is None:
            index, share = build(), True
    index, rebuilt = caught_up(index)
    if share or rebuilt:
        keep_shared(index)
    return index


def shared():
    try:
        return cache.get(SHARED_KEY)
    except CACHE_ERRORS:
        logger.warning("The cache did not answer; the catalogue's index is built here.", exc_info=True)
        return None


def keep_shared(index):
    try:
        cache.set(SHARED_KEY, replace(index, version=""), SHARED_TIMEOUT)
    except CACHE_ERRORS:
        logger.warning("The cache did not answer; the catalogue's index is not shared.", exc_info=True)


def forget():
    """Drop this process's copy and the shared one: the next request builds the index anew."""
    holder.index = None
    try:
        cache.delete(SHARED_KEY)
    except CACHE_ERRORS:
        logger.warning("The cache did not answer; its copy of the index expires by itself.", exc_info=True)
