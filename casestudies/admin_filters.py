"""List filters of the case-study admin that stay fast and short on a large catalogue.

Each filters through an ``Exists`` subquery rather than a join, so a case study with several
countries in one region is listed once, and lists no more options than it needs.
"""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from .models import CaseStudy, Organisation, Participation, Region


class RegionFilter(admin.SimpleListFilter):
    """A case study is in a region when one of its countries is."""

    title = "region"
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(region.slug, region.name) for region in Region.objects.all()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        in_region = CaseStudy.countries.through.objects.filter(
            casestudy_id=OuterRef("pk"), country__region__slug=self.value()
        )
        return queryset.filter(Exists(in_region))


class PartnerFilter(admin.SimpleListFilter):
    """The case studies of one partner, reached from the partner's row in the organisations list.

    It offers no list of options (there are thousands of organisations): it shows the chosen
    partner, with "All" to leave it.
    """

    title = "partner"
    parameter_name = "partner"

    def organisation_id(self):
        value = self.value() or ""
        # A database id; a longer number would overflow SQLite's integers.
        return int(value) if value.isdigit() and len(value) <= 18 else None

    def lookups(self, request, model_admin):
        if self.organisation_id() is None:
            return []
        return [
            (str(organisation.pk), str(organisation))
            for organisation in Organisation.objects.filter(pk=self.organisation_id())
        ]

    def queryset(self, request, queryset):
        if (organisation_id := self.organisation_id()) is None:
            return queryset
        partners = Participation.objects.filter(case_study=OuterRef("pk"), organisation_id=organisation_id)
        return queryset.filter(Exists(partners))
