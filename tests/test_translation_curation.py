"""Curating translations in the admin: every language beside the English, which entries lack a
language or a review, marking a translation reviewed, and history that keeps every language."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.models import Theme
from core.translations import TranslationStatus
from guide.models import Principle
from tests.casestudies.admin_client import form_data
from tests.factories import make_user, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator():
    return signed_in(make_user("curator", "ana@example.org"))


def change_url(entry):
    opts = entry._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_the_form_shows_the_english_once_and_each_translation_beside_it(curator):
    principle = Principle.objects.get(slug="solidarity")

    page = curator.get(change_url(principle))

    assertContains(page, 'name="name"')
    assertNotContains(page, 'name="name_en"')
    for language in ["fr", "es", "pt"]:
        assertContains(page, f'name="name_{language}"')
        assertContains(page, f'name="description_{language}"')
        assertContains(page, f'name="translation_status_{language}"')


def test_a_curator_writes_a_french_translation_and_history_keeps_it(curator):
    theme = Theme.objects.get(slug="social-protection")
    page = curator.get(change_url(theme))

    saved = curator.post(
        change_url(theme),
        form_data(page, form_id="theme_form", name_fr="Protection sociale pour tous", translation_status_fr="reviewed"),
    )

    assert saved.status_code == 302
    theme.refresh_from_db()
    assert (theme.name_en, theme.name_fr, theme.translation_status_fr) == (
        "Social protection",
        "Protection sociale pour tous",
        TranslationStatus.REVIEWED,
    )
    record = theme.history.latest()
    assert (record.name_fr, record.history_user.username) == ("Protection sociale pour tous", "ana@example.org")
    assertContains(curator.get(f"/fr/case-studies/?theme={theme.slug}"), "Protection sociale pour tous")


def test_the_list_shows_which_entries_lack_a_language_or_a_review(curator):
    principle = Principle.objects.get(slug="solidarity")
    principle.name_pt = principle.summary_pt = principle.description_pt = ""
    principle.translation_status_pt = ""
    principle.save()
    reviewed = Principle.objects.get(slug="mutual-benefit")
    reviewed.translation_status_fr = TranslationStatus.REVIEWED
    reviewed.save()

    missing = curator.get(changelist(Principle) + "?translation=missing-pt")
    unreviewed = curator.get(changelist(Principle) + "?translation=unreviewed-fr")

    assert [entry.slug for entry in missing.context["cl"].result_list] == ["solidarity"]
    unreviewed_slugs = {entry.slug for entry in unreviewed.context["cl"].result_list}
    assert "mutual-benefit" not in unreviewed_slugs
    assert unreviewed_slugs == set(Principle.objects.exclude(slug="mutual-benefit").values_list("slug", flat=True))


def test_marking_translations_reviewed_records_who_did_it(curator):
    principle = Principle.objects.get(slug="solidarity")
    untranslated = Principle.objects.get(slug="mutual-benefit")
    untranslated.name_es = untranslated.summary_es = untranslated.description_es = ""
    untranslated.translation_status_es = ""
    untranslated.save()

    response = curator.post(
        changelist(Principle),
        {"action": "mark_reviewed_es", "_selected_action": [principle.pk, untranslated.pk]},
        follow=True,
    )

    principle.refresh_from_db()
    untranslated.refresh_from_db()
    assert principle.translation_status_es == TranslationStatus.REVIEWED
    assert untranslated.translation_status_es == ""  # nothing to review: left as it was, and said so
    assertContains(response, "1 translation marked as reviewed.")
    assertContains(response, "1 entry was left as it was")
    record = principle.history.latest()
    assert (record.translation_status_es, record.history_user.username) == ("reviewed", "ana@example.org")
