"""Case studies related to one another: the "see also" of a case-study page.

Ranking every published case study by what it shares with this one reads every row of the
through tables for its sub-modalities and mechanisms, tens of thousands at 100,000 case studies
(2.8 s measured). So the ranking is made among the case studies sharing at least one country (a
few thousand at most), and among all only when fewer than five share a country; and it is
cached for an hour per version of the case study, since it changes when the case study's own
relations change (its ``version``). A case study published or withdrawn meanwhile elsewhere
shows up in the list, or leaves it, within the hour: the list is read back through
``published()``, so a link never leads to a withdrawn page.
"""

from django.core.cache import cache
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import CaseStudy

# What two case studies may share, as the relations of CaseStudy that hold it.
SHARED = ("countries", "submodalities", "mechanisms")
RELATED_TIMEOUT = 60 * 60


def count_shared(relation, ids):
    """How many of ``ids`` the case study of the outer query has in ``relation``, as an expression."""
    if not ids:
        return Value(0, output_field=IntegerField())
    field = getattr(CaseStudy, relation).field
    links = field.remote_field.through.objects.filter(
        **{field.m2m_field_name(): OuterRef("pk"), f"{field.m2m_reverse_field_name()}__in": ids}
    )
    count = links.values(field.m2m_field_name()).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def ranked(case_study, ids, limit):
    """``[(pk, shared countries, shared sub-modalities, shared mechanisms)]``, those sharing most
    first, among those sharing a country when at least ``limit`` do, else among all."""
    counts = {f"shared_{relation}": count_shared(relation, ids[relation]) for relation in SHARED}
    candidates = (
        CaseStudy.objects.published()
        .exclude(pk=case_study.pk)
        .annotate(**counts)
        .annotate(shared=sum((F(name) for name in counts), start=Value(0)))
        .filter(shared__gt=0)
        .order_by("-shared", F("start_year").desc(nulls_last=True), "title")
        .values_list("pk", *counts)
    )
    # Two queries at any size: are there enough sharing a country? then the ranking.
    links = CaseStudy.countries.through.objects.filter(country_id__in=ids["countries"])
    sharing = CaseStudy.objects.published().exclude(pk=case_study.pk).filter(pk__in=links.values("casestudy_id"))
    if len(sharing.order_by().values_list("pk", flat=True)[:limit]) == limit:
        candidates = candidates.filter(pk__in=sharing.values("pk"))
    return list(candidates[:limit])


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
    rows = cache.get_or_set(key, lambda: ranked(case_study, ids, limit), RELATED_TIMEOUT)
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
