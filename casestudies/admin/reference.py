"""The admins of the reference data that case studies point to: organisations (with their
spreadsheet import and export), countries, groupings, themes, regions and SDGs.
"""

from django.contrib import admin
from django.db.models import Case, Count, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, ReviewedTranslations, TranslatedAdmin, TranslationCuration

from .. import models
from .resources import OrganisationResource
from .spreadsheets import SpreadsheetImportExportMixin


@admin.register(models.Organisation)
class OrganisationAdmin(SpreadsheetImportExportMixin, HistoryAdmin):
    resource_classes = [OrganisationResource]
    # The slug is what a spreadsheet import names a partner by (docs/spreadsheet-import.md).
    list_display = ["name", "acronym", "slug", "actor_type", "country", "case_study_link"]
    list_filter = ["actor_type", "country__region"]
    list_select_related = ["actor_type", "country"]
    search_fields = ["name", "acronym", "=slug"]
    search_help_text = _("A few letters of the name or the acronym.")
    show_full_result_count = False
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country"]

    def get_queryset(self, request):
        counts = (
            models.Participation.objects.filter(organisation=OuterRef("pk"))
            .values("organisation")
            .annotate(count=Count("case_study", distinct=True))
            .values("count")
        )
        return super().get_queryset(request).annotate(case_study_count=Subquery(counts))

    def get_search_results(self, request, queryset, search_term):
        """Names and acronyms that start with what was typed come first: two letters find the partner."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            starts = Q(name__istartswith=term) | Q(acronym__istartswith=term)
            queryset = queryset.annotate(starts_with_term=Case(When(starts, then=Value(0)), default=Value(1))).order_by(
                "starts_with_term", "name"
            )
        return queryset, may_have_duplicates

    @admin.display(description=_("case studies"), ordering="case_study_count")
    def case_study_link(self, organisation):
        if not organisation.case_study_count:
            return "0"
        url = reverse("admin:casestudies_casestudy_changelist") + f"?partner={organisation.pk}"
        return format_html('<a href="{}">{}</a>', url, organisation.case_study_count)


@admin.register(models.Country)
class CountryAdmin(TranslationCuration, HistoryAdmin):
    list_display = ["name", "iso2", "iso3", "region", "is_global_south", "is_sids", "is_ldc", "is_fragile"]
    list_filter = ["region", "is_global_south", "is_sids", "is_ldc", "is_fragile"]
    list_select_related = ["region"]
    search_fields = ["name", "=iso2", "=iso3"]


@admin.register(models.Grouping)
class GroupingAdmin(TranslatedAdmin):
    list_display = ["name", "acronym", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "acronym", "=slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["members"]


@admin.register(models.Theme)
class ThemeAdmin(TranslatedAdmin):
    list_display = ["name", "section"]
    search_fields = ["name", "=slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Region)
class RegionAdmin(ReviewedTranslations):
    list_display = ["name", "slug", "order"]
    show_facets = admin.ShowFacets.NEVER


@admin.register(models.SdgGoal)
class SdgGoalAdmin(TranslationCuration):
    list_display = ["number", "short_name"]
    search_fields = ["short_name", "name", "=number"]
    show_facets = admin.ShowFacets.NEVER
