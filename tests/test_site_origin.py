"""Absolute addresses come from SITE_URL, never from the Host header a client sends."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

HOSTILE_HOST = "testserver:99999999"


@pytest.fixture(autouse=True)
def origin(settings):
    settings.SITE_URL = "https://sstc.example.org"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/case-studies/",
        "/case-studies/ibsa-fund-haiti/",
        "/case-studies/ibsa-fund-haiti/cite.bib",
        "/case-studies/ibsa-fund-haiti/cite.ris",
        "/case-studies/export.json?region=americas",
        "/case-studies/export.csv?region=americas",
        "/feeds/case-studies/",
        "/sitemap.xml",
        "/sitemap-case-studies.xml",
        "/robots.txt",
        "/guide/",
    ],
)
def test_a_port_in_the_host_header_never_reaches_an_address_the_site_writes(client, url):
    response = client.get(url, HTTP_HOST=HOSTILE_HOST)

    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"99999999" not in body
    assert b"testserver" not in body


def test_the_canonical_link_and_the_citation_use_the_configured_origin(client):
    response = client.get("/case-studies/ibsa-fund-haiti/", HTTP_HOST=HOSTILE_HOST)

    assertContains(response, '<link rel="canonical" href="https://sstc.example.org/case-studies/ibsa-fund-haiti/">')
    assertContains(response, '"url": "https://sstc.example.org/case-studies/ibsa-fund-haiti/"')
    assertNotContains(response, "99999999")


def test_robots_points_to_the_sitemap_at_the_configured_origin(client):
    response = client.get("/robots.txt", HTTP_HOST=HOSTILE_HOST)

    assert "Sitemap: https://sstc.example.org/sitemap.xml" in response.content.decode().splitlines()
