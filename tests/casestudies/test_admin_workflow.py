"""A curator creates, edits, publishes and withdraws case studies in the admin, and deletes no published one."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.models import CaseStudy, Country, Participation
from guide.models import Guidance, ProcessStep
from tests.factories import add_source, make_case_study, make_organisation, make_user

from .admin_client import form_data

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:casestudies_casestudy_add")
CHANGELIST_URL = reverse("admin:casestudies_casestudy_changelist")


def change_url(case_study):
    return reverse("admin:casestudies_casestudy_change", args=[case_study.pk])


def complete_case_study(**overrides):
    overrides.setdefault("body", "What the partners did, in full.")
    case_study = make_case_study(modality="south-south", **overrides)
    case_study.countries.add(Country.objects.get(iso2="BR"), Country.objects.get(iso2="MZ"))
    add_source(case_study)
    return case_study


def test_a_curator_creates_a_draft_with_a_country_a_partner_and_a_source(curator):
    brazil = Country.objects.get(iso2="BR")
    partner = make_organisation(country="BR", name="Serviço Nacional de Aprendizagem Industrial", acronym="SENAI")
    page = curator.get(ADD_URL)
    assert page.status_code == 200

    data = form_data(
        page,
        title="Vocational training shared between Brazil and Mozambique",
        slug="vocational-training-brazil-mozambique",
        summary="SENAI shared its training model with a Mozambican institute.",
        countries=[str(brazil.pk)],
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-organisation": str(partner.pk),
            "participations-0-role": "knowledge",
            "participations-0-order": "1",
            "sources-TOTAL_FORMS": "1",
            "sources-0-guide_section": "SSTC: an introduction, 2. Modalities and sub-modalities",
            "sources-0-order": "1",
        },
    )
    response = curator.post(ADD_URL, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    case_study = CaseStudy.objects.get(slug="vocational-training-brazil-mozambique")
    assert case_study.status == CaseStudy.Status.DRAFT
    assert list(case_study.countries.all()) == [brazil]
    assert [(p.organisation, p.role) for p in case_study.participations.all()] == [(partner, "knowledge")]
    assert case_study.sources.count() == 1
    assert case_study.history.get().history_user == curator.user


def test_a_curator_edits_a_case_study_and_its_version_goes_up(curator):
    case_study = complete_case_study(title="Old title")
    page = curator.get(change_url(case_study))

    response = curator.post(change_url(case_study), form_data(page, title="A clearer title"))

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.title == "A clearer title"
    assert case_study.version == 2
    assert case_study.sources.count() == 1
    assert set(case_study.countries.values_list("iso2", flat=True)) == {"BR", "MZ"}


def test_a_curator_publishes_a_complete_case_study_from_its_form(curator):
    case_study = complete_case_study()
    page = curator.get(change_url(case_study))
    assertContains(page, 'name="_publish"')

    response = curator.post(change_url(case_study), form_data(page, _publish="Save and publish"))

    assert response.status_code == 302
    assert response["Location"] == change_url(case_study)
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.PUBLISHED
    assert case_study.published_at is not None
    assertContains(curator.get(response["Location"]), "is published")


def test_publishing_an_incomplete_case_study_names_what_is_missing_and_keeps_what_was_typed(curator):
    case_study = make_case_study(modality="south-south", title="Before")
    page = curator.get(change_url(case_study))

    response = curator.post(
        change_url(case_study),
        form_data(
            page, title="A title typed just now", body="A paragraph typed just now.", _publish="Save and publish"
        ),
    )

    assert response.status_code == 200
    assertContains(response, "A published case study needs at least one country.")
    assertContains(response, "A published case study needs at least one source: add one under “Sources” below.")
    assertContains(response, 'value="A title typed just now"')
    assertContains(response, "A paragraph typed just now.")
    case_study.refresh_from_db()
    assert (case_study.status, case_study.title) == (CaseStudy.Status.DRAFT, "Before")


def test_publishing_reads_the_countries_and_sources_on_the_form_not_the_saved_ones(curator):
    case_study = make_case_study(modality="south-south", body="What the partners did.")
    page = curator.get(change_url(case_study))
    data = form_data(
        page,
        countries=[str(Country.objects.get(iso2="IN").pk)],
        _publish="Save and publish",
        **{
            "sources-TOTAL_FORMS": "1",
            "sources-0-reference": "ILO, Annual report on South-South cooperation, 2020.",
            "sources-0-order": "1",
        },
    )

    response = curator.post(change_url(case_study), data)

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.PUBLISHED


def test_removing_the_last_source_of_a_published_case_study_is_refused(curator):
    case_study = complete_case_study(status=CaseStudy.Status.PUBLISHED)
    page = curator.get(change_url(case_study))

    response = curator.post(change_url(case_study), form_data(page, **{"sources-0-DELETE": "on"}))

    assert response.status_code == 200
    assertContains(response, "A published case study needs at least one source: add one under “Sources” below.")
    assert case_study.sources.count() == 1


def test_the_triangular_rule_is_checked_against_the_partners_on_the_form(curator):
    case_study = complete_case_study()
    southern = make_organisation(country="BR")
    page = curator.get(change_url(case_study))
    data = form_data(
        page,
        modality=str(case_study.modality.__class__.objects.get(slug="triangular").pk),
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-organisation": str(southern.pk),
            "participations-0-role": "host",
            "participations-0-order": "1",
        },
    )

    response = curator.post(change_url(case_study), data)

    assert response.status_code == 200
    assertContains(response, "A triangular case study needs a partner from the North")
    assert not Participation.objects.filter(case_study=case_study).exists()


def test_the_publish_action_publishes_those_that_qualify_and_says_why_the_others_do_not(curator):
    ready = complete_case_study(title="Ready to go")
    lacking = make_case_study(title="Missing pieces", modality="south-south")

    response = curator.post(
        CHANGELIST_URL, {"action": "publish", "_selected_action": [ready.pk, lacking.pk]}, follow=True
    )

    ready.refresh_from_db()
    lacking.refresh_from_db()
    assert ready.status == CaseStudy.Status.PUBLISHED
    assert lacking.status == CaseStudy.Status.DRAFT
    assertContains(response, "Published 1: Ready to go.")
    assertContains(response, "“Missing pieces” was not published. A published case study needs at least one country")


def test_the_withdraw_action_asks_for_a_reason_then_withdraws(curator):
    case_study = complete_case_study(status=CaseStudy.Status.PUBLISHED, title="To be withdrawn")

    asked = curator.post(CHANGELIST_URL, {"action": "withdraw", "_selected_action": [case_study.pk]})

    assert asked.status_code == 200
    assertContains(asked, "Why are they withdrawn?")
    assertContains(asked, "To be withdrawn")
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.PUBLISHED

    no_reason = curator.post(
        CHANGELIST_URL, {"action": "withdraw", "_selected_action": [case_study.pk], "post": "yes", "reason": ""}
    )
    assert no_reason.status_code == 200
    assertContains(no_reason, "This field is required.")

    done = curator.post(
        CHANGELIST_URL,
        {"action": "withdraw", "_selected_action": [case_study.pk], "post": "yes", "reason": "The figures were wrong."},
        follow=True,
    )
    assertContains(done, "Withdrawn 1: To be withdrawn.")
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.WITHDRAWN
    assert case_study.withdrawn_reason == "The figures were wrong."
    assert case_study.withdrawn_at is not None
    assert case_study.history.latest().history_user == curator.user


def test_a_curator_withdraws_from_the_form_and_must_say_why(curator):
    case_study = complete_case_study(status=CaseStudy.Status.PUBLISHED)
    page = curator.get(change_url(case_study))

    refused = curator.post(change_url(case_study), form_data(page, status="withdrawn", withdrawn_reason=""))
    assert refused.status_code == 200
    assertContains(refused, "Say why the case study is withdrawn")

    page = curator.get(change_url(case_study))
    response = curator.post(
        change_url(case_study), form_data(page, status="withdrawn", withdrawn_reason="Merged into another case study.")
    )
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.WITHDRAWN
    assert case_study.withdrawn_at is not None


def test_a_curator_cannot_delete_a_published_case_study_and_is_told_to_withdraw_it(curator):
    case_study = complete_case_study(status=CaseStudy.Status.PUBLISHED, title="Kept")
    delete_url = reverse("admin:casestudies_casestudy_delete", args=[case_study.pk])

    assertNotContains(curator.get(change_url(case_study)), delete_url)
    response = curator.post(delete_url, {"post": "yes"}, follow=True)

    assert CaseStudy.objects.filter(pk=case_study.pk).exists()
    assertContains(response, "is published, so it is not deleted: withdraw it instead")
    curator.post(CHANGELIST_URL, {"action": "delete_selected", "_selected_action": [case_study.pk], "post": "yes"})
    assert CaseStudy.objects.filter(pk=case_study.pk).exists()


def test_a_curator_deletes_no_draft_either(curator):
    case_study = make_case_study()
    response = curator.post(reverse("admin:casestudies_casestudy_delete", args=[case_study.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert CaseStudy.objects.filter(pk=case_study.pk).exists()


def test_an_editor_in_chief_may_delete_a_published_case_study(editor_in_chief):
    case_study = complete_case_study(status=CaseStudy.Status.PUBLISHED)

    response = editor_in_chief.post(
        reverse("admin:casestudies_casestudy_delete", args=[case_study.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not CaseStudy.objects.filter(pk=case_study.pk).exists()


def test_bulk_delete_refuses_when_a_published_case_study_is_selected_without_the_right_to_delete_it(client):
    user = make_user("curator", "deleter@example.org")
    user.user_permissions.add(
        *Group.objects.get(name="Editor-in-chief").permissions.filter(codename="delete_casestudy")
    )
    client.force_login(user)
    draft = make_case_study()
    published = complete_case_study(status=CaseStudy.Status.PUBLISHED, title="Published one")

    response = client.post(
        CHANGELIST_URL,
        {"action": "delete_selected", "_selected_action": [draft.pk, published.pk], "post": "yes"},
        follow=True,
    )

    assertContains(
        response, "Nothing was deleted: Published one is published. Withdraw published case studies instead."
    )
    assert CaseStudy.objects.filter(pk__in=[draft.pk, published.pk]).count() == 2


def test_the_change_form_offers_view_on_site_at_the_permalink(curator):
    case_study = complete_case_study()
    response = curator.get(change_url(case_study))
    assertContains(response, "View on site")
    assert curator.get(response.context["absolute_url"]).url.endswith(case_study.get_absolute_url())


def test_the_roles_exist_with_their_permissions_after_migrate():
    curator = set(Group.objects.get(name="Curator").permissions.values_list("content_type__app_label", "codename"))
    editor = set(
        Group.objects.get(name="Editor-in-chief").permissions.values_list("content_type__app_label", "codename")
    )

    for model in ["casestudy", "organisation", "country", "grouping", "theme", "participation", "source"]:
        assert {("casestudies", f"add_{model}"), ("casestudies", f"change_{model}")} <= curator
        assert ("casestudies", f"delete_{model}") in editor
    for model in ["principle", "modality", "submodality", "actortype", "processstep", "financemechanism"]:
        assert {("guide", f"add_{model}"), ("guide", f"change_{model}"), ("guide", f"view_{model}")} <= curator
    assert {("casestudies", "publish_casestudy"), ("casestudies", "view_historicalcasestudy")} <= curator
    deletes = {codename for _app, codename in curator if codename.startswith("delete_")}
    # Only the parts edited on a case study's or process step's form, never an entry.
    assert deletes == {
        "delete_participation",
        "delete_keyfigure",
        "delete_source",
        "delete_externalidentifier",
        "delete_guidance",
    }
    assert not any(app in {"auth", "admin", "contenttypes", "sessions"} for app, _codename in curator | editor)
    assert curator < editor
    assert ("casestudies", "delete_published_casestudy") in editor


def test_a_published_case_study_is_not_taken_back_to_draft_on_its_form(curator):
    case_study = complete_case_study(status=CaseStudy.Status.PUBLISHED)
    page = curator.get(change_url(case_study))

    response = curator.post(change_url(case_study), form_data(page, status="draft"))

    assert response.status_code == 200
    assertContains(
        response,
        "A published case study is cited by its address: "
        "withdraw it, with a reason, rather than taking it back to draft.",
    )
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.PUBLISHED


def test_a_draft_is_not_withdrawn_on_its_form(curator):
    case_study = complete_case_study()
    page = curator.get(change_url(case_study))

    response = curator.post(
        change_url(case_study), form_data(page, status="withdrawn", withdrawn_reason="A duplicate.")
    )

    assert response.status_code == 200
    assertContains(response, "A draft was never public: leave it as a draft")
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.DRAFT


@pytest.mark.parametrize("status", ["draft", "published"])
def test_a_withdrawn_case_study_may_become_a_draft_or_published_again(curator, status):
    case_study = complete_case_study(status=CaseStudy.Status.WITHDRAWN, withdrawn_reason="Figures to check.")
    page = curator.get(change_url(case_study))

    response = curator.post(change_url(case_study), form_data(page, status=status))

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == status
    assert case_study.withdrawn_at is None


def test_a_revert_does_not_take_a_published_case_study_back_to_draft(curator):
    case_study = complete_case_study()
    draft_record = case_study.history.latest()
    page = curator.get(change_url(case_study))
    curator.post(change_url(case_study), form_data(page, _publish="Save and publish"))
    revert_url = reverse("admin:casestudies_casestudy_simple_history", args=[case_study.pk, draft_record.history_id])
    page = curator.get(revert_url)

    response = curator.post(revert_url, form_data(page, form_id="historicalcasestudy_form"))

    assert response.status_code == 200
    assertContains(response, "withdraw it, with a reason, rather than taking it back to draft")
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.PUBLISHED


def test_the_withdraw_action_refuses_drafts_and_names_them(curator):
    published = complete_case_study(status=CaseStudy.Status.PUBLISHED, title="Published one")
    draft = complete_case_study(title="Draft one")

    asked = curator.post(CHANGELIST_URL, {"action": "withdraw", "_selected_action": [published.pk, draft.pk]})

    assertContains(asked, "Not withdrawn: “Draft one”. A draft was never public: leave it as a draft")
    assert [str(c) for c in asked.context["case_studies"]] == ["Published one"]

    only_drafts = curator.post(CHANGELIST_URL, {"action": "withdraw", "_selected_action": [draft.pk]}, follow=True)

    assertContains(only_drafts, "Not withdrawn: “Draft one”. A draft was never public")
    draft.refresh_from_db()
    assert draft.status == CaseStudy.Status.DRAFT


def guidance_of_a_step():
    step = ProcessStep.objects.filter(guidance__isnull=False).order_by("order").first()
    return step, step.guidance.order_by("kind", "order").first()


def test_a_curator_deletes_no_guidance_from_its_own_list(curator):
    _step, guidance = guidance_of_a_step()
    delete_url = reverse("admin:guide_guidance_delete", args=[guidance.pk])
    changelist = reverse("admin:guide_guidance_changelist")

    assert curator.post(delete_url, {"post": "yes"}).status_code == 403
    curator.post(changelist, {"action": "delete_selected", "_selected_action": [guidance.pk], "post": "yes"})

    assert Guidance.objects.filter(pk=guidance.pk).exists()
    assertNotContains(curator.get(changelist), 'value="delete_selected"')


def test_a_curator_still_removes_a_do_or_dont_on_its_process_steps_form(curator):
    step, guidance = guidance_of_a_step()
    url = reverse("admin:guide_processstep_change", args=[step.pk])
    page = curator.get(url)
    data = form_data(page, form_id="processstep_form")
    index = next(key.split("-")[1] for key, value in data.items() if key.endswith("-id") and value == str(guidance.pk))

    response = curator.post(url, {**data, f"guidance-{index}-DELETE": "on"})

    assert response.status_code == 302
    assert not Guidance.objects.filter(pk=guidance.pk).exists()


def test_an_editor_in_chief_deletes_guidance_from_its_list(editor_in_chief):
    _step, guidance = guidance_of_a_step()

    response = editor_in_chief.post(reverse("admin:guide_guidance_delete", args=[guidance.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Guidance.objects.filter(pk=guidance.pk).exists()
