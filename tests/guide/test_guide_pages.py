"""The guide's parts that had no page: frameworks, ILO roles, the glossary, and three prose chapters."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from guide.models import Framework, GlossaryTerm, IloRole

pytestmark = pytest.mark.django_db

PAGES = ["guide:glossary", "guide:ssf", "guide:sstc-in-the-ilo", "guide:why-ssc-works"]


def every_new_page():
    urls = [reverse(name) for name in PAGES]
    urls += [entry.get_absolute_url() for entry in Framework.objects.all()]
    urls += [entry.get_absolute_url() for entry in IloRole.objects.all()]
    return urls


def test_there_is_a_page_for_each_framework_and_each_ilo_role():
    assert Framework.objects.count() == 5
    assert IloRole.objects.count() == 11
    assert Framework.objects.get(slug="g77-china").get_absolute_url() == "/guide/frameworks/g77-china/"
    assert IloRole.objects.get(slug="mediator").get_absolute_url() == "/guide/ilo-roles/mediator/"


def test_every_new_page_answers(client):
    urls = every_new_page()
    assert len(urls) == 20
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_every_new_page_is_in_the_sitemap(client):
    sitemap = client.get("/sitemap-guide.xml").content.decode() + client.get("/sitemap-pages.xml").content.decode()
    for url in every_new_page():
        assert f"<loc>http://testserver{url}</loc>" in sitemap, url


def test_every_new_page_is_linked_from_the_guides_contents(client):
    contents = client.get(reverse("guide:contents")).content.decode()
    for url in every_new_page():
        assert f'href="{url}"' in contents, url


def test_an_unknown_framework_or_role_is_not_found(client):
    assert client.get("/guide/frameworks/no-such-framework/").status_code == 404
    assert client.get("/guide/ilo-roles/no-such-role/").status_code == 404


def test_a_framework_page_shows_its_provision_and_its_source(client):
    response = client.get("/guide/frameworks/addis-ababa-action-agenda/")
    assertContains(response, '<h2 id="provision">Paragraph 57</h2>', html=False)
    assertContains(response, "Source: the ILO peer-learning guide")


def test_an_ilo_role_page_shows_its_description_and_the_other_roles(client):
    response = client.get("/guide/ilo-roles/knowledge-broker/")
    assertContains(response, IloRole.objects.get(slug="knowledge-broker").summary)
    assertContains(response, 'href="/guide/ilo-roles/mediator/"')


def test_the_glossary_explains_the_guides_acronyms_each_at_its_own_anchor(client):
    expected = {"SSC", "SSTC", "SSE", "SSF", "DWCP", "T-SIB", "KSM", "AAAA", "BAPA+40", "F2F", "C2C", "SIDS", "LDC"}
    assert expected <= set(GlossaryTerm.objects.values_list("term", flat=True))
    response = client.get(reverse("guide:glossary"))
    for term in GlossaryTerm.objects.all():
        assertContains(response, f'<dt id="{term.slug}">')


def test_the_other_pages_link_to_glossary_entries_that_exist(client):
    anchors = set(GlossaryTerm.objects.values_list("slug", flat=True))
    linked = set()
    for name in ["guide:ssf", "guide:sstc-in-the-ilo", "guide:why-ssc-works"]:
        page = client.get(reverse(name)).content.decode()
        found = set(re.findall(r'href="/guide/glossary/#([\w-]+)"', page))
        assert found, name
        linked |= found
    assert linked <= anchors
    assert {"ssf", "sse", "sstc", "pardev", "espu", "ssc"} <= linked


def test_the_sstc_in_the_ilo_page_names_the_four_objectives_and_pardev(client):
    response = client.get(reverse("guide:sstc-in-the-ilo"))
    text = response.content.decode()
    objectives = text.split('id="objectives"')[1].split("</ol>")[0]
    assert objectives.count("<li>") == 4
    assertContains(response, "Partnerships and External Programme Support Department")
    assertContains(response, "Emerging and Special Partnerships Unit")


def test_the_ssf_page_gives_its_four_aims_and_the_two_sides_of_one_coin(client):
    response = client.get(reverse("guide:ssf"))
    aims = response.content.decode().split('id="aims"')[1].split("</ol>")[0]
    assert aims.count("<li>") == 4
    assertContains(response, "Two sides of the same coin")


def test_the_why_page_names_proximity_comparative_advantage_and_cost_effectiveness(client):
    response = client.get(reverse("guide:why-ssc-works"))
    for heading in ["Proximity", "A comparative advantage", "Cost-effectiveness"]:
        assertContains(response, f">{heading}</h2>")


@pytest.mark.parametrize("name", PAGES)
def test_a_new_page_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries, name):
    with django_assert_max_num_queries(4):
        assert client.get(reverse(name)).status_code == 200
