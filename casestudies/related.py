"""Case studies related to one another: the "see also" of a case-study page."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import CaseStudy

# What two case studies may share, as the relations of CaseStudy that hold it.
SHARED = ("countries", "submodalities", "mechanisms")


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


def related_case_studies(case_study, limit=5):
    """Published case studies sharing countries, a sub-modality or a finance mechanism with this
    one, those sharing most first, each annotated with ``shared_countries``,
    ``shared_submodalities`` and ``shared_mechanisms``.

    One query, whatever the number of countries or case studies; the ids come from the relations
    of ``case_study``, so prefetch them to spare three more.
    """
    ids = {relation: [item.pk for item in getattr(case_study, relation).all()] for relation in SHARED}
    if not any(ids.values()):
        return CaseStudy.objects.none()
    counts = {f"shared_{relation}": count_shared(relation, ids[relation]) for relation in SHARED}
    return (
        CaseStudy.objects.published()
        .exclude(pk=case_study.pk)
        .annotate(**counts)
        .annotate(shared=sum((F(name) for name in counts), start=Value(0)))
        .filter(shared__gt=0)
        .order_by("-shared", F("start_year").desc(nulls_last=True), "title")[:limit]
    )
