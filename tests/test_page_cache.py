"""An anonymous reader's page is made once per version of the catalogue, then given from the cache.

The page is kept whole (core/caching.py, ``public_page``): the next reader of the same address
gets the same bytes and headers, or a 304, without the view or its template running. A change to
the catalogue makes the next page new; a signed-in curator never gets a kept page, nor leaves
one; a cache that is down costs time, not the page.
"""

import pytest
from django.core.cache import cache
from pytest_django.asserts import assertContains, assertNotContains
from redis.exceptions import ConnectionError as RedisConnectionError

from casestudies.models import CaseStudy, Country
from tests.factories import add_source, make_case_study

pytestmark = pytest.mark.django_db

IBSA = "/case-studies/ibsa-fund-haiti/"
KEPT_PAGES = [
    "/",
    "/case-studies/",
    "/case-studies/?region=africa&theme=social-protection&sort=title",
    "/case-studies/?q=savings",
    IBSA,
    "/guide/",
    "/guide/modalities/south-south/",
    "/sitemap.xml",
    "/feeds/case-studies/",
]
# What a reader sees of a response besides its body: the middleware adds the same to every answer.
SEEN_HEADERS = ["Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Security-Policy"]


def seen(response):
    return response.status_code, response.content, {name: response.get(name) for name in SEEN_HEADERS}


def kenyan_draft(title):
    case_study = make_case_study(title=title, modality="south-south", body="What the partners did.")
    case_study.countries.add(Country.objects.get(iso2="KE"))
    add_source(case_study)
    return case_study


@pytest.mark.parametrize("url", KEPT_PAGES)
def test_a_kept_page_is_the_page_made_anew(client, settings, url):
    made = client.get(url)

    kept = client.get(url)
    settings.KEEP_PUBLIC_PAGES = False
    made_again = client.get(url)

    assert made.status_code == 200
    assert kept.templates == []  # given from the cache: no template ran
    assert seen(kept) == seen(made) == seen(made_again)


@pytest.mark.parametrize("url", ["/case-studies/", "/case-studies/?region=africa", "/guide/"])
def test_a_kept_page_costs_one_query_the_catalogues_version(client, django_assert_num_queries, url):
    client.get(url)

    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200


def test_a_kept_case_study_page_costs_two_queries_the_version_and_its_address(client, django_assert_num_queries):
    client.get(IBSA)

    with django_assert_num_queries(2):
        assert client.get(IBSA).status_code == 200


def test_a_reader_holding_the_current_page_is_answered_304_from_the_cache(client, django_assert_num_queries):
    first = client.get("/case-studies/")
    client.get("/case-studies/")

    with django_assert_num_queries(1):
        again = client.get("/case-studies/", headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_the_same_query_spelled_otherwise_is_the_same_page(client):
    plain = client.get("/case-studies/?region=africa")

    tagged = client.get("/case-studies/?region=africa&utm_source=newsletter")

    assert tagged.content == plain.content


@pytest.mark.parametrize("url", ["/case-studies/", "/case-studies/?region=africa", "/"])
def test_publishing_makes_the_next_page_new(client, url):
    draft = kenyan_draft("Rotating savings across the Kenyan border")
    held = client.get(url)
    assertNotContains(held, draft.title)

    draft.status = CaseStudy.Status.PUBLISHED
    draft.save()

    fresh = client.get(url)
    assertContains(fresh, draft.get_absolute_url())
    assert fresh["ETag"] != held["ETag"]


def test_a_change_to_a_case_study_makes_its_kept_page_new(client):
    client.get(IBSA)
    ibsa = CaseStudy.objects.get(slug="ibsa-fund-haiti")

    ibsa.summary = "A summary rewritten by a curator."
    ibsa.save()

    assertContains(client.get(IBSA), "A summary rewritten by a curator.")


def test_a_case_study_withdrawn_since_its_page_was_kept_is_gone(client):
    client.get(IBSA)

    CaseStudy.objects.filter(slug="ibsa-fund-haiti").change(
        status=CaseStudy.Status.WITHDRAWN, withdrawn_reason="Its figures are being checked again."
    )

    assert client.get(IBSA).status_code == 410


@pytest.mark.parametrize("url", ["/case-studies/", IBSA])
def test_a_signed_in_curator_never_gets_a_kept_page(client, curator, url):
    client.get(url)  # kept for anonymous readers

    response = curator.get(url)

    assert response.status_code == 200
    assert response.templates  # made for the curator
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/case-studies/", IBSA])
def test_a_page_made_for_a_curator_is_never_kept(client, curator, url):
    curator.get(url)

    assert client.get(url).templates  # the first anonymous reader's page is made anew


@pytest.mark.parametrize("url", ["/case-studies/no-such-page/", "/case-studies/export.csv?region=atlantis"])
def test_an_answer_other_than_200_is_never_kept(client, url):
    first = client.get(url)

    assert first.status_code in {400, 404}
    assert not [key for key in cache._cache if "response:" in key]


def test_a_page_is_given_while_the_cache_is_down(client, monkeypatch):
    made = client.get("/case-studies/")
    detail = client.get(IBSA)

    def down(*args, **kwargs):
        raise RedisConnectionError("Connection refused.")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)

    assert seen(client.get("/case-studies/")) == seen(made)
    assert seen(client.get(IBSA)) == seen(detail)
