"""The catalogue at /case-studies/: every parameter of the contract, facets, chips, sort and pages."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.catalogue import PAGE_SIZE
from casestudies.models import CaseStudy
from tests.factories import add_partner, make_case_study, make_organisation

pytestmark = pytest.mark.django_db


def slugs(response):
    """The case studies a catalogue page lists, in order."""
    return [case_study.slug for case_study in response.context["page"].object_list]


def all_slugs(client, query):
    response = client.get(f"/case-studies/?{query}")
    assert response.status_code == 200
    assert response.context["page"].paginator.num_pages == 1
    return set(slugs(response))


def published(**lookups):
    return set(CaseStudy.objects.published().filter(**lookups).values_list("slug", flat=True))


def test_region_and_sub_modality_together_find_the_mano_river_union(client):
    assert all_slugs(client, "region=africa&submodality=fragile-to-fragile") == {
        "mano-river-union-cross-border-traders"
    }


@pytest.mark.parametrize(
    ("query", "lookups"),
    [
        ("region=africa", {"countries__region__slug": "africa"}),
        ("country=KE", {"countries__iso2": "KE"}),
        ("modality=triangular", {"modality__slug": "triangular"}),
        ("submodality=city-to-city", {"submodalities__slug": "city-to-city"}),
        ("theme=social-and-solidarity-finance", {"themes__slug": "social-and-solidarity-finance"}),
        ("mechanism=village-banks", {"mechanisms__slug": "village-banks"}),
        ("principle=demand-driven", {"principles__slug": "demand-driven"}),
        ("actor=local-governments", {"participations__organisation__actor_type__slug": "local-governments"}),
        ("sdg=8", {"sdgs__number": 8}),
    ],
)
def test_each_parameter_filters_alone(client, query, lookups):
    expected = published(**lookups)

    assert expected, f"the fixtures should have a case study for {query}"
    assert all_slugs(client, query) == expected


def test_country_codes_are_case_insensitive(client):
    assert all_slugs(client, "country=ke") == all_slugs(client, "country=KE") == published(countries__iso2="KE")


def test_values_of_one_parameter_are_ored_and_parameters_anded(client):
    africa, americas = published(countries__region__slug="africa"), published(countries__region__slug="americas")
    triangular = published(modality__slug="triangular")

    assert all_slugs(client, "region=africa&region=americas") == africa | americas
    assert all_slugs(client, "region=africa&region=americas&modality=triangular") == (africa | americas) & triangular


def test_years_select_the_case_studies_that_overlap_the_range(client):
    # Laos village banks began in 1997; Maputo (2012) and the Pacific forum (2018) go on.
    in_range = all_slugs(client, "year_from=2015&year_to=2020")
    before = all_slugs(client, "year_to=2000")

    assert "pacific-islands-climate-forum" in in_range
    assert "maputo-road-map" in in_range, "an ongoing initiative overlaps every later range"
    assert "laos-village-bank" in before
    assert "pacific-islands-climate-forum" not in before
    overlapping = list(CaseStudy.objects.filter(slug__in=in_range))
    assert len(overlapping) == len(in_range) >= 2
    for case_study in overlapping:
        assert case_study.start_year is not None and case_study.start_year <= 2020
        assert case_study.end_year is None or case_study.end_year >= 2015


def test_unknown_years_are_left_out_of_a_year_filter(client):
    undated = published(start_year__isnull=True, end_year__isnull=True)

    assert undated, "the fixtures leave the years of some case studies empty"
    assert not undated & all_slugs(client, "year_from=1900")


def test_search_finds_words_in_the_text_partners_and_countries(client):
    assert "laos-village-bank" in all_slugs(client, "q=village+banks")
    assert "kenya-roscas" in all_slugs(client, "q=Kenya")
    assert "ibsa-fund-haiti" in all_slugs(client, "q=IBSA")
    assert not all_slugs(client, "q=zzzqqqxxx")


def test_search_ranks_a_title_match_first(client):
    response = client.get("/case-studies/?q=credit+unions")

    assert slugs(response)[0] == "malaysia-credit-union-promotion-centre"


def test_search_combines_with_filters(client):
    assert all_slugs(client, "q=savings&region=africa") <= published(countries__region__slug="africa")


def test_search_follows_a_new_partner(client):
    # On PostgreSQL this is the trigger and the signals keeping the stored vector up to date.
    case_study = CaseStudy.objects.get(slug="kenya-roscas")
    add_partner(case_study, make_organisation(name="Quixotic Savers Federation"), role="knowledge")

    assert all_slugs(client, "q=Quixotic") == {"kenya-roscas"}


def test_sort_orders_by_title_or_years(client):
    by_title = slugs(client.get("/case-studies/?sort=title"))
    titles = list(CaseStudy.objects.filter(slug__in=by_title).values_list("slug", "title"))
    order = dict(titles)

    assert [order[slug] for slug in by_title] == sorted(order[slug] for slug in by_title)

    newest = [CaseStudy.objects.get(slug=s).start_year for s in slugs(client.get("/case-studies/"))]
    dated = [year for year in newest if year is not None]
    assert dated == sorted(dated, reverse=True)
    assert newest[: len(dated)] == dated, "case studies without years come after the dated ones"

    oldest = [CaseStudy.objects.get(slug=s).start_year for s in slugs(client.get("/case-studies/?sort=start_year"))]
    assert [year for year in oldest if year is not None] == sorted(dated)


def test_drafts_and_withdrawn_case_studies_are_not_listed(client):
    make_case_study(title="A draft nobody should see", modality="south-south")
    make_case_study(title="A withdrawn one", modality="south-south", status="withdrawn", withdrawn_reason="Duplicate.")

    response = client.get("/case-studies/?q=nobody")

    assertNotContains(response, "A draft nobody should see")
    assertNotContains(client.get("/case-studies/?sort=title"), "A withdrawn one")


def facet_options(response, name):
    return {
        option.key: option for facet in response.context["facets"] if facet.name == name for option in facet.options
    }


FACETS = ["region", "modality", "submodality", "theme", "mechanism", "principle", "actor", "sdg", "country"]
CONTEXTS = [
    "",
    "modality=south-south",
    "theme=social-and-solidarity-finance&q=women",
    "region=asia-pacific&sdg=8",
    "region=africa&region=americas&theme=financial-inclusion",
]


@pytest.mark.parametrize(("facet", "context"), [(facet, context) for context in CONTEXTS for facet in FACETS])
def test_each_facet_count_is_what_clicking_its_option_gives(client, facet, context):
    """Whether or not the facet has a choice already, the number beside an option that can be
    added is exactly the number of results its link lists."""
    response = client.get(f"/case-studies/?{context}")
    options = facet_options(response, facet)

    assert options
    for option in options.values():
        if option.selected or not option.available:
            continue
        clicked = client.get(f"/case-studies/{option.url}")
        assert clicked.context["page"].paginator.count == option.count, (facet, option.key)


def test_a_ticked_option_counts_the_case_studies_shown_that_have_it(client):
    response = client.get("/case-studies/?region=africa&region=americas")
    regions = facet_options(response, "region")

    assert regions["africa"].count == len(published(countries__region__slug="africa"))
    assert regions["americas"].count == len(published(countries__region__slug="americas"))
    assert response.context["page"].paginator.count == len(
        published(countries__region__slug="africa") | published(countries__region__slug="americas")
    )


def test_an_option_no_case_study_has_is_shown_without_a_link(client):
    response = client.get("/case-studies/")
    principles = facet_options(response, "principle")

    assert not principles["solidarity"].available
    assertNotContains(response, f'href="{principles["solidarity"].url}"')


def test_adding_a_second_region_counts_both(client):
    response = client.get("/case-studies/?region=africa")
    regions = facet_options(response, "region")

    assert regions["africa"].selected
    assert not regions["asia-pacific"].selected
    assert regions["asia-pacific"].count == len(
        published(countries__region__slug="africa") | published(countries__region__slug="asia-pacific")
    )


def test_facet_links_toggle_one_value_and_go_back_to_the_first_page(client):
    regions = facet_options(client.get("/case-studies/?region=africa&page=1"), "region")

    assert regions["africa"].url == "?"
    assert regions["americas"].url == "?region=africa&region=americas"


def test_chips_name_the_active_filters_and_remove_one_each(client):
    response = client.get("/case-studies/?region=africa&q=traders&year_from=2010")
    chips = {chip.label: chip.remove_url for chip in response.context["chips"]}

    assert chips == {
        "Search: “traders”": "?region=africa&year_from=2010",
        "Region: Africa": "?q=traders&year_from=2010",
        "From 2010": "?region=africa&q=traders",
    }
    assertContains(response, 'class="clear-all" href="/case-studies/"')


def test_the_address_is_the_state_of_the_page(client):
    response = client.get("/case-studies/?region=africa&sort=title")

    # The search form carries the active facets; the export links carry the whole query.
    assertContains(response, '<input type="hidden" name="region" value="africa">', html=True)
    assertContains(response, 'href="/case-studies/export.csv?region=africa&amp;sort=title"')
    assertContains(response, '<option value="title" selected>Title (A–Z)</option>', html=True)


def test_pages_of_twenty_with_links_to_the_next_and_previous(client):
    modality = CaseStudy.objects.get(slug="kenya-roscas").modality or make_case_study(modality="south-south").modality
    CaseStudy.objects.bulk_create(
        CaseStudy(title=f"Paged case {n:02}", slug=f"paged-case-{n}", summary="Shared.", modality=modality)
        for n in range(30)
    )
    CaseStudy.objects.filter(slug__startswith="paged-case-").change(status="published")
    total = CaseStudy.objects.published().count()

    first = client.get("/case-studies/?sort=title")
    second = client.get("/case-studies/?sort=title&page=2")

    assert len(slugs(first)) == PAGE_SIZE
    assertContains(first, f"{total} case studies")
    assertContains(first, '<a href="?sort=title&amp;page=2" rel="next">Next page</a>', html=True)
    assert not set(slugs(first)) & set(slugs(second))
    assertContains(second, 'rel="prev"')


def test_the_home_page_reaches_village_savings_in_asia_in_two_clicks(client):
    home = client.get("/")
    region_link = re.search(r'href="(/case-studies/\?region=asia-pacific)"', home.content.decode())
    assert region_link

    catalogue = client.get(region_link.group(1))
    village_banks = facet_options(catalogue, "mechanism")["village-banks"]

    assert all_slugs(client, village_banks.url.removeprefix("?")) == {"laos-village-bank"}


@pytest.mark.usefixtures("every_page_rendered")  # the same address asked twice, its context read
@pytest.mark.parametrize("text", ['"savings"', "savings.", "kenya?", "Kenya, savings"])
def test_punctuation_around_words_does_not_hide_them(client, text):
    assert all_slugs(client, f"q={text}") == all_slugs(client, "q=" + " ".join(re.findall(r"\w+", text)))
    assert all_slugs(client, f"q={text}")


def test_page_links_and_the_canonical_address_carry_the_query_as_understood(client):
    modality = CaseStudy.objects.filter(modality__isnull=False).first().modality
    CaseStudy.objects.bulk_create(
        CaseStudy(title=f"Canonical case {n:02}", slug=f"canonical-case-{n}", summary="Shared.", modality=modality)
        for n in range(25)
    )
    CaseStudy.objects.filter(slug__startswith="canonical-case-").change(status="published")

    response = client.get("/case-studies/?sort=title&region=&country=zz&zz=junk")

    assertContains(response, '<a href="?sort=title&amp;page=2" rel="next">Next page</a>', html=True)
    assertContains(response, '<link rel="canonical" href="http://testserver/case-studies/?sort=title">', html=True)
    second = client.get("/case-studies/?sort=title&page=2")
    assertContains(second, '<a href="?sort=title" rel="prev">Previous page</a>', html=True)
    assertContains(second, '<link rel="canonical" href="http://testserver/case-studies/?sort=title&amp;page=2">')


def test_a_search_for_cooperatives_lists_them_before_texts_about_cooperation(client):
    found = slugs(client.get("/case-studies/?q=cooperative"))

    assert found[0] == "india-shg-bank-linkage", "its title names the Vasundhara Cooperative"
