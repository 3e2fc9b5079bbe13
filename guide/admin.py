from django.contrib import admin

from core.admin import TranslatedAdmin, TranslationCuration
from core.roles import is_editor_in_chief

from . import models


class ConceptAdmin(TranslatedAdmin):
    list_display = ["name", "order", "section"]
    search_fields = ["name", "summary", "=slug"]
    prepopulated_fields = {"slug": ["name"]}


class GuidanceInline(admin.TabularInline):
    model = models.Guidance
    extra = 0


@admin.register(models.ProcessStep)
class ProcessStepAdmin(ConceptAdmin):
    inlines = [GuidanceInline]


@admin.register(models.ActorType)
class ActorTypeAdmin(ConceptAdmin):
    list_display = ["name", "is_tripartite_constituent", "order", "section"]
    list_filter = ["is_tripartite_constituent"]


@admin.register(models.FinanceMechanism)
class FinanceMechanismAdmin(ConceptAdmin):
    list_display = ["name", "is_social_solidarity_finance", "order", "section"]
    list_filter = ["is_social_solidarity_finance"]


@admin.register(models.Resource)
class ResourceAdmin(ConceptAdmin):
    list_display = ["name", "author", "year"]
    list_filter = ["languages"]
    search_fields = ["name", "author", "summary", "=slug"]
    filter_horizontal = ["languages"]


@admin.register(models.Guidance)
class GuidanceAdmin(TranslatedAdmin):
    list_display = ["text", "step", "kind", "order"]
    list_filter = ["step", "kind"]
    list_select_related = ["step"]
    search_fields = ["text"]

    def has_delete_permission(self, request, obj=None):
        """Only an editor-in-chief deletes guidance from its own list. Curators hold the right to
        delete it (migration casestudies 0004) only to remove a do or don't on a process step's form."""
        return super().has_delete_permission(request, obj) and is_editor_in_chief(request.user)


for model in [models.Principle, models.Modality, models.SubModality, models.Framework, models.IloRole]:
    admin.site.register(model, ConceptAdmin)


@admin.register(models.Language)
class LanguageAdmin(TranslationCuration):
    search_fields = ["name", "=code"]
    show_facets = admin.ShowFacets.NEVER


@admin.register(models.GlossaryTerm)
class GlossaryTermAdmin(TranslatedAdmin):
    list_display = ["term", "expansion", "section"]
    search_fields = ["term", "expansion", "=slug"]
    prepopulated_fields = {"slug": ["term"]}
