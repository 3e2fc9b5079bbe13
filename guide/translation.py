"""The guide's texts in every language (django-modeltranslation): ``name_fr``, ``summary_es``, ...

Each model's history is registered here, after its translated fields exist, so that a historical
record keeps every language's text (a ``HistoricalRecords`` declared on the model would be made
before them and keep only the English).
"""

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from core.history import HistoricalRecords

from . import models


class ConceptTranslation(TranslationOptions):
    fields = ("name", "summary", "description")


class FrameworkTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "key_provision_summary")


class ResourceTranslation(TranslationOptions):
    # A publication's title is its own, as it is cited; what the site says of it is translated.
    fields = ("summary", "description")


CONCEPTS = {
    models.Principle: ConceptTranslation,
    models.Modality: ConceptTranslation,
    models.SubModality: ConceptTranslation,
    models.ActorType: ConceptTranslation,
    models.ProcessStep: ConceptTranslation,
    models.FinanceMechanism: ConceptTranslation,
    models.IloRole: ConceptTranslation,
    models.Framework: FrameworkTranslation,
    models.Resource: ResourceTranslation,
}


class GuidanceTranslation(TranslationOptions):
    fields = ("text",)


class GlossaryTermTranslation(TranslationOptions):
    # The term is written as the guide writes it (an acronym); what it stands for and means are translated.
    fields = ("expansion", "definition")


class LanguageTranslation(TranslationOptions):
    fields = ("name",)


TRANSLATED = {
    **CONCEPTS,
    models.Guidance: GuidanceTranslation,
    models.GlossaryTerm: GlossaryTermTranslation,
    models.Language: LanguageTranslation,
}

for model, options in TRANSLATED.items():
    translator.register(model, options)

for model in [*CONCEPTS, models.Guidance, models.GlossaryTerm]:
    simple_history.register(model, records_class=HistoricalRecords, app="guide")
