"""Crawlers are kept out of the catalogue's endless combinations of filters.

One value per facet (Africa; Africa and social protection) is a page a reader may search for,
and stays indexed. A second value of the same facet (Africa or Asia) opens combinations without
end: the links that lead there are ``rel="nofollow"``, and such a page asks not to be indexed
but followed. Its canonical address stays the query as understood.
"""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

NOINDEX_FOLLOW = '<meta name="robots" content="noindex, follow">'


def link_to(response, query):
    """The facet option's <a> tag whose link is exactly ``?query``."""
    html = response.content.decode()
    facets = html[html.index('id="filters"') :]
    escaped = query.replace("&", "&amp;")
    match = re.search(rf'<a href="\?{re.escape(escaped)}#results"[^>]*>', facets)
    assert match, f"no facet link to ?{query}"
    return match.group(0)


def test_with_nothing_chosen_every_facet_link_is_followed_and_the_page_indexed(client):
    response = client.get("/case-studies/")

    assert 'rel="nofollow"' not in response.content.decode()
    assertNotContains(response, '<meta name="robots"')


def test_a_link_adding_a_second_value_of_a_facet_is_nofollow(client):
    response = client.get("/case-studies/?region=africa")

    assert 'rel="nofollow"' in link_to(response, "region=africa&region=asia-pacific")
    assert "nofollow" not in link_to(response, "region=africa&theme=social-protection")
    assert "nofollow" not in link_to(response, "")  # unchoosing Africa


def test_one_value_in_each_of_several_facets_stays_indexed(client):
    response = client.get("/case-studies/?region=africa&theme=social-protection")

    assertNotContains(response, NOINDEX_FOLLOW)
    assert "nofollow" not in link_to(response, "region=africa&theme=social-protection&modality=south-south")


def test_a_page_with_two_values_of_a_facet_asks_noindex_follow_and_keeps_its_canonical(client):
    response = client.get("/case-studies/?region=africa&region=americas&utm_source=newsletter")

    assert response.status_code == 200
    assertContains(response, NOINDEX_FOLLOW, count=1)
    assertContains(
        response, '<link rel="canonical" href="http://testserver/case-studies/?region=africa&amp;region=americas">'
    )


def test_on_such_a_page_only_the_links_back_to_one_value_per_facet_are_followed(client):
    response = client.get("/case-studies/?region=africa&region=americas")

    assert "nofollow" not in link_to(response, "region=americas")  # unchoosing Africa
    assert "nofollow" not in link_to(response, "region=africa")  # unchoosing the Americas
    assert 'rel="nofollow"' in link_to(response, "region=africa&region=americas&modality=south-south")


def test_a_page_that_finds_nothing_still_asks_only_noindex(client):
    response = client.get("/case-studies/?q=zzzzqqqq&region=africa&region=americas")

    assertContains(response, '<meta name="robots" content="noindex">', count=1)
    assertNotContains(response, NOINDEX_FOLLOW)
