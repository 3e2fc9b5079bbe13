"""The page in every language: the language switcher, the hreflang alternates, and the ``lang`` of
a text shown in another language than the page's."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from core.translations import TranslationStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """This page in each language: ``{code, name, url, current}``, the name in its own language.

    The address keeps the path and the query as understood, so a reader who switches keeps the
    page and the filters.
    """
    request = context.get("request")
    if request is None:  # a page rendered without its request (the 500 page): no alternates to offer
        return []
    current = get_language()
    # A page whose query means something names its address as it understood it (the catalogue);
    # any other page is its path, whatever tracking tags its address carried.
    address = context.get("page_address") or request.path
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(address, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


def shown_language(instance, field):
    """The language ``instance`` shows ``field`` in: a translated entry knows; anything else
    (a case study, for now) is written in English."""
    if hasattr(instance, "shown_language"):
        return instance.shown_language(field)
    return settings.LANGUAGE_CODE


@register.simple_tag
def lang_of(instance, field):
    """`` lang="en"`` where ``instance`` shows ``field`` in another language than the page's."""
    shown = shown_language(instance, field)
    return format_html(' lang="{}"', shown) if shown != get_language() else ""


NOT_TRANSLATED = {
    "fr": _("Not yet translated into French."),
    "es": _("Not yet translated into Spanish."),
    "pt": _("Not yet translated into Portuguese."),
}


@register.inclusion_tag("_translation_note.html")
def translation_note(instance, field):
    """What a reader is told of ``field``'s text on this language's page: that it is shown in
    English, not translated yet, or how far its translation has come; nothing when it is the
    original or a reviewed translation."""
    language = get_language()
    if hasattr(instance, "translation_state"):
        state = instance.translation_state(field, language)
    else:
        state = None if language == settings.LANGUAGE_CODE else "missing"
    if state is None:
        note = ""
    elif state == "missing":
        note = NOT_TRANSLATED.get(language, "")
    else:
        note = TranslationStatus(state).label
    return {"note": note, "state": state}
