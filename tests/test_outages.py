"""When the database or the cache does not answer: a 503 with Retry-After in the site's layout,
pages that can do without the cache answering anyway, and a health check that says which is down.

The fault suite (tests/faults, `make faults`) does the same against a served copy of the site with
a stalled PostgreSQL and a stopped Redis; these tests check the answers themselves.
"""

import pytest
from django.db import OperationalError
from django.test import Client
from pytest_django.asserts import assertContains, assertTemplateUsed

from core.models import CatalogueVersion

pytestmark = pytest.mark.django_db

# A Redis that nobody listens to: connecting is refused at once.
REDIS_DOWN = {
    "default": {
        "BACKEND": "sstc.cache.RedisCache",  # as in production (settings.py)
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
PAGES_THAT_USE_THE_CACHE = ["/", "/case-studies/", "/case-studies/ibsa-fund-haiti/", "/guide/modalities/south-south/"]


@pytest.fixture
def reader():
    """A reader's browser: what the server answers, not an exception in the test."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: timeout expired")

    monkeypatch.setattr(type(CatalogueVersion.objects), "current", refuse)


@pytest.mark.parametrize("url", ["/", "/case-studies/", "/case-studies/ibsa-fund-haiti/", "/guide/"])
def test_a_database_that_does_not_answer_is_a_503_asking_to_come_back_in_the_sites_layout(reader, database_down, url):
    response = reader.get(url)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assertContains(response, "The site is busy or under repair", status_code=503)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=503)
    assertContains(response, 'class="site-header"', status_code=503)


def test_any_other_error_is_still_the_500_page(reader, monkeypatch):
    def fail(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(type(CatalogueVersion.objects), "current", fail)

    response = reader.get("/case-studies/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assertContains(response, "Something went wrong on our side", status_code=500)


@pytest.mark.parametrize("url", PAGES_THAT_USE_THE_CACHE)
def test_pages_answer_without_the_cache_when_redis_is_down(reader, settings, url):
    settings.CACHES = REDIS_DOWN

    response = reader.get(url)

    assert response.status_code == 200


def test_the_catalogue_counts_the_same_without_the_cache(reader, settings):
    with_cache = reader.get("/case-studies/?region=africa")
    settings.CACHES = REDIS_DOWN

    without = reader.get("/case-studies/?region=africa")

    assert without.status_code == 200
    assert without.context["page"].paginator.count == with_cache.context["page"].paginator.count


def test_the_health_check_answers_200_when_the_database_and_the_cache_answer(reader):
    response = reader.get("/healthz")

    assert response.status_code == 200
    assert response.content.decode() == "database: ok\ncache: ok\n"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_the_health_check_answers_503_when_the_cache_is_down(reader, settings):
    settings.CACHES = REDIS_DOWN

    response = reader.get("/healthz")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.content.decode() == "database: ok\ncache: unavailable\n"


def test_the_health_check_answers_503_when_the_database_is_down(reader, monkeypatch):
    from sstc import outage

    def refuse():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(outage, "check_database", refuse)

    response = reader.get("/healthz")

    assert response.status_code == 503
    assert response.content.decode() == "database: unavailable\ncache: ok\n"


def test_the_health_check_is_never_cached_and_not_for_posting(reader):
    assert reader.post("/healthz").status_code in {403, 405}
    assert reader.options("/healthz").status_code == 405


@pytest.mark.parametrize("method", ["options", "trace", "put", "delete", "patch"])
@pytest.mark.parametrize("url", ["/", "/case-studies/", "/case-studies/ibsa-fund-haiti/", "/guide/", "/robots.txt"])
def test_public_pages_answer_only_get_and_head(reader, method, url):
    response = getattr(reader, method)(url)

    assert response.status_code in {403, 405}  # unsafe methods meet the CSRF check first
    if method in {"options", "trace"}:
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert b"<html" not in response.content


def test_the_503_page_is_a_template_of_the_site(reader, database_down):
    assertTemplateUsed(reader.get("/"), "503.html")
