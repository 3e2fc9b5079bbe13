"""Two curators at once lose nothing; every change is in the history, with its author, and can be reverted."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.models import CaseStudy, Country
from tests.factories import add_partner, add_source, make_case_study, make_organisation, make_user, signed_in

from .admin_client import form_data

pytestmark = pytest.mark.django_db


def change_url(case_study):
    return reverse("admin:casestudies_casestudy_change", args=[case_study.pk])


def history_url(case_study):
    return reverse("admin:casestudies_casestudy_history", args=[case_study.pk])


@pytest.fixture
def case_study():
    case_study = make_case_study(modality="south-south", title="Savings groups in Kenya", summary="First summary.")
    case_study.countries.add(Country.objects.get(iso2="KE"))
    add_source(case_study)
    return case_study


@pytest.fixture
def first():
    """A curator, Amina, in a browser of her own."""
    return signed_in(make_user("curator", "amina@example.org"))


@pytest.fixture
def second():
    """Another curator, Bruno, at the same time in another browser."""
    return signed_in(make_user("curator", "bruno@example.org"))


def test_the_second_of_two_concurrent_saves_is_refused_and_shows_what_the_first_changed(first, second, case_study):
    first_page = first.get(change_url(case_study))
    second_page = second.get(change_url(case_study))

    saved = first.post(change_url(case_study), form_data(first_page, title="Women's savings groups in Kenya"))
    assert saved.status_code == 302

    refused = second.post(change_url(case_study), form_data(second_page, summary="A summary typed by the second."))

    assert refused.status_code == 200
    assertContains(refused, "amina@example.org saved this case study on")
    # The words the first curator took out and put in, marked up (not escaped) in the message.
    assertContains(
        refused,
        'Title: <span class="word-diff"><del>Savings</del><ins>Women&#x27;s savings</ins> groups in Kenya</span>',
        html=False,
    )
    assertContains(refused, "A summary typed by the second.")
    case_study.refresh_from_db()
    assert case_study.title == "Women's savings groups in Kenya"
    assert case_study.summary == "First summary."
    assert case_study.version == 2


def test_after_reading_the_conflict_the_second_curator_can_save_again(first, second, case_study):
    first_page = first.get(change_url(case_study))
    second_page = second.get(change_url(case_study))
    first.post(change_url(case_study), form_data(first_page, title="Women's savings groups in Kenya"))
    refused = second.post(change_url(case_study), form_data(second_page, summary="The second summary."))

    # The refused form carries the stored version now: the second curator keeps the first one's
    # title by typing it in, and saves.
    again = second.post(
        change_url(case_study),
        form_data(refused, title="Women's savings groups in Kenya", summary="The second summary."),
    )

    assert again.status_code == 302
    case_study.refresh_from_db()
    assert (case_study.title, case_study.summary, case_study.version) == (
        "Women's savings groups in Kenya",
        "The second summary.",
        3,
    )


def test_a_conflict_names_changed_countries_too(first, second, case_study):
    first_page = first.get(change_url(case_study))
    second_page = second.get(change_url(case_study))
    uganda = Country.objects.get(iso2="UG")
    first.post(
        change_url(case_study), form_data(first_page, countries=[str(case_study.countries.get().pk), str(uganda.pk)])
    )

    refused = second.post(change_url(case_study), form_data(second_page))

    assertContains(refused, "Countries: Kenya → Kenya, Uganda")


def test_the_history_records_both_edits_with_their_authors(first, second, case_study):
    first.post(change_url(case_study), form_data(first.get(change_url(case_study)), title="Second title"))
    second.post(change_url(case_study), form_data(second.get(change_url(case_study)), summary="Second summary."))

    records = list(case_study.history.filter(history_user__isnull=False).order_by("history_date"))
    assert [(r.history_user.username, r.title, r.summary) for r in records] == [
        ("amina@example.org", "Second title", "First summary."),
        ("bruno@example.org", "Second title", "Second summary."),
    ]
    page = first.get(history_url(case_study))
    assertContains(page, "amina@example.org")
    assertContains(page, "bruno@example.org")
    assertContains(page, "<del>First</del><ins>Second</ins> summary.", html=False)


def test_one_save_is_one_history_record_with_its_many_to_many_rows(first, case_study):
    uganda = Country.objects.get(iso2="UG")
    page = first.get(change_url(case_study))

    first.post(change_url(case_study), form_data(page, countries=[str(uganda.pk)], title="Moved to Uganda"))

    record = case_study.history.get(history_user__isnull=False)
    assert record.title == "Moved to Uganda"
    assert list(record.countries.values_list("country__iso2", flat=True)) == ["UG"]


def test_the_history_page_shows_the_difference_between_versions(first, case_study):
    first.post(change_url(case_study), form_data(first.get(change_url(case_study)), title="Version two"))
    first.post(change_url(case_study), form_data(first.get(change_url(case_study)), title="Version three"))

    page = first.get(history_url(case_study))

    assertContains(page, "Version two")
    assertContains(page, "&rarr;")
    assertContains(page, "Version three")


def test_the_history_page_lists_changes_to_partners(first, case_study):
    partner = make_organisation(country="KE", name="Kenya Union of Savings and Credit Co-operatives")
    add_partner(case_study, partner, "host")

    page = first.get(history_url(case_study))

    assertContains(page, "Partner created")
    assertContains(page, "Kenya Union of Savings and Credit Co-operatives: Host partner")


def test_revert_restores_the_earlier_version_with_its_countries(first, case_study):
    kenya, uganda = Country.objects.get(iso2="KE"), Country.objects.get(iso2="UG")
    first.post(change_url(case_study), form_data(first.get(change_url(case_study)), title="Good title"))
    first.post(
        change_url(case_study),
        form_data(first.get(change_url(case_study)), title="Bad title", countries=[str(uganda.pk)]),
    )
    good = case_study.history.get(title="Good title")
    revert_url = reverse("admin:casestudies_casestudy_simple_history", args=[case_study.pk, good.history_id])

    page = first.get(revert_url)
    assert page.status_code == 200
    response = first.post(revert_url, form_data(page, form_id="historicalcasestudy_form"))

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.title == "Good title"
    assert list(case_study.countries.all()) == [kenya]
    assert case_study.version == 4
    assert case_study.history.latest().history_user.username == "amina@example.org"


def test_a_revert_from_a_page_opened_before_another_save_is_refused(first, second, case_study):
    first.post(change_url(case_study), form_data(first.get(change_url(case_study)), title="Good title"))
    good = case_study.history.get(title="Good title")
    revert_url = reverse("admin:casestudies_casestudy_simple_history", args=[case_study.pk, good.history_id])
    page = first.get(revert_url)
    second.post(change_url(case_study), form_data(second.get(change_url(case_study)), summary="Newer summary."))

    response = first.post(revert_url, form_data(page, form_id="historicalcasestudy_form"))

    assert response.status_code == 200
    assertContains(response, "bruno@example.org saved this case study on")
    case_study.refresh_from_db()
    assert case_study.summary == "Newer summary."


def test_organisations_keep_their_history_too(first):
    organisation = make_organisation(name="Old name")
    url = reverse("admin:casestudies_organisation_change", args=[organisation.pk])

    first.post(url, form_data(first.get(url), form_id="organisation_form", name="New name"))

    organisation.refresh_from_db()
    assert organisation.name == "New name"
    assert organisation.history.latest().history_user.username == "amina@example.org"
    assert CaseStudy.history.model  # the case-study history table exists beside it


def test_a_conflict_lists_what_the_other_save_changed_in_the_inline_rows(first, second, case_study):
    coady = make_organisation(country="CA", name="Coady Institute")
    add_partner(case_study, coady, "knowledge")
    add_source(case_study, guide_section="SSTC & Financing Decent Work, 3", page="19", order=2)
    first_page = first.get(change_url(case_study))
    second_page = second.get(change_url(case_study))
    sources = {value: key.split("-")[1] for key, value in form_data(first_page).items() if key.startswith("sources-")}
    union = make_organisation(country="KE", name="Kenya Union of Savings and Credit Co-operatives")

    saved = first.post(
        change_url(case_study),
        form_data(
            first_page,
            **{
                f"sources-{sources['19']}-page": "99",
                "participations-0-DELETE": "on",
                "participations-TOTAL_FORMS": "2",
                "participations-1-organisation": str(union.pk),
                "participations-1-role": "host",
                "participations-1-order": "2",
                "key_figures-TOTAL_FORMS": "1",
                "key_figures-0-value": "13,663",
                "key_figures-0-label": "members",
                "key_figures-0-order": "1",
            },
        ),
    )
    assert saved.status_code == 302, saved.context["errors"]

    refused = second.post(change_url(case_study), form_data(second_page, summary="Typed by the second."))

    assert refused.status_code == 200
    assertContains(refused, "Source 2: page “19” → “99”")
    assertContains(refused, "Partner removed: Coady Institute (knowledge partner)")
    assertContains(refused, "Partner added: Kenya Union of Savings and Credit Co-operatives (host partner)")
    assertContains(refused, "Key figure added: 13,663 members")
    assertNotContains(refused, "nothing that shows in the form")


def test_a_conflict_does_not_list_the_rows_saved_with_the_version_the_form_started_from(first, second, case_study):
    # The first curator changes a source; the second opens the page after that save, and a
    # third save (a title only) comes in between.
    first_page = first.get(change_url(case_study))
    first.post(change_url(case_study), form_data(first_page, **{"sources-0-page": "42"}))
    second_page = second.get(change_url(case_study))
    first.post(change_url(case_study), form_data(first.get(change_url(case_study)), title="A third title"))

    refused = second.post(change_url(case_study), form_data(second_page, summary="Typed by the second."))

    assertContains(refused, "<del>Savings groups in Kenya</del><ins>A third title</ins>", html=False)
    assertNotContains(refused, "page “")


def test_a_row_removed_by_another_curator_is_named_on_its_row_and_can_be_left_out(first, second, case_study):
    kept = add_partner(case_study, make_organisation(country="KE", name="Kept partner"), "host")
    removed = add_partner(case_study, make_organisation(country="BR", name="Removed partner"), "knowledge")
    first_page = first.get(change_url(case_study))
    second_page = second.get(change_url(case_study))
    first.post(change_url(case_study), form_data(first_page, **{"participations-1-DELETE": "on"}))
    refused = second.post(change_url(case_study), form_data(second_page, summary="Typed by the second."))

    again = second.post(change_url(case_study), form_data(refused))

    assert again.status_code == 200
    assertContains(again, "Someone else removed this row after you opened the page.")
    assertContains(again, "Tick ‘Delete’ to leave it out, or add it again as a new row.")
    assertContains(again, 'name="participations-1-DELETE"')
    assert "id" not in again.context["inline_admin_formsets"][0].formset.forms[1].errors

    left_out = second.post(change_url(case_study), form_data(again, **{"participations-1-DELETE": "on"}))

    assert left_out.status_code == 302
    case_study.refresh_from_db()
    assert case_study.summary == "Typed by the second."
    assert list(case_study.participations.all()) == [kept]
    assert not case_study.participations.filter(pk=removed.pk).exists()


def test_a_row_removed_before_the_others_keeps_each_form_beside_its_own_row(first, second, case_study):
    add_partner(case_study, make_organisation(country="KE", name="First partner"), "host")
    add_partner(case_study, make_organisation(country="BR", name="Second partner"), "knowledge")
    first_page = first.get(change_url(case_study))
    second_page = second.get(change_url(case_study))
    first.post(change_url(case_study), form_data(first_page, **{"participations-0-DELETE": "on"}))
    refused = second.post(change_url(case_study), form_data(second_page))

    again = second.post(change_url(case_study), form_data(refused))

    rows = list(again.context["inline_admin_formsets"][0])
    assert "Second partner" in str(rows[1].original)
    assert "Someone else removed this row" in str(rows[0].form.non_field_errors())
    left_out = second.post(change_url(case_study), form_data(again, **{"participations-0-DELETE": "on"}))
    assert left_out.status_code == 302
    assert [str(p.organisation) for p in case_study.participations.all()] == ["Second partner"]


def test_the_revert_form_says_the_inline_rows_are_not_reverted_and_lists_their_history(first, case_study):
    add_partner(case_study, make_organisation(country="KE", name="Kenya Union of Savings"), "host")
    record = case_study.history.earliest()

    page = first.get(reverse("admin:casestudies_casestudy_simple_history", args=[case_study.pk, record.history_id]))

    assertContains(page, "partners, sources, key figures and identifiers are not restored by a revert")
    assertContains(page, "they keep their current rows. Their own history is listed below")
    assertContains(page, "Kenya Union of Savings: Host partner")


def test_a_conflict_names_a_row_changed_that_has_no_earlier_history(first, second, case_study):
    case_study.sources.get().history.all().delete()  # as for rows loaded before history was kept
    first_page = first.get(change_url(case_study))
    second_page = second.get(change_url(case_study))
    first.post(change_url(case_study), form_data(first_page, **{"sources-0-page": "12"}))

    refused = second.post(change_url(case_study), form_data(second_page))

    assertContains(refused, "Source changed: ILO peer-learning guide, SSTC: an introduction")
    assertNotContains(refused, "Source added")


def test_the_history_page_names_each_author_and_no_empty_reason_reads_none(first):
    loaded = CaseStudy.objects.get(slug="kenya-roscas")
    first.post(change_url(loaded), form_data(first.get(change_url(loaded)), title="Savings circles in Kenya"))

    page = first.get(history_url(loaded))

    assertContains(page, "Loaded from the guide&#x27;s fixtures")
    assertContains(page, "No account (a script or the guide's fixtures)")
    assertNotContains(page, "<td>None</td>", html=True)
    assertNotContains(page, "style=")
