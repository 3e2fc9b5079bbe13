"""The site in English, French, Spanish and Portuguese: addresses, interface, content and its state."""

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.models import CaseStudy, CaseStudyTranslation, Region, Theme
from core.translations import OTHER_LANGUAGES, TranslationStatus
from guide.models import (
    ActorType,
    FinanceMechanism,
    Framework,
    GlossaryTerm,
    IloRole,
    Modality,
    Principle,
    ProcessStep,
    SubModality,
)
from sstc.management.commands.load_guide import TRANSLATIONS_DIR
from tests.factories import make_user, signed_in

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
LANGUAGE_NAMES = {"fr": "French", "es": "Spanish", "pt": "Portuguese"}


def published_slug():
    return CaseStudy.objects.published().order_by("pk").values_list("slug", flat=True).first()


def every_kind_of_page():
    """One address of every kind of public page, English (unprefixed)."""
    with translation.override("en"):
        concept_pages = [
            model.objects.order_by("pk").first().get_absolute_url()
            for model in [
                Principle,
                Modality,
                SubModality,
                ActorType,
                ProcessStep,
                FinanceMechanism,
                Framework,
                IloRole,
            ]
        ]
    return [
        "/",
        "/case-studies/",
        "/case-studies/?region=africa&theme=social-protection",
        "/case-studies/?q=cooperatives",
        "/case-studies/?q=zzzznothing",
        "/case-studies/?year_from=abc&country=XX",
        f"/case-studies/{published_slug()}/",
        "/guide/",
        *concept_pages,
        "/guide/resources/",
        "/guide/glossary/",
        "/guide/social-and-solidarity-finance/",
        "/guide/sstc-in-the-ilo/",
        "/guide/why-south-south-cooperation-works/",
        "/case-studies/no-such-case-study/",
    ]


def in_language(address, language):
    return address if language == "en" else f"/{language}{address}"


class TextNodes(HTMLParser):
    """The words a reader meets on a page, in a language other than English: its text, and the
    attributes read out or shown, leaving out what the page marks ``lang="en"`` (text it shows in
    English on purpose, said to be English to readers and their screen readers)."""

    READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.texts = []
        self.open = [("html", "")]  # (tag, language) of each open element

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = attributes.get("lang") or self.open[-1][1]
        if tag not in self.VOID:
            self.open.append((tag, language))
        if language == "en":
            return
        for name in self.READ_ATTRIBUTES & attributes.keys():
            self.texts.append(attributes[name])
        if tag == "meta" and attributes.get("name") == "description":
            self.texts.append(attributes.get("content") or "")

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break

    def handle_data(self, data):
        tag, language = self.open[-1]
        if tag not in {"script", "style"} and language != "en":
            self.texts.append(data)


def texts_of(html):
    parser = TextNodes()
    parser.feed(html)
    return {" ".join(text.split()) for text in parser.texts} - {""}


def content_corpus():
    """Every text the database holds, in every language: what a page shows of it is content, not interface."""
    values = []
    for model in [*apps.get_app_config("casestudies").get_models(), *apps.get_app_config("guide").get_models()]:
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        for row in model._base_manager.values_list(*fields):
            values.extend(value for value in row if isinstance(value, str) and value)
    return " ".join(" ".join(value.split()) for value in values)


def is_interface_english(text, corpus):
    """Whether ``text``, found alike on the English page and on another language's, is a string of the
    interface left in English: words of letters that are not the database's content."""
    if not re.search(r"[A-Za-z]{3,}", text) or re.fullmatch(r"[A-Z0-9+\-]+", text):
        return False  # numbers, symbols, a code or an acronym (CSV, JSON)
    return text.removesuffix("…").strip() not in corpus


@pytest.mark.parametrize("language", ["en", *OTHER_LANGUAGES])
def test_every_kind_of_page_answers_in_every_language_with_its_lang_and_navigation(client, language):
    with translation.override(language):
        navigation = [translation.gettext("Case studies"), translation.gettext("The guide")]
    for address in every_kind_of_page():
        response = client.get(in_language(address, language))
        expected = 404 if "no-such" in address else 200
        assert response.status_code == expected, address
        html = response.content.decode()
        assert f'<html lang="{language}">' in html, address
        for label in navigation:
            assert f">{label}</a>" in html, (address, label)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_string_of_the_interface_is_left_in_english(client, language):
    corpus = content_corpus()
    left = {}
    for address in every_kind_of_page():
        english = texts_of(client.get(address).content.decode())
        translated = texts_of(client.get(in_language(address, language)).content.decode())
        untranslated = sorted(text for text in english & translated if is_interface_english(text, corpus))
        if untranslated:
            left[address] = untranslated
    assert not left, f"English left on the {LANGUAGE_NAMES[language]} pages: {left}"


def test_the_english_addresses_stay_as_they_were_and_carry_no_prefix(client):
    response = client.get("/case-studies/?region=africa")

    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assertContains(response, '<html lang="en">')
    assertContains(response, 'href="?region=africa&amp;theme=')
    assertContains(response, 'href="/case-studies/')
    assert client.get("/en/case-studies/").status_code == 404


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_filtered_catalogue_lists_the_same_case_studies_with_its_labels_translated(client, language):
    english = client.get("/case-studies/?region=africa")
    other = client.get(f"/{language}/case-studies/?region=africa")

    assert other.status_code == 200
    assert [c.pk for c in other.context["page"]] == [c.pk for c in english.context["page"]]
    assert other.context["page"].paginator.count == english.context["page"].paginator.count
    for english_facet, facet in zip(english.context["facets"], other.context["facets"], strict=True):
        # The same counts; options named by name come in the order of their names in the language.
        assert {o.key: o.count for o in facet.options} == {o.key: o.count for o in english_facet.options}
    africa = Region.objects.get(slug="africa")
    assert getattr(africa, f"name_{language}") not in {"", None, "Africa"}
    assertContains(other, getattr(africa, f"name_{language}"))
    assertContains(other, 'href="?region=africa&amp;theme=')
    assertContains(other, f'href="/{language}/case-studies/{other.context["page"][0].slug}/"')


def test_a_page_says_its_language_and_never_varies_by_the_browsers(client):
    english = client.get("/guide/", HTTP_ACCEPT_LANGUAGE="fr")
    french = client.get("/fr/guide/")

    assert english["Content-Language"] == "en"
    assertContains(english, '<html lang="en">')
    assert french["Content-Language"] == "fr"
    assert "Accept-Language" not in english.get("Vary", "")
    assert "Accept-Language" not in french.get("Vary", "")


def test_the_switcher_keeps_the_page_and_its_query_and_sets_no_cookie(client):
    response = client.get("/fr/case-studies/?region=africa&q=savings")

    assertContains(response, 'href="/case-studies/?region=africa&amp;q=savings" hreflang="en" lang="en">English</a>')
    assertContains(response, 'href="/es/case-studies/?region=africa&amp;q=savings" hreflang="es" lang="es">Español</a>')
    assertContains(response, 'aria-current="page" href="/fr/case-studies/?region=africa&amp;q=savings" lang="fr"')
    assert not response.cookies


def test_every_page_names_its_other_languages_and_english_as_the_default(client):
    slug = published_slug()
    response = client.get(f"/pt/case-studies/{slug}/")

    for language, prefix in [("en", ""), ("fr", "/fr"), ("es", "/es"), ("pt", "/pt")]:
        assertContains(
            response,
            f'<link rel="alternate" hreflang="{language}" href="http://testserver{prefix}/case-studies/{slug}/">',
        )
    assertContains(
        response, f'<link rel="alternate" hreflang="x-default" href="http://testserver/case-studies/{slug}/">'
    )


def test_the_sitemap_lists_every_language_with_its_alternates(client):
    principle = Principle.objects.order_by("pk").first()
    sitemap = client.get("/sitemap-guide.xml").content.decode()

    for prefix in ["", "/fr", "/es", "/pt"]:
        assert f"<loc>http://testserver{prefix}/guide/principles/{principle.slug}/</loc>" in sitemap
    assert (
        f'<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/guide/principles/{principle.slug}/"/>'
        in sitemap
    )


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_guide_is_translated_and_says_the_ilo_has_not_reviewed_it(client, language):
    principle = Principle.objects.get(slug="solidarity")
    translated_name = getattr(principle, f"name_{language}")

    response = client.get(f"/{language}/guide/principles/solidarity/")

    assert translated_name and translated_name != principle.name_en
    assertContains(response, f"<h1>{translated_name}</h1>", html=False)
    with translation.override(language):
        notice = escape(TranslationStatus.TRANSLATED.label)
    assertContains(response, notice)

    setattr(principle, f"translation_status_{language}", TranslationStatus.REVIEWED)
    principle.save()
    assertNotContains(client.get(f"/{language}/guide/principles/solidarity/"), notice)


def test_a_concept_not_yet_translated_shows_the_english_marked_as_english(client):
    principle = Principle.objects.get(slug="solidarity")
    principle.name_fr = principle.summary_fr = principle.description_fr = ""
    principle.translation_status_fr = ""
    principle.save()

    response = client.get("/fr/guide/principles/solidarity/")

    assertContains(response, f'<h1 lang="en">{principle.name_en}</h1>')
    with translation.override("fr"):
        assertContains(response, escape(translation.gettext("Not yet translated into French.")))


def test_a_case_study_in_english_only_says_so_on_the_french_page(client):
    slug = published_slug()
    case_study = CaseStudy.objects.get(slug=slug)

    response = client.get(f"/fr/case-studies/{slug}/")

    assertContains(response, f'<h1 lang="en">{case_study.title}</h1>')
    with translation.override("fr"):
        assertContains(response, escape(translation.gettext("Not yet translated into French.")))
    assertNotContains(client.get(f"/case-studies/{slug}/"), 'lang="en">' + case_study.title)


def test_a_citation_read_in_french_cites_the_english_permalink_and_names_the_language(client):
    slug = published_slug()

    ris = client.get(f"/fr/case-studies/{slug}/cite.ris").content.decode()
    page = client.get(f"/fr/case-studies/{slug}/")

    # The case studies are in English for now: the language read is English.
    assert f"UR  - http://testserver/case-studies/{slug}/" in ris
    assert "LA  - en" in ris
    assert f"http://testserver/case-studies/{slug}/" in page.content.decode()
    assertContains(page, f'<link rel="canonical" href="http://testserver/fr/case-studies/{slug}/">')
    with translation.override("fr"):
        read_in_english = translation.gettext("Read in %(language)s.") % {"language": "anglais"}
    assertContains(page, read_in_english)
    assertNotContains(client.get(f"/case-studies/{slug}/"), "Read in English")


def test_a_translated_case_study_is_cited_as_read_in_its_language_at_its_english_permalink(client, translated):
    slug = translated.case_study.slug

    ris = client.get(f"/fr/case-studies/{slug}/cite.ris").content.decode()
    bibtex = client.get(f"/fr/case-studies/{slug}/cite.bib").content.decode()
    page = client.get(f"/fr/case-studies/{slug}/")

    assert f"TI  - {translated.title}" in ris and "LA  - fr" in ris
    assert f"UR  - http://testserver/case-studies/{slug}/" in ris
    assert "langid = {french}" in bibtex
    assertContains(page, '<meta name="citation_language" content="fr">')


def test_every_entry_of_the_guide_is_translated_into_every_language():
    for language in OTHER_LANGUAGES:
        for model in [Principle, Modality, SubModality, ActorType, ProcessStep, FinanceMechanism, IloRole, Framework]:
            for entry in model.objects.all():
                for field in ["name", "summary"]:
                    if getattr(entry, f"{field}_en"):
                        assert getattr(entry, f"{field}_{language}"), (language, entry, field)
                assert getattr(entry, f"translation_status_{language}") == TranslationStatus.TRANSLATED
        for term in GlossaryTerm.objects.exclude(expansion_en=""):
            assert getattr(term, f"expansion_{language}"), (language, term)
        for theme in Theme.objects.all():
            assert getattr(theme, f"name_{language}"), (language, theme)


def test_loading_the_guide_again_keeps_a_curators_translation(client):
    from django.core.management import call_command

    theme = Theme.objects.get(slug="social-protection")
    theme.name_fr = "Protection sociale (revue)"
    theme.translation_status_fr = TranslationStatus.REVIEWED
    theme.save()

    call_command("load_guide", verbosity=0)

    theme.refresh_from_db()
    assert theme.name_fr == "Protection sociale (revue)"
    assert theme.translation_status_fr == TranslationStatus.REVIEWED


def test_history_records_every_language():
    theme = Theme.objects.get(slug="social-protection")
    theme.name_es = "Protección social ampliada"
    theme.save()

    assert theme.history.latest().name_es == "Protección social ampliada"
    assert theme.history.latest().name_en == theme.name_en


def test_the_translations_link_to_the_guide_in_their_own_language():
    for language in OTHER_LANGUAGES:
        text = (TRANSLATIONS_DIR / f"{language}.json").read_text(encoding="utf-8")
        assert "](/guide/" not in text and "](/case-studies/" not in text, language


# The interface's catalogues (locale/*/LC_MESSAGES/django.po).


def catalogue(language):
    with open(BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po", "rb") as po:
        return read_po(po, locale=language)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_string_of_the_catalogue_is_translated_and_none_is_fuzzy(language):
    messages = [message for message in catalogue(language) if message.id]
    untranslated = [
        message.id
        for message in messages
        if not all(message.string if isinstance(message.string, tuple) else [message.string])
    ]
    fuzzy = [message.id for message in messages if message.fuzzy]

    assert messages
    assert not untranslated, f"{language}: {len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:5]}"


def test_the_catalogues_hold_every_string_the_code_marks(tmp_path):
    """makemessages, run on a copy of the project, finds no string that the catalogues lack."""
    if shutil.which("xgettext") is None:
        pytest.fail("GNU gettext (xgettext) is needed to gather the strings: apt-get install gettext")
    copy = tmp_path / "project"
    ignored = shutil.ignore_patterns(
        ".venv*", "node_modules", "staticfiles", ".git", "bench", "tests", "tools", "*.mo", "__pycache__"
    )
    shutil.copytree(BASE_DIR, copy, ignore=ignored, symlinks=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--locale", "fr", "--ignore", "docs"],
        cwd=copy,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(copy)},
        check=True,
        capture_output=True,
    )
    with open(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po", "rb") as po:
        gathered = {message.id for message in read_po(po) if message.id}
    kept = {message.id for message in catalogue("fr") if message.id}

    assert gathered - kept == set(), "strings missing from the catalogues: run make messages and translate them"


# Case studies in other languages (CaseStudyTranslation).

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="accent-insensitive stemming is PostgreSQL's (README: SQLite)"
)


@pytest.fixture
def translated():
    """A published case study with a French translation that speaks of "chômage"."""
    case_study = CaseStudy.objects.published().get(slug=published_slug())
    return CaseStudyTranslation.objects.create(
        case_study=case_study,
        language="fr",
        title="Des banques villageoises contre le chômage des femmes",
        summary="Des coopératives d'épargne réduisent le chômage dans les villages.",
        body="Un récit **en français** des banques villageoises.",
    )


def test_a_translated_case_study_reads_in_french_and_says_it_is_not_reviewed(client, translated):
    case_study = translated.case_study

    page = client.get(f"/fr/case-studies/{case_study.slug}/")
    english = client.get(f"/case-studies/{case_study.slug}/")

    assertContains(page, f"<h1>{escape(translated.title)}</h1>")
    assertContains(page, "<strong>en français</strong>")
    with translation.override("fr"):
        assertContains(page, escape(TranslationStatus.TRANSLATED.label))
        assertNotContains(page, escape(translation.gettext("Not yet translated into French.")))
    assertContains(english, f"<h1>{escape(case_study.title)}</h1>")
    assertNotContains(english, escape(translated.title))
    assertNotContains(client.get(f"/es/case-studies/{case_study.slug}/"), escape(translated.title))

    translated.status = TranslationStatus.REVIEWED
    translated.save()
    with translation.override("fr"):
        assertNotContains(
            client.get(f"/fr/case-studies/{case_study.slug}/"), escape(TranslationStatus.TRANSLATED.label)
        )


def test_the_french_catalogue_lists_a_case_study_under_its_french_title(client, translated):
    page = client.get("/fr/case-studies/?sort=title")

    assertContains(page, f">{escape(translated.title)}</a></h3>")
    assertNotContains(client.get("/case-studies/?sort=title"), escape(translated.title))


def test_a_french_search_finds_the_french_text_and_the_english_of_the_others(client, translated):
    english_word = (
        "village" if "village" in translated.case_study.summary.lower() else translated.case_study.title.split()[0]
    )
    found = {c.pk for c in client.get("/fr/case-studies/", {"q": "chômage"}).context["page"]}
    in_english = {c.pk for c in client.get("/fr/case-studies/", {"q": english_word}).context["page"]}

    assert found == {translated.case_study_id}
    assert translated.case_study_id in in_english
    assert client.get("/case-studies/", {"q": "chômage"}).context["page"].paginator.count == 0


@on_postgresql
def test_on_postgresql_a_french_search_ignores_accents_and_stems_in_french(client, translated):
    for text in ["chomage", "CHÔMAGE", "coopérative", "cooperatives epargne"]:
        found = {c.pk for c in client.get("/fr/case-studies/", {"q": text}).context["page"]}
        assert found == {translated.case_study_id}, text


def test_a_case_study_translation_is_curated_beside_the_english_and_filtered_by_language(translated):
    curator = signed_in(make_user("curator", "lea@example.org"))
    case_study = translated.case_study
    change = reverse("admin:casestudies_casestudy_change", args=[case_study.pk])
    changelist = reverse("admin:casestudies_casestudy_changelist")

    form = curator.get(change)
    missing_fr = curator.get(changelist + "?translation=missing-fr").context["cl"].queryset
    unreviewed_fr = curator.get(changelist + "?translation=unreviewed-fr").context["cl"].queryset

    assertContains(form, 'name="translations-0-title"')
    assertContains(form, escape(translated.title))
    assert case_study not in missing_fr
    assert list(unreviewed_fr) == [case_study]
    assert translated.history.count() == 1


def test_the_catalogue_lists_the_case_studies_translated_into_a_language(client, translated):
    page = client.get("/fr/case-studies/", {"translated": "fr"})
    in_spanish = client.get("/case-studies/", {"translated": "es"})
    unknown = client.get("/case-studies/", {"translated": "xx"})

    assert [c.pk for c in page.context["page"]] == [translated.case_study_id]
    with translation.override("fr"):
        assertContains(page, escape(translation.gettext("Translated into %(language)s") % {"language": "français"}))
    assert in_spanish.context["page"].paginator.count == 0
    assert unknown.status_code == 200 and unknown.context["problems"]
    assert unknown.context["page"].paginator.count == CaseStudy.objects.published().count()
    export = json.loads(b"".join(client.get("/case-studies/export.json", {"translated": "fr"}).streaming_content))
    assert [row["slug"] for row in export["results"]] == [translated.case_study.slug]
