from django.urls import path

from . import models, views

app_name = "guide"


def concept_path(route, model, lookup, name):
    """A concept's page; ``lookup`` finds the case studies that illustrate it."""
    return path(f"{route}/<slug:slug>/", views.concept, {"model": model, "lookup": lookup}, name=name)


urlpatterns = [
    path("", views.contents, name="contents"),
    concept_path("principles", models.Principle, "principles", "principle"),
    concept_path("modalities", models.Modality, "modality", "modality"),
    concept_path("sub-modalities", models.SubModality, "submodalities", "submodality"),
    concept_path("actors", models.ActorType, "participations__organisation__actor_type", "actor"),
    concept_path("process", models.ProcessStep, "process_steps", "process-step"),
    concept_path("mechanisms", models.FinanceMechanism, "mechanisms", "mechanism"),
    path("resources/", views.resources, name="resources"),
]
