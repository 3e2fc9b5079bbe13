"""The curator admin without traps (issue 12): ordered rows numbered for the curator, publication
refusals next to their fields, no invented changes from line endings, differences word by word,
a comparison before a revert, the sign-in form's words, labels accepted by the import."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains
from tablib import Dataset

from casestudies.admin.resources import CaseStudyResource
from casestudies.models import CaseStudy, Country
from core.diffs import word_diff
from guide.models import Modality
from tests.factories import add_source, make_case_study, make_organisation

from .admin_client import form_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:casestudies_casestudy_add")


def change_url(case_study):
    return reverse("admin:casestudies_casestudy_change", args=[case_study.pk])


def new_partner_rows(*partners):
    """The partner rows a browser posts after "Add another partner" was clicked once per partner:
    each a copy of the empty form, the order left as it came."""
    data = {"participations-TOTAL_FORMS": str(len(partners))}
    for index, (organisation, role) in enumerate(partners):
        data[f"participations-{index}-organisation"] = str(organisation.pk)
        data[f"participations-{index}-role"] = role
        data[f"participations-{index}-order"] = ""
    return data


def test_the_empty_partner_row_offers_no_order_to_copy(curator):
    page = curator.get(ADD_URL)

    assertContains(page, 'name="participations-__prefix__-order"')
    assertNotContains(page, 'name="participations-__prefix__-order" value="0"')
    assertContains(page, "Empty: after the others.")


def test_a_curator_adds_a_case_study_with_three_partners_and_publishes_it_without_touching_an_order(curator):
    brazil, mozambique = Country.objects.get(iso2="BR"), Country.objects.get(iso2="MZ")
    senai = make_organisation(country="BR", name="SENAI")
    institute = make_organisation(country="MZ", name="A Mozambican training institute")
    ministry = make_organisation(country="MZ", name="A Mozambican ministry")
    page = curator.get(ADD_URL)
    data = form_data(
        page,
        title="Training shared between Brazil and Mozambique",
        slug="training-brazil-mozambique",
        summary="SENAI shared its training model with a Mozambican institute.",
        body="SENAI trained the institute's teachers.",
        modality=str(Modality.objects.get(slug="south-south").pk),
        countries=[str(brazil.pk), str(mozambique.pk)],
        _publish="Save and publish",
        **new_partner_rows((senai, "knowledge"), (institute, "host"), (ministry, "")),
        **{"sources-TOTAL_FORMS": "1", "sources-0-guide_section": "SSTC: an introduction, 2", "sources-0-order": ""},
    )

    response = curator.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    case_study = CaseStudy.objects.get(slug="training-brazil-mozambique")
    assert case_study.status == CaseStudy.Status.PUBLISHED
    assert [(p.organisation, p.order) for p in case_study.participations.all()] == [
        (senai, 1),
        (institute, 2),
        (ministry, 3),
    ]
    assert list(case_study.sources.values_list("order", flat=True)) == [1]


def test_a_new_partner_row_comes_after_the_partners_already_there_and_numbers_stay_editable(curator):
    case_study = make_case_study(modality="south-south")
    first = make_organisation(country="BR")
    second = make_organisation(country="MZ")
    page = curator.get(change_url(case_study))
    data = form_data(page, **new_partner_rows((first, "host")))
    assert curator.post(change_url(case_study), data).status_code == 302

    page = curator.get(change_url(case_study))
    data = form_data(
        page,
        **{
            "participations-TOTAL_FORMS": "2",
            "participations-0-order": "5",  # moved after the new one
            "participations-1-organisation": str(second.pk),
            "participations-1-role": "knowledge",
            "participations-1-order": "",
        },
    )
    response = curator.post(change_url(case_study), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert [(p.organisation, p.order) for p in case_study.participations.all()] == [(first, 5), (second, 6)]


def test_a_publish_refusal_marks_each_field_it_names_in_plain_words(curator):
    case_study = make_case_study(summary="", body="")
    page = curator.get(change_url(case_study))

    response = curator.post(change_url(case_study), form_data(page, _publish="Save and publish"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["summary"] == ["A published case study needs a summary: two or three plain sentences."]
    assert form.errors["body"] == ["A published case study needs its full account here."]
    assert form.errors["modality"] == ["A published case study needs a modality: South-South or triangular."]
    assert form.errors["countries"] == ["A published case study needs at least one country."]
    assertContains(response, "add one under “Sources” below")
    assertNotContains(response, "casestudies_casestudy_published_has_summary_and_modality")
    assertNotContains(response, "Constraint")
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.DRAFT


def test_a_case_study_with_an_empty_body_is_not_published_by_the_action_either(curator):
    case_study = make_case_study(modality="south-south", body="", title="No account yet")
    case_study.countries.add(Country.objects.get(iso2="BR"))
    add_source(case_study)

    response = curator.post(
        reverse("admin:casestudies_casestudy_changelist"),
        {"action": "publish", "_selected_action": [case_study.pk]},
        follow=True,
    )

    assertContains(response, "“No account yet” was not published.")
    assertContains(response, "A published case study needs its full account here.")
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.DRAFT


def test_a_save_without_changes_leaves_no_body_change_in_the_history(curator):
    case_study = make_case_study(body="First paragraph.\n\nSecond paragraph.")
    page = curator.get(change_url(case_study))
    data = form_data(page)
    data["body"] = data["body"].replace("\n", "\r\n")  # as a browser posts a textarea

    assert curator.post(change_url(case_study), data).status_code == 302

    case_study.refresh_from_db()
    assert case_study.body == "First paragraph.\n\nSecond paragraph."
    history = curator.get(reverse("admin:casestudies_casestudy_history", args=[case_study.pk]))
    assertNotContains(history, "<strong>Body:</strong>")


def test_the_history_shows_a_text_change_word_by_word(curator):
    case_study = make_case_study(summary="Credit unions in Malaysia trained their peers in Indonesia and Laos.")
    page = curator.get(change_url(case_study))
    data = form_data(page, summary="Credit unions in Malaysia trained their peers in Indonesia and Timor-Leste.")
    assert curator.post(change_url(case_study), data).status_code == 302

    history = curator.get(reverse("admin:casestudies_casestudy_history", args=[case_study.pk]))

    assertContains(history, "<del>Laos.</del><ins>Timor-Leste.</ins>", html=False)
    assertContains(history, "trained their peers in Indonesia and <del>", html=False)
    assertNotContains(history, "chars]")


def test_a_word_diff_keeps_only_the_words_around_a_change_of_a_long_text():
    old = " ".join(f"word{n}" for n in range(200))
    new = old.replace("word100", "changed")

    diff = word_diff(old, new)

    assert "<del>word100</del><ins>changed</ins>" in diff
    assert "word99" in diff and "word101" in diff
    assert "word10 " not in diff and "word190" not in diff
    assert diff.count('class="elided"') == 2


def test_a_word_diff_escapes_what_it_shows():
    assert (
        word_diff("<b>bold</b>", "<i>new</i>") == "<del>&lt;b&gt;bold&lt;/b&gt;</del><ins>&lt;i&gt;new&lt;/i&gt;</ins>"
    )


def test_the_revert_page_shows_what_the_revert_would_change(curator):
    case_study = make_case_study(title="The first title", summary="Partners shared what they learned.")
    page = curator.get(change_url(case_study))
    assert curator.post(change_url(case_study), form_data(page, title="The second title")).status_code == 302
    first = case_study.history.order_by("history_id").first()

    response = curator.get(reverse("admin:casestudies_casestudy_simple_history", args=[case_study.pk, first.pk]))

    assertContains(response, "What a revert would change")
    assertContains(response, "<strong>Title:</strong>", html=False)
    assertContains(response, "The <del>second</del><ins>first</ins> title", html=False)
    assertNotContains(response, "<strong>Summary:</strong>", html=False)


def test_the_sign_in_form_asks_for_an_email_address(client):
    response = client.get(reverse("admin:login"))

    assertContains(response, "Email address")
    assertNotContains(response, ">Username:<")


def import_one(row):
    resource = CaseStudyResource()
    dataset = Dataset(headers=list(row))
    dataset.append(list(row.values()))
    return resource.import_data(dataset, dry_run=False)


def test_the_import_accepts_a_modality_role_and_status_as_the_admin_displays_them():
    kenya = make_organisation(country="KE", name="Kenya Union of Savings")
    result = import_one(
        {
            "slug": "labels-as-displayed",
            "title": "Labels as displayed",
            "modality": "South-South",
            "partners": f"{kenya.slug} (Host partner)",
            "status": "Draft",
            "body": "One line.\r\nAnother line.\rA third.",
        }
    )

    assert not result.has_errors() and not result.has_validation_errors(), result.rows
    case_study = CaseStudy.objects.get(slug="labels-as-displayed")
    assert case_study.modality.slug == "south-south"
    assert [(p.organisation, p.role) for p in case_study.participations.all()] == [(kenya, "host")]
    assert case_study.body == "One line.\nAnother line.\nA third."


def test_the_organisation_list_shows_the_slug_an_import_names_a_partner_by(curator):
    organisation = make_organisation(country="KE", name="Kenya Union of Savings")

    response = curator.get(reverse("admin:casestudies_organisation_changelist"))

    assertContains(response, organisation.slug)
    assertContains(response, "column-slug")


def test_two_partners_swap_their_numbers_and_two_rows_with_one_number_are_refused(curator):
    case_study = make_case_study(modality="south-south")
    first, second = make_organisation(country="BR"), make_organisation(country="MZ")
    page = curator.get(change_url(case_study))
    assert (
        curator.post(change_url(case_study), form_data(page, **new_partner_rows((first, ""), (second, "")))).status_code
        == 302
    )

    page = curator.get(change_url(case_study))
    same = curator.post(
        change_url(case_study), form_data(page, **{"participations-0-order": "2", "participations-1-order": "2"})
    )
    swapped = curator.post(
        change_url(case_study), form_data(page, **{"participations-0-order": "2", "participations-1-order": "1"})
    )

    assertContains(same, "Two rows have the number 2: give each row its own number, or leave one empty.")
    assert swapped.status_code == 302, swapped.context["errors"] if swapped.context else swapped
    assert [(p.organisation, p.order) for p in case_study.participations.all()] == [(second, 1), (first, 2)]
