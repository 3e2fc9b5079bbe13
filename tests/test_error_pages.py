"""Pages for what went wrong: in the site's layout, in plain words, never a stack trace.

400, 403 (refused, and a form without its CSRF token), 404 and 500 are here; 410, the page of a
withdrawn case study, is in tests/casestudies/test_permalinks.py. The admin is kept out of search
engines: robots.txt (tests/test_crawlers.py), and a noindex header on every admin response.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path
from pytest_django.asserts import assertContains, assertNotContains

from sstc import urls as site_urls

pytestmark = pytest.mark.django_db


def test_an_unknown_address_answers_404_in_the_sites_layout(client):
    response = client.get("/case-studies/no-such-case-study/")

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, 'href="/case-studies/"', status_code=404)
    assertContains(response, '<meta name="robots" content="noindex">', status_code=404, html=True)
    # Django's debug page would list the site's URL patterns.
    assertNotContains(response, "URLconf", status_code=404)
    assertNotContains(response, "sitemap.xml", status_code=404)


def test_too_many_parameters_answer_400_in_plain_words(client):
    response = client.get("/case-studies/?" + "&".join(["region=africa"] * 1001))

    assert response.status_code == 400
    assertContains(response, "The request was not understood", status_code=400)


def broken(request):
    raise RuntimeError("secret internals")


def forbidden(request):
    raise PermissionDenied("secret reason")


urlpatterns = [path("boom/", broken), path("forbidden/", forbidden), *site_urls.urlpatterns]


def test_a_server_error_answers_500_without_a_trace(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assertContains(response, "Something went wrong on our side", status_code=500)
    assertNotContains(response, "secret internals", status_code=500)
    assertNotContains(response, "Traceback", status_code=500)


def test_a_refused_page_answers_403_in_plain_words(settings, client):
    settings.ROOT_URLCONF = __name__

    response = client.get("/forbidden/")

    assert response.status_code == 403
    assertContains(response, "This page is not open to you", status_code=403)
    assertContains(response, 'href="/case-studies/"', status_code=403)
    assertNotContains(response, "secret reason", status_code=403)


def test_a_form_sent_without_its_csrf_token_answers_403_in_the_sites_layout():
    """Django's own CSRF page is technical, and its inline style is blocked by the site's policy."""
    client = Client(enforce_csrf_checks=True)

    response = client.post("/admin/login/", {"username": "someone@example.org", "password": "anything"})

    assert response.status_code == 403
    assertContains(response, "The form could not be sent", status_code=403)
    assertContains(response, "reload the page and send the form again", status_code=403)
    assertContains(response, 'href="/case-studies/"', status_code=403)
    assertNotContains(response, "CSRF verification failed", status_code=403)
    assertNotContains(response, "<style", status_code=403)


def test_no_error_page_shows_the_settings(settings):
    settings.ROOT_URLCONF = __name__
    settings.SECRET_KEY = "a-distinctive-secret-key-that-must-never-be-shown-0123456789"
    client = Client(raise_request_exception=False)

    for url in ["/boom/", "/forbidden/", "/no-such-page/", "/case-studies/?" + "&".join(["region=africa"] * 1001)]:
        body = client.get(url).content.decode()
        for leak in [settings.SECRET_KEY, "SECRET_KEY", "DATABASES", "INSTALLED_APPS", "Traceback", "DEBUG"]:
            assert leak not in body, (url, leak)


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/login/", "/admin/casestudies/casestudy/", "/admin/no-such-page/", "/admin/jsi18n/"]
)
def test_every_admin_response_asks_search_engines_not_to_index_it(client, admin_user, url):
    client.force_login(admin_user)

    response = client.get(url)

    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_admin_sign_in_page_says_noindex_in_its_markup_too(client):
    response = client.get("/admin/login/")

    assertContains(response, '<meta name="robots" content="NONE,NOARCHIVE">', html=True)


@pytest.mark.parametrize("url", ["/", "/case-studies/", "/guide/", "/robots.txt"])
def test_public_pages_may_be_indexed(client, url):
    assert "X-Robots-Tag" not in client.get(url)
