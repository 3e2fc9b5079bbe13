"""What a new reader meets on the public pages (issue 12): a search sorted by relevance, counts
that say what a link adds, jargon explained where it is used, cards with the facts that matter,
empty results that lead somewhere, and metadata a reference manager reads."""

import re

import pytest
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.models import CaseStudy, Region
from guide.models import FinanceMechanism, SubModality
from tests.factories import add_partner, make_case_study, make_organisation

pytestmark = pytest.mark.django_db


def slugs(response):
    return [case_study.slug for case_study in response.context["page"].object_list]


def published(**lookups):
    return set(CaseStudy.objects.published().filter(**lookups).values_list("slug", flat=True))


def facet(response, name):
    return next(facet for facet in response.context["facets"] if facet.name == name)


# The search's order.


def test_the_search_form_sends_no_order_so_a_typed_search_is_sorted_by_relevance(client):
    older = make_case_study(title="Zebrafin savings exchange", start_year=1990, modality="south-south")
    newer = make_case_study(summary="Partners mentioned zebrafin once.", start_year=2020, modality="south-south")
    CaseStudy.objects.filter(pk__in=[older.pk, newer.pk]).change(status="published")

    # What the form sends when the reader types words and leaves the sort menu alone.
    typed = client.get("/case-studies/?q=zebrafin&year_from=&year_to=&sort=")

    # The title match first, though older (newest first would put it last).
    assert slugs(typed) == [older.slug, newer.slug]
    assert slugs(client.get("/case-studies/?q=zebrafin&sort=-start_year")) == [newer.slug, older.slug]
    assertContains(typed, '<option value="" selected>Best match</option>', html=True)


def test_without_a_search_the_menu_offers_newest_first_by_default_and_no_relevance(client):
    response = client.get("/case-studies/")

    assertContains(response, '<option value="" selected>Newest first</option>', html=True)
    assertNotContains(response, 'value="relevance"')
    assertContains(response, '<option value="title">Title (A–Z)</option>', html=True)


def test_an_empty_sort_or_year_is_no_part_of_the_page_links(client):
    response = client.get("/case-studies/?region=africa&sort=&year_from=")

    assertContains(response, '<link rel="canonical" href="http://testserver/case-studies/?region=africa">', html=True)
    assert not response.context["problems"]


def test_a_chosen_sort_stays_chosen_with_a_search(client):
    response = client.get("/case-studies/?q=savings&sort=title")

    assertContains(response, '<option value="title" selected>Title (A–Z)</option>', html=True)


# The counts.


def test_beside_another_region_a_ticked_region_shows_what_adding_it_adds(client):
    response = client.get("/case-studies/?region=africa")
    asia = next(option for option in facet(response, "region").options if option.key == "asia-pacific")
    africa = published(countries__region__slug="africa")
    either = africa | published(countries__region__slug="asia-pacific")

    assert asia.added == len(either) - len(africa)
    assertContains(response, f'<span class="count" aria-hidden="true">+{asia.added}</span>', html=True)
    assertContains(response, f"adds {asia.added} case stud")
    # The number it would list, which read as wrong beside Asia's own, is not shown.
    assertNotContains(response, f'Asia and the Pacific</span> <span class="count">{len(either)}</span>')


def test_without_a_choice_in_the_facet_an_option_shows_its_own_count(client):
    response = client.get("/case-studies/?theme=social-and-solidarity-finance")
    asia = next(option for option in facet(response, "region").options if option.key == "asia-pacific")

    assert asia.added is None
    assertContains(response, f'<span>Asia and the Pacific</span> <span class="count">{asia.count}</span>', html=True)


def test_options_no_case_study_has_are_folded_away_not_links(client):
    response = client.get("/case-studies/")
    principles = facet(response, "principle")

    assert "solidarity" in [option.key for option in principles.unavailable]
    assert "solidarity" not in [option.key for option in principles.offered]
    content = response.content.decode()
    folded = content[content.index('id="facet-principle"') :]
    folded = folded[: folded.index("</section>")]
    assert re.search(r'<details class="unavailable">\s*<summary>\d+ more with no case study here', folded)


# Jargon explained.


@pytest.mark.parametrize(
    ("name", "label", "words"),
    [
        ("submodality", "Form of cooperation", "sub-modalities"),
        ("actor", "Kind of partner", "actors"),
        ("mechanism", "Finance mechanism", "financing decent work"),
        ("principle", "Principle", "principles"),
        ("modality", "Modality", "triangular"),
    ],
)
def test_each_facet_the_guide_defines_says_what_it_is(client, name, label, words):
    response = client.get("/case-studies/")
    shown = facet(response, name)

    assert shown.label == label
    assert words in shown.about
    assertContains(response, f'<p class="about">{escape(shown.about)}</p>', html=True)


@pytest.mark.parametrize(
    ("slug", "page"),
    [
        ("roscas", "/guide/mechanisms/roscas/"),
        ("social-financial-intermediaries", "/guide/mechanisms/social-financial-intermediaries/"),
    ],
)
def test_a_mechanism_option_is_defined_beside_the_filters_with_a_link_to_its_page(client, slug, page):
    response = client.get("/case-studies/")
    mechanism = FinanceMechanism.objects.get(slug=slug)

    assertContains(
        response,
        f'<dt><a href="{page}">{escape(mechanism.name)}</a></dt><dd>{escape(mechanism.summary)}</dd>',
        html=True,
    )


def test_non_conditionality_is_defined_beside_the_principles(client):
    assertContains(
        client.get("/case-studies/"), '<a href="/guide/principles/non-conditionality/">Non-conditionality</a>'
    )


# Cards.


def test_a_card_writes_the_years_as_the_case_page_does(client):
    ongoing = client.get("/case-studies/?q=Laos+village+bank")
    assertContains(ongoing, "<dt>Years</dt><dd>1997 onwards</dd>", html=True)

    one_year = make_case_study(
        title="A single year of exchange", start_year=2019, end_year=2019, modality="south-south"
    )
    one_year.status = CaseStudy.Status.PUBLISHED
    one_year.save()
    response = client.get("/case-studies/?q=single+year+exchange")
    assertContains(response, "<dt>Years</dt><dd>2019</dd>", html=True)
    assertNotContains(response, "2019–2019")


def test_a_card_names_the_region_the_form_of_cooperation_and_the_mechanism(client):
    response = client.get("/case-studies/?q=Laos+village+bank")
    laos = CaseStudy.objects.get(slug="laos-village-bank")
    card = response.content.decode()
    card = card[card.index(f'href="{laos.get_absolute_url()}"') :]
    card = card[: card.index("</li>")]

    for region in laos.regions:
        assert region.name in card
    for mechanism in laos.mechanisms.all():
        assert escape(mechanism.name) in card
    for form in laos.submodalities.all():
        assert escape(form.name) in card


# Empty results.


def test_an_empty_list_says_which_filter_emptied_it_and_offers_each_way_out(client):
    # Fragile-to-fragile cooperation in Africa gives the Mano River Union; not with a search for bonds.
    response = client.get("/case-studies/?region=africa&submodality=fragile-to-fragile&q=bonds")

    assert response.context["page"].paginator.count == 0
    near = {suggestion.without: suggestion for suggestion in response.context["near"]}
    without_search = near["the search “bonds”"]
    assert without_search.count == 1
    assert without_search.url == "?region=africa&submodality=fragile-to-fragile"
    assertContains(response, "No case study matches all of these together.")
    assertContains(response, '<a href="?region=africa&amp;submodality=fragile-to-fragile#results">', 1)
    assertContains(response, "Without the search “bonds”: 1 case study")
    # The most helpful first.
    counts = [suggestion.count for suggestion in response.context["near"]]
    assert counts == sorted(counts, reverse=True)
    assertNotContains(response, "export.csv")
    assertNotContains(response, "export.json")
    assertContains(response, '<meta name="robots" content="noindex">', html=True)


def test_a_list_with_results_offers_its_downloads(client):
    assertContains(client.get("/case-studies/?region=africa"), "export.csv?region=africa")


def test_a_region_with_no_case_study_is_no_link_on_the_home_page(client):
    empty = Region.objects.create(name="Nowhere yet", slug="nowhere-yet", order=99)

    response = client.get("/")

    assertContains(response, "Nowhere yet")
    assertNotContains(response, f"?region={empty.slug}")


def test_the_home_page_has_a_search_box_and_a_way_in_by_finance_mechanism(client):
    response = client.get("/")

    assertContains(response, '<input type="search" id="home-q" name="q"')
    assertContains(response, 'action="/case-studies/#results"')
    assertContains(response, 'href="/case-studies/?mechanism=village-banks"')


# The phone: filters one tap from the results, and back at the results after a choice.


def test_the_results_link_to_the_filters_which_link_back_to_the_results(client):
    response = client.get("/case-studies/?region=africa&theme=social-and-solidarity-finance&q=savings")

    assertContains(response, '<a class="filters-link" href="#filters">Filters (2)</a>', html=True)
    assertContains(response, 'id="filters"')
    assertContains(response, '<a class="skip-link" href="#filters">Skip to filters</a>', html=True)
    options = facet(response, "region").options
    for option in options:
        if option.available or option.selected:
            assertContains(response, f'href="{escape(option.url)}#results"')


def test_a_country_found_by_its_name_is_chosen_as_by_its_code(client):
    by_name = client.get("/case-studies/?country=kenya&region=africa")

    assert by_name.context["query"].params.getlist("country") == ["KE"]
    assert set(slugs(by_name)) == published(countries__iso2="KE")
    assert not by_name.context["problems"]


def test_the_countries_are_listed_by_name_under_their_regions(client):
    response = client.get("/case-studies/")
    countries = facet(response, "country")

    groups = countries.groups
    assert [name for name, _options in groups] == sorted(name for name, _options in groups)
    for _name, options in groups:
        assert [option.label for option in options] == sorted(option.label for option in options)
    assertContains(response, '<datalist id="country-names">')


# The case-study page.


def test_a_partner_named_after_its_country_is_not_followed_by_the_country_again(client):
    case_study = make_case_study(title="Zambian exchange", status=CaseStudy.Status.DRAFT, modality="south-south")
    add_partner(case_study, make_organisation(country="ZM", name="Government of Zambia"), role="host")
    add_partner(case_study, make_organisation(country="KE", name="Union of Savings Groups"), role="host")
    CaseStudy.objects.filter(pk=case_study.pk).change(status="published")

    response = client.get(case_study.get_absolute_url())

    assertContains(response, "Government of Zambia")
    assertNotContains(response, "Government of Zambia (Zambia)")
    assertContains(response, "Union of Savings Groups (Kenya)")


def test_the_case_study_page_carries_highwire_and_dublin_core_tags_for_reference_managers(client):
    response = client.get("/case-studies/ibsa-fund-haiti/")
    case_study = CaseStudy.objects.get(slug="ibsa-fund-haiti")
    tags = dict(re.findall(r'<meta name="((?:citation_|DC\.)\w+)" content="([^"]*)">', response.content.decode()))
    url = "http://testserver/case-studies/ibsa-fund-haiti/"
    changed = case_study.updated.date()

    assert tags["citation_title"] == escape(case_study.title)
    assert tags["citation_author"] == "International Labour Organization"
    # The one tag from which Zotero's Embedded Metadata translator files the page as a report,
    # as the .bib (@techreport) and the .ris (RPRT) do.
    assert tags["citation_technical_report_institution"] == "International Labour Organization"
    assert tags["citation_publication_date"] == changed.strftime("%Y/%m/%d")
    assert tags["citation_public_url"] == tags["citation_abstract_html_url"] == url
    assert tags["citation_language"] == "en"
    assert tags["DC.title"] == escape(case_study.title)
    assert tags["DC.creator"] == tags["DC.publisher"] == "International Labour Organization"
    assert tags["DC.date"] == changed.isoformat()
    assert tags["DC.identifier"] == url
    assert tags["DC.type"] == "Text"
    assert tags["DC.language"] == "en"
    assertContains(response, '<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">', html=True)


def test_the_permalink_is_printed_once_on_paper(client):
    response = client.get("/case-studies/ibsa-fund-haiti/")

    # The citation line carries it; the row that repeats it on screen is left off paper.
    assertContains(response, '<dt class="screen-only">Permalink</dt>', html=True)


def test_the_footer_says_plainly_what_a_partner_is(client):
    response = client.get("/")

    assertNotContains(response, "Every partner is a development partner.")
    assertContains(response, "We call every organisation that takes part a partner")


def test_one_name_per_concept_on_the_public_pages(client):
    # The guide's "sub-modality" is a "form of cooperation" wherever a reader meets it.
    SubModality.objects.get(slug="city-to-city")
    for url in ["/", "/case-studies/", "/case-studies/laos-village-bank/"]:
        content = client.get(url).content.decode()
        assert "Submodalit" not in content and "Sub-modalit" not in content, url
