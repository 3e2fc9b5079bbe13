from django.contrib import admin

from . import models
from .resources import CaseStudyResource, OrganisationResource
from .spreadsheets import SpreadsheetImportExportMixin


class ParticipationInline(admin.TabularInline):
    model = models.Participation
    autocomplete_fields = ["organisation"]
    extra = 0


class KeyFigureInline(admin.TabularInline):
    model = models.KeyFigure
    extra = 0


class SourceInline(admin.StackedInline):
    model = models.Source
    extra = 0


class ExternalIdentifierInline(admin.TabularInline):
    model = models.ExternalIdentifier
    extra = 0


class FormerSlugInline(admin.TabularInline):
    model = models.FormerSlug
    fields = ["slug", "created"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.CaseStudy)
class CaseStudyAdmin(SpreadsheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [CaseStudyResource]
    list_display = ["title", "modality", "status", "start_year", "updated"]
    list_filter = ["status", "modality", "submodalities"]
    list_select_related = ["modality"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["countries", "groupings", "themes", "mechanisms"]
    filter_horizontal = ["submodalities", "sdgs", "principles", "process_steps"]
    inlines = [ParticipationInline, KeyFigureInline, SourceInline, ExternalIdentifierInline, FormerSlugInline]


@admin.register(models.Organisation)
class OrganisationAdmin(SpreadsheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "acronym", "actor_type", "country"]
    list_filter = ["actor_type"]
    list_select_related = ["actor_type", "country"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["country"]


@admin.register(models.Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "iso2", "iso3", "region", "is_global_south", "is_sids", "is_ldc", "is_fragile"]
    list_filter = ["region", "is_global_south", "is_sids", "is_ldc", "is_fragile"]
    list_select_related = ["region"]
    search_fields = ["name", "=iso2", "=iso3"]


@admin.register(models.Grouping)
class GroupingAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind"]
    search_fields = ["name", "acronym"]
    autocomplete_fields = ["members"]


@admin.register(models.Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(models.Region)
admin.site.register(models.SdgGoal)
