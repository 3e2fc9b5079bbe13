"""The catalogue's vocabularies in every language (django-modeltranslation): ``name_fr``, ...

Country names come from pycountry's ISO 3166 catalogues (``load_guide``), the goals' short names
from the United Nations' own wording in each language (fixtures/translations/). Case studies themselves
are English for now. Each model's history is registered here, after its translated fields exist,
so that a historical record keeps every language's text.
"""

import simple_history
from modeltranslation.translator import TranslationOptions, translator

from core.history import HistoricalRecords

from . import models


class NameTranslation(TranslationOptions):
    fields = ("name",)


class DescribedTranslation(TranslationOptions):
    fields = ("name", "description")


class SdgTranslation(TranslationOptions):
    # The goals' short names as the United Nations word them in each language.
    fields = ("short_name",)


translator.register(models.Region, NameTranslation)
translator.register(models.SdgGoal, SdgTranslation)
translator.register(models.Country, NameTranslation)
translator.register(models.Theme, DescribedTranslation)
translator.register(models.Grouping, DescribedTranslation)

simple_history.register(models.Country, records_class=HistoricalRecords, app="casestudies")
simple_history.register(models.Theme, records_class=HistoricalRecords, app="casestudies")
simple_history.register(models.Grouping, records_class=HistoricalRecords, app="casestudies", m2m_fields=["members"])
