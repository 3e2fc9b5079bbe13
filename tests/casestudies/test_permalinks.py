"""Permalinks that never break: former slugs, withdrawn case studies, drafts and who may preview them."""

from datetime import UTC, datetime

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.models import CaseStudy
from tests.factories import make_case_study, make_user

pytestmark = pytest.mark.django_db

SUFFIXES = ["", "cite.bib", "cite.ris"]


def rename(case_study, slug):
    case_study.slug = slug
    case_study.save()


@pytest.fixture
def withdrawn():
    return make_case_study(
        title="Savings circles that were never documented",
        status=CaseStudy.Status.WITHDRAWN,
        withdrawn_reason="The partners could not confirm the figures <b>quoted</b>.",
        withdrawn_at=datetime(2027, 1, 15, 9, 30, tzinfo=UTC),
    )


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_former_slug_answers_a_permanent_redirect_to_the_current_one(client, suffix):
    case_study = CaseStudy.objects.get(slug="laos-village-bank")
    rename(case_study, "lao-womens-union-village-banks")

    response = client.get(f"/case-studies/laos-village-bank/{suffix}")

    assert response.status_code == 301
    assert response["Location"] == f"/case-studies/lao-womens-union-village-banks/{suffix}"
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_every_slug_a_case_study_had_leads_straight_to_the_current_one(client, suffix):
    case_study = CaseStudy.objects.get(slug="kenya-roscas")
    rename(case_study, "kenya-savings-circles")
    rename(case_study, "bahari-widows-and-vakhana-vatecho")

    for old in ["kenya-roscas", "kenya-savings-circles"]:
        response = client.get(f"/case-studies/{old}/{suffix}")
        assert response.status_code == 301
        assert response["Location"] == f"/case-studies/bahari-widows-and-vakhana-vatecho/{suffix}"


def test_a_slug_taken_back_is_the_page_again_and_not_a_redirect(client):
    case_study = CaseStudy.objects.get(slug="kenya-roscas")
    rename(case_study, "kenya-savings-circles")
    rename(case_study, "kenya-roscas")

    assert client.get("/case-studies/kenya-roscas/").status_code == 200
    assert client.get("/case-studies/kenya-savings-circles/")["Location"] == "/case-studies/kenya-roscas/"


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_withdrawn_case_study_answers_gone_naming_it_and_saying_when_and_why(client, withdrawn, suffix):
    response = client.get(f"/case-studies/{withdrawn.slug}/{suffix}")

    assert response.status_code == 410
    assertContains(response, "<h1>Savings circles that were never documented</h1>", status_code=410)
    assertContains(response, "withdrawn on", status_code=410)
    assertContains(response, "15 January 2027", status_code=410)
    assertContains(response, "The partners could not confirm the figures &lt;b&gt;quoted&lt;/b&gt;.", status_code=410)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=410)


def test_a_former_slug_of_a_withdrawn_case_study_leads_to_the_gone_page(client, withdrawn):
    old = withdrawn.slug
    rename(withdrawn, "renamed-before-withdrawal")

    response = client.get(f"/case-studies/{old}/", follow=True)

    assert response.redirect_chain == [("/case-studies/renamed-before-withdrawal/", 301)]
    assert response.status_code == 410


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_draft_is_not_found_by_the_public(client, suffix):
    draft = make_case_study(title="A draft nobody may read")

    response = client.get(f"/case-studies/{draft.slug}/{suffix}")

    assert response.status_code == 404
    assertNotContains(response, draft.title, status_code=404)


def test_a_draft_is_not_found_by_a_signed_in_reader_who_may_not_change_case_studies(client, outsider_staff):
    draft = make_case_study(title="A draft nobody may read")
    client.force_login(make_user("outsider_staff", "reader@example.org", is_staff=False))

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert outsider_staff.get(draft.get_absolute_url()).status_code == 404


def test_a_former_slug_of_a_draft_does_not_reveal_its_new_address(client):
    draft = make_case_study()
    old = draft.slug
    rename(draft, "secret-new-name")

    assert client.get(f"/case-studies/{old}/").status_code == 404


def test_a_curator_previews_a_draft_at_its_public_address_marked_as_a_draft(curator):
    draft = make_case_study(title="A draft being written", summary="Not public yet.")

    response = curator.get(draft.get_absolute_url())

    assertContains(response, "<h1>A draft being written</h1>")
    assertContains(response, "Draft: not public")
    assertContains(response, '<meta name="robots" content="noindex">')
    assert response["Cache-Control"] == "private, no-store"
    assert curator.get(f"/case-studies/{draft.slug}/cite.bib")["Cache-Control"] == "private, no-store"


def test_a_curator_follows_a_former_slug_of_a_draft(curator):
    draft = make_case_study()
    old = draft.slug
    rename(draft, "draft-renamed")

    assert curator.get(f"/case-studies/{old}/")["Location"] == "/case-studies/draft-renamed/"


def test_a_published_case_study_is_not_marked_as_a_draft_or_kept_from_caches(curator):

    response = curator.get("/case-studies/laos-village-bank/")

    assertNotContains(response, "Draft: not public")
    assertNotContains(response, "noindex")
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "path",
    ["/case-studies/no-such-case-study/", "/case-studies/no-such-case-study/cite.ris", "/case-studies/a%00b/"],
)
def test_an_unknown_or_malformed_slug_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_redirect_from_a_former_slug_keeps_the_query_string(client):
    rename(CaseStudy.objects.get(slug="laos-village-bank"), "lao-village-banks")

    response = client.get("/case-studies/laos-village-bank/?utm_source=report")

    assert response.status_code == 301
    assert response["Location"] == "/case-studies/lao-village-banks/?utm_source=report"


def test_a_former_slugs_redirect_is_kept_a_day_at_most_so_a_slug_taken_back_cannot_loop_for_ever(client):
    case_study = CaseStudy.objects.get(slug="laos-village-bank")
    rename(case_study, "lao-womens-union-village-banks")

    response = client.get("/case-studies/laos-village-bank/")

    assert response.status_code == 301
    assert "max-age=86400" in response["Cache-Control"].split(", ")
