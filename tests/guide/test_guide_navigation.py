"""Walking through the guide: the contents as a table of contents, a step's place among the six with
its neighbours, sections that lead somewhere, sub-modalities on a modality's page, the glossary's
terms and the further reading's whereabouts."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from guide.models import (
    ActorType,
    FinanceMechanism,
    Framework,
    GlossaryTerm,
    IloRole,
    Modality,
    Principle,
    ProcessStep,
    Resource,
    SubModality,
)
from guide.sections import PARTS, find_section, section_url

pytestmark = pytest.mark.django_db

# Every query of a guide page: the version (caching), the entry, its case studies and their count,
# the steps or sub-modalities, the glossary. A list that grew a query per row would exceed it.
PAGE_BUDGET = 12


def hrefs(response):
    return re.findall(r'href="([^"]+)"', response.content.decode())


def test_a_step_says_where_it_stands_among_the_six_and_links_its_neighbours(client):
    steps = list(ProcessStep.objects.all())
    assert len(steps) == 6

    response = client.get(steps[1].get_absolute_url())

    assertContains(response, '<p class="step-of">Step 2 of 6</p>', html=True)
    assertContains(response, f'href="{steps[0].get_absolute_url()}" rel="prev"')
    assertContains(response, f'href="{steps[2].get_absolute_url()}" rel="next"')
    assertContains(response, "Previous: step 1")
    assertContains(response, "Next: step 3")


def test_the_first_step_has_no_previous_and_the_last_no_next_but_leads_back_to_the_steps(client):
    steps = list(ProcessStep.objects.all())

    first = client.get(steps[0].get_absolute_url())
    assertContains(first, "Step 1 of 6")
    assertNotContains(first, 'rel="prev"')
    assertContains(first, f'href="{steps[1].get_absolute_url()}" rel="next"')

    last = client.get(steps[-1].get_absolute_url())
    assertContains(last, "Step 6 of 6")
    assertNotContains(last, 'rel="next"')
    assertContains(last, f'href="{steps[-2].get_absolute_url()}" rel="prev"')
    assertContains(last, f'href="{reverse("guide:contents")}#steps"')


def test_other_concepts_have_no_step_navigation(client):
    response = client.get(Principle.objects.first().get_absolute_url())
    assertNotContains(response, "step-of")
    assertNotContains(response, 'rel="next"')


def test_every_section_a_concept_cites_is_known_and_leads_to_a_page_that_answers(client):
    models = [Principle, Modality, SubModality, ActorType, ProcessStep, FinanceMechanism, Framework, IloRole, Resource]
    sections = {entry.section for model in models for entry in model.objects.all() if entry.section}
    sections |= {term.section for term in GlossaryTerm.objects.all() if term.section}
    assert len(sections) >= 10
    for section in sections:
        url = section_url(section)
        assert url, f"no page for {section!r}"
        page, _, anchor = url.partition("#")
        response = client.get(page)
        assert response.status_code == 200, url
        if anchor:
            assertContains(response, f'id="{anchor}"')


def test_a_concepts_source_line_links_its_section(client):
    response = client.get("/guide/actors/workers-organisations/")
    assertContains(
        response,
        'Source: the ILO peer-learning guide, <a href="/guide/#actors">SSTC: an introduction, 3. Actors involved</a>.',
    )
    bapa = client.get(Framework.objects.get(slug="g77-china").get_absolute_url())
    assertContains(bapa, '<a href="/guide/frameworks/bapa-40/">SSTC: an introduction, 4. BAPA+40</a>')


def test_a_section_the_guide_does_not_have_is_not_linked():
    assert find_section("SSTC: an introduction, 9. No such section") is None
    assert section_url("") == ""


def test_the_contents_follow_the_guides_parts_and_sections_each_with_a_summary(client):
    response = client.get(reverse("guide:contents"))
    text = response.content.decode()
    titles = ["SSTC: an introduction", "SSTC and financing decent work", "Additional resources"]
    positions = [text.index(f">{title}</h2>") for title in titles]
    assert positions == sorted(positions)
    for part in PARTS:
        assertContains(response, f'<p class="toc-summary">{part.summary}</p>', html=True)
        numbers = [text.index(f'<li id="{section.anchor}">') for section in part.sections]
        assert numbers == sorted(numbers)
        for section in part.sections:
            assertContains(response, f'<p class="toc-summary">{section.summary}</p>', html=True)


def test_every_link_of_the_contents_answers(client):
    response = client.get(reverse("guide:contents"))
    links = {href.partition("#")[0] for href in hrefs(response) if href.startswith("/guide/")}
    assert len(links) > 60
    for link in links:
        assert client.get(link).status_code == 200, link


def test_the_contents_name_the_guide_and_say_where_to_find_it(client):
    response = client.get(reverse("guide:contents"))
    assertContains(response, "A Peer-Learning Guide</cite>, published by the International Labour Organization")
    assertContains(response, "gives no web address for itself")


def test_the_contents_take_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_BUDGET):
        assert client.get(reverse("guide:contents")).status_code == 200


def test_a_modality_page_lists_every_sub_modality(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_BUDGET):
        response = client.get("/guide/modalities/south-south/")
    assertContains(response, '<h2 id="submodalities">Its sub-modalities</h2>', html=True)
    for sub in SubModality.objects.all():
        assertContains(response, f'<a href="{sub.get_absolute_url()}">{sub.name}</a>', html=True)


def test_a_step_page_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_BUDGET):
        assert client.get(ProcessStep.objects.first().get_absolute_url()).status_code == 200


def test_a_concept_links_the_glossary_terms_its_words_use(client):
    response = client.get("/guide/mechanisms/roscas/")
    assertContains(response, '<h2 id="terms">Terms on this page</h2>', html=True)
    assertContains(response, 'href="/guide/glossary/#rosca"')


def test_a_term_inside_a_longer_word_is_not_taken_for_the_term():
    from guide.views import terms_used

    entry = Principle(name="Bapanomics", summary="", description="SSTC and BAPA+40, not BAPA alone? BAPA.")
    found = [term.slug for term in terms_used(entry)]
    assert "sstc" in found
    assert "bapa-40" in found
    assert "bapa" in found
    assert "ssc" not in found


def test_every_further_reading_entry_links_its_source_or_says_where_to_find_it(client):
    Resource.objects.filter(slug="academy-on-south-south-and-triangular-cooperation").update(
        url="https://example.org/academy"
    )
    response = client.get(reverse("guide:resources"))
    assertContains(response, '<a href="https://example.org/academy">', count=2)
    for resource in Resource.objects.exclude(url=""):
        assert resource.slug == "academy-on-south-south-and-triangular-cooperation"
    text = response.content.decode()
    for resource in Resource.objects.filter(url=""):
        entry = text[text.index(f'id="{resource.slug}"') :]
        entry = entry[: entry.index("</li>")]
        assert "Where to find it" in entry, resource.slug
    assertContains(response, 'href="/guide/resources/">Additional resources</a>')


def test_further_reading_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(PAGE_BUDGET):
        assert client.get(reverse("guide:resources")).status_code == 200


GUIDE_MODELS = [Principle, Modality, SubModality, ActorType, ProcessStep, FinanceMechanism, Framework, IloRole]
MARKDOWN_LINK = re.compile(r"\]\((/[^)\s]*)\)")


def links_in_guide_text():
    return {
        (entry.get_absolute_url(), target)
        for model in GUIDE_MODELS
        for entry in model.objects.all()
        for target in MARKDOWN_LINK.findall(entry.description)
    }


def test_the_case_studies_that_guide_pages_name_are_linked_to_their_pages(client):
    from casestudies.models import CaseStudy

    named = {target for _, target in links_in_guide_text() if target.startswith("/case-studies/")}
    assert len(named) >= 12
    published = {case_study.get_absolute_url() for case_study in CaseStudy.objects.published()}
    assert named <= published

    response = client.get("/guide/mechanisms/roscas/")
    assertContains(response, 'href="/case-studies/kenya-roscas/" rel="noopener noreferrer">Kenyan case study</a>')
    sids = client.get("/guide/sub-modalities/sids-to-sids/")
    assertContains(
        sids,
        'href="/case-studies/pacific-islands-climate-forum/" rel="noopener noreferrer">Pacific Islands Knowledge '
        "Sharing Forum on Climate Change</a>",
    )


def test_the_sections_that_guide_pages_cite_in_their_text_are_links_that_answer(client):
    links = links_in_guide_text()
    sections = {target for _, target in links if target.startswith("/guide/")}
    assert len(sections) >= 8
    for target in sections:
        page, _, anchor = target.partition("#")
        response = client.get(page)
        assert response.status_code == 200, target
        if anchor:
            assertContains(response, f'id="{anchor}"')
    # No description cites a section in words without its link any more.
    for model in GUIDE_MODELS:
        for entry in model.objects.all():
            assert not re.search(r"(?<!\[)[Ss]ections? \d(?!\])", entry.description), entry.slug
    response = client.get("/guide/principles/solidarity/")
    assertContains(
        response, '<strong>Actors involved</strong> (<a href="/guide/#actors" rel="noopener noreferrer">section 3</a>)'
    )
    assertContains(
        response,
        '(Financing Decent Work, <a href="/guide/#mechanisms" rel="noopener noreferrer">section 2</a>)',
        html=False,
    )


def test_the_migration_links_the_phrases_of_an_earlier_database_and_keeps_a_curators_rewording():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("guide.migrations.0004_links_in_descriptions")
    roscas = FinanceMechanism.objects.get(slug="roscas")
    linked = roscas.description
    earlier = linked.replace("[Kenyan case study](/case-studies/kenya-roscas/)", "Kenyan case study").replace(
        "([section 3](/guide/#case-studies-ssf))", "(section 3)"
    )
    FinanceMechanism.objects.filter(pk=roscas.pk).update(description=earlier)
    reworded = Principle.objects.get(slug="solidarity")
    Principle.objects.filter(pk=reworded.pk).update(description="A curator's own words, section 1 and all.")

    migration.replace(apps)

    assert FinanceMechanism.objects.get(pk=roscas.pk).description == linked
    assert Principle.objects.get(pk=reworded.pk).description == "A curator's own words, section 1 and all."

    migration.replace(apps, backwards=True)
    assert "The guide's Kenyan case study (section 3)" in FinanceMechanism.objects.get(pk=roscas.pk).description
