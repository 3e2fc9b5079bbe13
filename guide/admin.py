from django.contrib import admin

from . import models


class ConceptAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "section"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}


class GuidanceInline(admin.TabularInline):
    model = models.Guidance
    extra = 0


@admin.register(models.ProcessStep)
class ProcessStepAdmin(ConceptAdmin):
    inlines = [GuidanceInline]


for model in [
    models.Principle,
    models.Modality,
    models.SubModality,
    models.ActorType,
    models.FinanceMechanism,
    models.Framework,
    models.Resource,
    models.IloRole,
]:
    admin.site.register(model, ConceptAdmin)
admin.site.register(models.Language)
