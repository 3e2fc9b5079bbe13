"""Public pages answer a reader's repeated request with 304 until the catalogue changes.

Their ETag and Last-Modified come from the catalogue's version, which every change to the public
content raises (core/caching.py); a signed-in curator's requests are never shared or 304'd.
"""

import pytest
from django.urls import reverse
from django.utils.http import http_date, parse_http_date
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.models import CaseStudy, Country
from core.models import CatalogueVersion
from guide.models import Modality
from tests.factories import add_source, make_case_study

pytestmark = pytest.mark.django_db

IBSA = "/case-studies/ibsa-fund-haiti/"
PUBLIC_PAGES = [
    "/",
    "/case-studies/",
    "/case-studies/?region=africa&theme=social-protection&sort=title",
    IBSA,
    IBSA + "cite.bib",
    IBSA + "cite.ris",
    "/case-studies/export.csv",
    "/case-studies/export.json?region=asia-pacific",
    "/feeds/case-studies/",
    "/sitemap.xml",
    "/sitemap-case-studies.xml",
    "/guide/",
    "/guide/modalities/south-south/",
    "/guide/resources/",
]
CHANGELIST_URL = reverse("admin:casestudies_casestudy_changelist")


def complete_draft(title):
    case_study = make_case_study(title=title, modality="south-south", body="What the partners did.")
    case_study.countries.add(Country.objects.get(iso2="KE"))
    add_source(case_study)
    return case_study


def revalidate(client, url, response):
    """The request a browser makes for ``url`` when it holds ``response``."""
    return client.get(url, headers={"If-None-Match": response["ETag"]})


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_public_page_may_be_kept_for_a_minute_and_then_revalidated(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_page_whose_content_has_not_changed_answers_304(client, url):
    first = client.get(url)

    again = revalidate(client, url, first)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert set(again["Cache-Control"].split(", ")) == {"public", "max-age=60"}


def test_a_page_is_unchanged_for_a_date_a_second_after_its_last_modified_date(client):
    first = client.get("/case-studies/")
    a_second_later = http_date(parse_http_date(first["Last-Modified"]) + 1)

    again = client.get("/case-studies/", headers={"If-Modified-Since": a_second_later})

    assert again.status_code == 304


def test_a_change_within_the_second_of_a_readers_copy_is_not_hidden_by_if_modified_since(client):
    first = client.get("/case-studies/")
    # A change in the same second: Last-Modified, in whole seconds, stays the same.
    version = CatalogueVersion.objects.get()
    CatalogueVersion.objects.filter(pk=version.pk).update(
        number=version.number + 1, changed=version.changed.replace(microsecond=999_999)
    )

    again = client.get("/case-studies/", headers={"If-Modified-Since": first["Last-Modified"]})

    assert again["Last-Modified"] == first["Last-Modified"]
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/case-studies/no-such-case-study/", 404),
        ("/guide/modalities/no-such-modality/", 404),
        ("/case-studies/export.csv?region=atlantis", 400),
    ],
)
def test_an_address_that_is_not_there_is_never_answered_304(client, url, status):
    current = client.get("/case-studies/")

    again = client.get(url, headers={"If-None-Match": current["ETag"], "If-Modified-Since": current["Last-Modified"]})

    assert again.status_code == status


def test_a_withdrawn_case_study_is_gone_even_to_a_reader_who_holds_a_copy(client):
    held = client.get(IBSA)
    # Withdrawn under the same version of the catalogue (a bulk update sends no signal).
    CaseStudy.objects.filter(slug="ibsa-fund-haiti").update(
        status=CaseStudy.Status.WITHDRAWN, withdrawn_reason="Its figures are being checked again."
    )

    again = revalidate(client, IBSA, held)

    assert again.status_code == 410


def test_publishing_through_the_admin_makes_the_catalogue_and_home_page_new(client, curator):
    draft = complete_draft("Kenyan savings groups learn from their neighbours")
    urls = ["/", "/case-studies/", "/case-studies/?region=africa", "/sitemap-case-studies.xml"]
    held = {url: client.get(url) for url in urls}
    assertNotContains(held["/case-studies/"], draft.title)

    published = curator.post(CHANGELIST_URL, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assertContains(published, "Published 1")

    for url, response in held.items():
        fresh = revalidate(client, url, response)
        assert fresh.status_code == 200, url
        assert fresh["ETag"] != response["ETag"]
        assertContains(fresh, draft.get_absolute_url())


def test_publishing_a_draft_through_the_model_makes_its_page_answer_and_the_list_new(client):
    draft = complete_draft("Rotating savings in Nairobi")
    missing = client.get(draft.get_absolute_url())
    held = client.get("/case-studies/")
    assert missing.status_code == 404
    assert "ETag" not in missing  # an answer about a page that is not there is not kept

    draft.status = CaseStudy.Status.PUBLISHED
    draft.save()

    assert client.get(draft.get_absolute_url()).status_code == 200
    assertContains(revalidate(client, "/case-studies/", held), "Rotating savings in Nairobi")


def test_withdrawing_makes_the_case_study_page_answer_gone(client):
    case_study = CaseStudy.objects.get(slug="ibsa-fund-haiti")
    held = client.get(IBSA)

    case_study.status = CaseStudy.Status.WITHDRAWN
    case_study.withdrawn_reason = "The partners asked for corrections."
    case_study.save()

    assert revalidate(client, IBSA, held).status_code == 410


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda ibsa: ibsa.countries.add(Country.objects.get(iso2="KE")), id="a country added"),
        pytest.param(lambda ibsa: ibsa.participations.first().delete(), id="a partner removed"),
        pytest.param(lambda ibsa: ibsa.key_figures.first().delete(), id="a key figure removed"),
        pytest.param(lambda ibsa: ibsa.themes.clear(), id="its themes cleared"),
        pytest.param(lambda ibsa: Country.objects.get(iso2="HT").save(), id="its country saved"),
    ],
)
def test_a_change_to_a_case_studys_relations_makes_its_page_new(client, change):
    held = client.get(IBSA)

    change(CaseStudy.objects.get(slug="ibsa-fund-haiti"))

    assert revalidate(client, IBSA, held).status_code == 200


def test_renaming_a_concept_makes_the_guide_and_the_catalogue_new(client):
    held = {url: client.get(url) for url in ["/guide/", "/case-studies/"]}
    version = CatalogueVersion.objects.current()

    modality = Modality.objects.get(slug="triangular")
    modality.name = "Triangular cooperation, renamed"
    modality.save()

    assert CatalogueVersion.objects.current()[0] > version[0]
    for url, response in held.items():
        assertContains(revalidate(client, url, response), "Triangular cooperation, renamed")


def test_a_bulk_change_of_case_studies_counts_as_a_change(client):
    held = client.get("/case-studies/")

    CaseStudy.objects.filter(slug="ibsa-fund-haiti").change(title="IBSA in Haiti, retitled")

    assertContains(revalidate(client, "/case-studies/", held), "IBSA in Haiti, retitled")


def test_a_curator_sees_pages_that_no_shared_cache_keeps_and_that_never_answer_304(client, curator):
    anonymous = client.get("/case-studies/")

    response = revalidate(curator, "/case-studies/", anonymous)

    assert response.status_code == 200
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert "ETag" not in response


def test_a_draft_preview_stays_private_and_unstored(curator):
    draft = complete_draft("Not yet public")

    response = curator.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert "ETag" not in response


def test_a_bad_export_is_not_kept(client):
    response = client.get("/case-studies/export.csv?region=atlantis")

    assert response.status_code == 400
    assert "ETag" not in response
    assert "public" not in response.get("Cache-Control", "")
