"""Content in several languages: what every translated model shares, beneath the apps.

The texts themselves are stored by django-modeltranslation: each field named in an app's
``translation.py`` has a column per language (``name_en``, ``name_fr``, ...), and reading ``name``
gives the active language's text, or the English where that is empty. What the library does not
know, and this module adds, is how far each translation has come (``TranslationStatus``, one field
per language besides English), and which language a reader is actually shown, so that a page in
French says so where it shows English, and marks that text ``lang="en"``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
# The languages a text is translated into from English, in the order of settings.LANGUAGES.
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != DEFAULT_LANGUAGE]


class TranslationStatus(models.TextChoices):
    MACHINE = "machine", _("Machine draft, not yet reviewed")
    TRANSLATED = "translated", _("Translated, not yet reviewed by the ILO")
    REVIEWED = "reviewed", _("Reviewed")


def status_field_name(language):
    return f"translation_status_{language}"


class TranslatedContent(models.Model):
    """A model whose texts are translated: how far each language's translation has come.

    Blank means not translated yet. A translation in any state but reviewed is shown to readers
    with its state, as the ILO has not yet vouched for it.
    """

    translation_status_fr = models.CharField(
        _("French translation"), max_length=10, choices=TranslationStatus, blank=True
    )
    translation_status_es = models.CharField(
        _("Spanish translation"), max_length=10, choices=TranslationStatus, blank=True
    )
    translation_status_pt = models.CharField(
        _("Portuguese translation"), max_length=10, choices=TranslationStatus, blank=True
    )

    class Meta:
        abstract = True

    def shown_language(self, field, language=None):
        """The language of the text that ``field`` shows in ``language`` (the active one by default):
        that language, or English where its own text is empty."""
        language = language or get_language()
        if language != DEFAULT_LANGUAGE and not getattr(self, build_localized_fieldname(field, language), None):
            return DEFAULT_LANGUAGE
        return language

    def translation_state(self, field, language=None):
        """What a reader of ``language`` is told about ``field``'s text: ``None`` when it is the
        original or a reviewed translation, ``"missing"`` when the English is shown instead, or the
        translation's status (machine draft, translated)."""
        language = language or get_language()
        if language == DEFAULT_LANGUAGE:
            return None
        if self.shown_language(field, language) != language:
            return "missing"
        status = getattr(self, status_field_name(language), "")
        if status == TranslationStatus.REVIEWED:
            return None
        return status or TranslationStatus.TRANSLATED
