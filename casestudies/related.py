"""Case studies related to one another: the "see also" of a case-study page.

Ranking every published case study by what it shares with this one reads every row of the
through tables for its countries, sub-modalities and mechanisms: tens of thousands at 100,000
case studies (150 ms a page, measured). So the ranking is made among candidates only: for each
country, sub-modality and mechanism of this case study, the most recently added published case
studies that have it too (at most ``CANDIDATES_PER_VALUE`` each, read in order from the
``(value, case study)`` indexes of migration 0007), then ranked by how many of the three they
share. While no country, sub-modality or mechanism has more than that many case studies, the
candidates are all those sharing anything, and the ranking is the exact one.

The ranking is cached for an hour per version of the case study, since it changes when the case
study's own relations change (its ``version``). A case study published or withdrawn meanwhile
elsewhere shows up in the list, or leaves it, within the hour: the list is read back through
``published()``, so a link never leads to a withdrawn page.
"""

from functools import cache

from django.db import connection
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from core.caching import kept

from .models import CaseStudy

# What two case studies may share, as the relations of CaseStudy that hold it.
SHARED = ("countries", "submodalities", "mechanisms")
RELATED_TIMEOUT = 60 * 60
# How many case studies each shared country, sub-modality or mechanism puts forward to be ranked.
CANDIDATES_PER_VALUE = 50


def links(relation):
    """The through model of ``relation``, its column for the case study and for the other side."""
    field = getattr(CaseStudy, relation).field
    return field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()


def count_shared(relation, ids):
    """How many of ``ids`` the case study of the outer query has in ``relation``, as an expression."""
    if not ids:
        return Value(0, output_field=IntegerField())
    through, case_study, other = links(relation)
    rows = through.objects.filter(**{case_study: OuterRef("pk"), f"{other}__in": ids})
    count = rows.values(case_study).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


@cache
def recently_sharing_sql(relation):
    """The SELECT of the ids of the published case studies, one aside, most recently added with a
    value in ``relation``: an index scan of the ``(value, case study)`` index that stops after
    ``LIMIT`` rows. Parameters: the value, the status, the case study left aside, the limit.

    Written out once per relation, since building it through the ORM for each value of each page
    cost more than the query (cProfile: 5 of the 20 ms of CPU a case study's page took).
    """
    through, column, other = links(relation)
    quote = connection.ops.quote_name
    link, case_study = quote(through._meta.db_table), quote(CaseStudy._meta.db_table)
    mine = quote(through._meta.get_field(column).column)
    theirs = quote(through._meta.get_field(other).column)
    return (
        f"SELECT {link}.{mine} FROM {link} "
        f"INNER JOIN {case_study} ON {case_study}.{quote(CaseStudy._meta.pk.column)} = {link}.{mine} "
        f"WHERE {link}.{theirs} = %s AND {case_study}.{quote('status')} = %s AND {link}.{mine} <> %s "
        f"ORDER BY {link}.{mine} DESC LIMIT %s"
    )


def candidates(case_study, ids):
    """The candidates of every shared value as one SQL expression for ``pk__in``: for each value,
    the published case studies most recently added with it (:func:`recently_sharing_sql`).

    A ``UNION ALL`` of limited selects, each wrapped in its own ``SELECT``, since SQLite refuses a
    LIMIT directly in a member of a compound select.
    """
    parts, params = [], []
    for relation in SHARED:
        for pk in ids[relation]:
            name = connection.ops.quote_name(f"shares_{len(parts)}")
            parts.append(f"SELECT * FROM ({recently_sharing_sql(relation)}) AS {name}")
            params.extend([pk, CaseStudy.Status.PUBLISHED, case_study.pk, CANDIDATES_PER_VALUE])
    return RawSQL(" UNION ALL ".join(parts), params)


def ranked(case_study, ids, limit):
    """``[(pk, shared countries, shared sub-modalities, shared mechanisms)]`` of the candidates,
    those sharing most first, in one query."""
    counts = {f"shared_{relation}": count_shared(relation, ids[relation]) for relation in SHARED}
    rows = (
        CaseStudy.objects.filter(pk__in=candidates(case_study, ids))
        .annotate(**counts)
        .annotate(shared=sum((F(name) for name in counts), start=Value(0)))
        .order_by("-shared", F("start_year").desc(nulls_last=True), "title")
        .values_list("pk", *counts)
    )
    return list(rows[:limit])


def related_case_studies(case_study, limit=5):
    """Published case studies sharing countries, a sub-modality or a finance mechanism with this
    one, those sharing most first, each annotated with ``shared_countries``,
    ``shared_submodalities`` and ``shared_mechanisms``.

    The ids come from the relations of ``case_study``: prefetch them to spare three queries.
    """
    ids = {relation: [item.pk for item in getattr(case_study, relation).all()] for relation in SHARED}
    if not any(ids.values()):
        return []
    key = f"related:{case_study.pk}:{case_study.version}:{limit}"
    rows = kept(key, lambda: ranked(case_study, ids, limit), RELATED_TIMEOUT)
    if not rows:
        return []
    published = CaseStudy.objects.published().only("title", "slug").in_bulk([row[0] for row in rows])
    related = []
    for pk, *shared in rows:
        if pk in published:
            item = published[pk]
            item.shared_countries, item.shared_submodalities, item.shared_mechanisms = shared
            related.append(item)
    return related
