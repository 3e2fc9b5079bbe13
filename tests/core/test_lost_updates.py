"""Two curators saving the same entry of any curated model at once: the second is refused with
what the first changed, its input kept, and nothing is lost; on the change form and on a revert."""

import pytest
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains

from casestudies.models import Country, Grouping, Theme
from core.models import CatalogueVersion
from guide.models import Principle
from tests.casestudies.admin_client import form_data
from tests.factories import add_source, make_case_study, make_organisation, make_user, signed_in


def organisation():
    return make_organisation(name="Coady Institute")


def country():
    return Country.objects.get(iso2="KE")


def theme():
    return Theme.objects.create(name="Savings groups", slug="savings-groups-test")


def grouping():
    return Grouping.objects.create(
        name="A test grouping", slug="a-test-grouping", kind=Grouping._meta.get_field("kind").choices[0][0]
    )


def principle():
    return Principle.objects.order_by("order").first()


ENTRIES = [organisation, country, theme, grouping, principle]


def change_url(entry):
    opts = entry._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])


def revert_url(entry, record):
    opts = entry._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[entry.pk, record.history_id])


@pytest.fixture
def first():
    """A curator, Amina, in a browser of her own (an editor-in-chief may edit every curated model)."""
    return signed_in(make_user("editor_in_chief", "amina@example.org"))


@pytest.fixture
def second():
    """Another, Bruno, at the same time in another browser."""
    return signed_in(make_user("editor_in_chief", "bruno@example.org"))


@pytest.mark.django_db
@pytest.mark.parametrize("make_entry", ENTRIES, ids=lambda make: make.__name__)
def test_the_second_of_two_concurrent_saves_of_any_curated_entry_is_refused_naming_the_first(first, second, make_entry):
    entry = make_entry()
    form_id = f"{entry._meta.model_name}_form"
    old_name = entry.name
    first_page, second_page = first.get(change_url(entry)), second.get(change_url(entry))

    saved = first.post(change_url(entry), form_data(first_page, form_id=form_id, name="Name typed by Amina"))
    assert saved.status_code == 302
    refused = second.post(change_url(entry), form_data(second_page, form_id=form_id, name="Name typed by Bruno"))

    assert refused.status_code == 200
    assertContains(refused, f"amina@example.org saved this {entry._meta.verbose_name} on")
    assertContains(refused, f"Name: “{old_name}” → “Name typed by Amina”")
    assertContains(refused, 'value="Name typed by Bruno"')  # the second curator's input is kept
    entry.refresh_from_db()
    assert entry.name == "Name typed by Amina"

    # Having read what changed, the second curator saves knowingly, from the refused form.
    again = second.post(change_url(entry), form_data(refused, form_id=form_id))
    assert again.status_code == 302
    entry.refresh_from_db()
    assert entry.name == "Name typed by Bruno"
    assert [record.history_user.username for record in entry.history.order_by("-history_id")[:2]] == [
        "bruno@example.org",
        "amina@example.org",
    ]


@pytest.mark.django_db
def test_a_save_from_a_fresh_page_is_not_refused(first):
    entry = organisation()
    page = first.get(change_url(entry))
    response = first.post(change_url(entry), form_data(page, form_id="organisation_form", acronym="CI"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.acronym == "CI"


@pytest.mark.django_db
def test_a_revert_of_an_organisation_opened_before_another_save_is_refused_and_nothing_changes(first, second):
    entry = organisation()
    first.post(change_url(entry), form_data(first.get(change_url(entry)), form_id="organisation_form", name="Good"))
    first.post(change_url(entry), form_data(first.get(change_url(entry)), form_id="organisation_form", name="Bad"))
    good = entry.history.get(name="Good")
    page = first.get(revert_url(entry, good))
    second.post(change_url(entry), form_data(second.get(change_url(entry)), form_id="organisation_form", acronym="NEW"))

    response = first.post(revert_url(entry, good), form_data(page, form_id="historicalorganisation_form"))

    assert response.status_code == 200
    assertContains(response, "bruno@example.org saved this organisation on")
    assertContains(response, "Acronym: (empty) → “NEW”")
    entry.refresh_from_db()
    assert (entry.name, entry.acronym) == ("Bad", "NEW")


@pytest.fixture
def guide_loaded_again(django_db_blocker):
    """A test that commits (``transactional_db``) ends with the tables emptied: what the session set
    up once (the roles' groups from the migrations, the catalogue's version, the guide) is put back
    for the tests after it."""
    with django_db_blocker.unblock():
        kept = serializers.serialize(
            "json", [*Group.objects.all(), *CatalogueVersion.objects.all()], use_natural_foreign_keys=True
        )
    yield
    with django_db_blocker.unblock():
        for stored in serializers.deserialize("json", kept, handle_forward_references=True):
            stored.save()
        call_command("load_guide", verbosity=0)


def a_case_study():
    case_study = make_case_study(modality="south-south", title="Savings groups in Kenya")
    case_study.countries.add(Country.objects.get(iso2="KE"))
    add_source(case_study)
    return case_study


@pytest.mark.parametrize("make_entry", [a_case_study, organisation], ids=["case study", "organisation"])
def test_a_revert_runs_in_a_transaction_of_its_own_and_saves_on_postgresql(
    guide_loaded_again, transactional_db, make_entry
):
    """Outside a test's transaction, as on a server: the revert's lock needs one of its own
    (PostgreSQL refuses ``select_for_update`` in autocommit, which answered 500; SQLite has no row
    locks, so there the test passes either way)."""
    curator = signed_in(make_user("curator", "amina@example.org"))
    entry = make_entry()
    url, form_id = change_url(entry), f"{entry._meta.model_name}_form"
    field = "title" if hasattr(entry, "title") else "name"
    curator.post(url, form_data(curator.get(url), form_id=form_id, **{field: "Good"}))
    curator.post(url, form_data(curator.get(url), form_id=form_id, **{field: "Bad"}))
    good = entry.history.get(**{field: "Good"})
    assert not connection.in_atomic_block

    page = curator.get(revert_url(entry, good))
    response = curator.post(revert_url(entry, good), form_data(page, form_id=f"historical{form_id}"))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert getattr(entry, field) == "Good"
