"""Pages for what went wrong: in the site's layout, in plain words, never a stack trace."""

import pytest
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


def test_too_many_parameters_answer_400_in_plain_words(client):
    response = client.get("/case-studies/?" + "&".join(["region=africa"] * 1001))

    assert response.status_code == 400
    assertContains(response, "The request was not understood", status_code=400)


def broken(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", broken), *site_urls.urlpatterns]


def test_a_server_error_answers_500_without_a_trace(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assertContains(response, "Something went wrong on our side", status_code=500)
    assertNotContains(response, "secret internals", status_code=500)
    assertNotContains(response, "Traceback", status_code=500)
