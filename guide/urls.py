from django.urls import path

from . import models, views

app_name = "guide"


def concept_path(route, model, lookup, name, parameter=None):
    """A concept's page; ``lookup`` finds the case studies that illustrate it, and the catalogue's
    ``parameter`` (where it has one for this kind of concept) lists them all."""
    options = {"model": model, "lookup": lookup, "parameter": parameter}
    return path(f"{route}/<slug:slug>/", views.concept, options, name=name)


urlpatterns = [
    path("", views.contents, name="contents"),
    concept_path("principles", models.Principle, "principles", "principle", "principle"),
    concept_path("modalities", models.Modality, "modality", "modality", "modality"),
    concept_path("sub-modalities", models.SubModality, "submodalities", "submodality", "submodality"),
    concept_path("actors", models.ActorType, "participations__organisation__actor_type", "actor", "actor"),
    concept_path("process", models.ProcessStep, "process_steps", "process-step"),
    concept_path("mechanisms", models.FinanceMechanism, "mechanisms", "mechanism", "mechanism"),
    path("resources/", views.resources, name="resources"),
    path("frameworks/<slug:slug>/", views.entry, {"model": models.Framework}, name="framework"),
    path("ilo-roles/<slug:slug>/", views.entry, {"model": models.IloRole}, name="ilo-role"),
    path("glossary/", views.glossary, name="glossary"),
    # The guide's chapters that are prose rather than a list of concepts (views.TOPICS).
    path("social-and-solidarity-finance/", views.topic, {"name": "ssf"}, name="ssf"),
    path("sstc-in-the-ilo/", views.topic, {"name": "ilo"}, name="sstc-in-the-ilo"),
    path("why-south-south-cooperation-works/", views.topic, {"name": "why"}, name="why-ssc-works"),
]
