"""Spot checks of the fixtures against the guide, and the data rules every loaded row must keep."""

import re

import pytest

from casestudies.models import CaseStudy, Country, Grouping, Region, SdgGoal, Theme
from guide.models import (
    ActorType,
    FinanceMechanism,
    Framework,
    Guidance,
    Modality,
    Principle,
    ProcessStep,
    Resource,
    SubModality,
)

pytestmark = pytest.mark.django_db

# The guide's case studies: fixtures/case_studies_initiatives.json and case_studies_ssf.json, eight each.
LOADED_CASE_STUDIES = 16


def codes(queryset):
    return sorted(queryset.values_list("iso2", flat=True))


def figures(slug):
    return {figure.value: figure.label for figure in CaseStudy.objects.get(slug=slug).key_figures.all()}


def test_the_principles_are_the_guides_seven_in_order():
    assert list(Principle.objects.values_list("name", flat=True)) == [
        "Solidarity",
        "National ownership and leadership",
        "Mutual benefit",
        "Non-conditionality",
        "Complementarity",
        "Respect for national sovereignty and non-interference in internal affairs",
        "Demand-driven",
    ]


def test_every_do_and_dont_of_the_guides_table_is_there():
    counts = {
        (step, kind): Guidance.objects.filter(step__slug=step, kind=kind).count()
        for step in ("needs-matching", "stakeholder-consultation", "project-design")
        for kind in ("do", "dont")
    }
    assert counts == {
        ("needs-matching", "do"): 2,
        ("needs-matching", "dont"): 1,
        ("stakeholder-consultation", "do"): 3,
        ("stakeholder-consultation", "dont"): 2,
        ("project-design", "do"): 7,
        ("project-design", "dont"): 1,
    }


def test_the_addis_ababa_action_agenda_points_to_paragraph_57():
    agenda = Framework.objects.get(slug="addis-ababa-action-agenda")

    assert (agenda.year, agenda.key_provision) == (2015, "Paragraph 57")
    assert Framework.objects.get(slug="bapa-40").year == 2019


def test_resources_carry_their_years_and_languages():
    academy = Resource.objects.get(year=2016)

    assert sorted(academy.languages.values_list("code", flat=True)) == ["ar", "en", "es", "fr", "pt", "ru", "zh"]
    # The South-South Meeting Point Library, to which the guide points last, has no year.
    assert sorted(Resource.objects.exclude(year=None).values_list("year", flat=True)) == [
        2012,
        2015,
        2016,
        2018,
        2019,
        2019,
    ]
    assert list(Resource.objects.filter(year=None).values_list("slug", flat=True)) == [
        "south-south-meeting-point-library"
    ]


def test_the_world_is_in_five_ilo_regions():
    assert list(Region.objects.values_list("slug", flat=True)) == [
        "africa",
        "americas",
        "arab-states",
        "asia-pacific",
        "europe-central-asia",
    ]
    assert Country.objects.count() == 249
    assert Country.objects.get(iso2="JO").region.slug == "arab-states"
    assert Country.objects.get(iso2="EG").region.slug == "africa"
    assert Country.objects.get(iso2="KZ").region.slug == "europe-central-asia"


def test_country_flags_follow_the_un_and_world_bank_lists():
    assert Country.objects.filter(is_ldc=True).count() == 44
    samoa, haiti, norway, sierra_leone = (Country.objects.get(iso2=code) for code in ("WS", "HT", "NO", "SL"))
    assert samoa.is_sids and samoa.is_global_south
    assert haiti.is_sids and haiti.is_ldc and haiti.is_fragile
    assert not norway.is_global_south
    assert sierra_leone.is_fragile


def test_there_are_17_sdgs():
    assert list(SdgGoal.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert SdgGoal.objects.get(number=8).short_name == "Decent work and economic growth"


def test_groupings_have_their_members():
    assert codes(Grouping.objects.get(slug="ibsa").members) == ["BR", "IN", "ZA"]
    assert codes(Grouping.objects.get(slug="mano-river-union").members) == ["CI", "GN", "LR", "SL"]


def test_the_maputo_road_map_is_city_to_city_cooperation_of_2012():
    maputo = CaseStudy.objects.get(slug="maputo-road-map")

    assert maputo.start_year == 2012
    assert codes(maputo.countries) == ["BR", "MZ", "ZA"]
    assert list(maputo.submodalities.values_list("slug", flat=True)) == ["city-to-city"]


def test_the_mano_river_union_case_is_fragile_to_fragile_cooperation_in_africa():
    traders = CaseStudy.objects.get(slug="mano-river-union-cross-border-traders")

    assert traders.start_year == 2019
    # The guide names the Union and a pilot in Sierra Leone, not the Union's other members.
    assert codes(traders.countries) == ["SL"]
    assert "fragile-to-fragile" in traders.submodalities.values_list("slug", flat=True)


def test_the_ibsa_project_in_haiti_ran_two_years_for_us_1_5_million():
    haiti = CaseStudy.objects.get(slug="ibsa-fund-haiti")

    assert (haiti.start_year, haiti.end_year) == (2015, 2017)
    assert "US$ 1.5 million" in figures("ibsa-fund-haiti")
    assert "HT" in codes(haiti.countries)


def test_bolsa_verde_pays_families_every_three_months():
    bolsa_verde = CaseStudy.objects.get(slug="bolsa-verde")

    # The guide: "2011-2020, ongoing", so no end year.
    assert (bolsa_verde.start_year, bolsa_verde.end_year) == (2011, None)
    assert {"R$ 300", "30,000"} <= set(figures("bolsa-verde"))
    assert bolsa_verde.mechanisms.filter(slug="conditional-cash-transfers").exists()


def test_the_vasundhara_cooperative_rehabilitated_13663_tribal_families():
    assert {"13,663", "2,290", "172"} <= set(figures("india-shg-bank-linkage"))


def test_the_lao_village_banks_began_in_1997_with_support_from_outside_the_south():
    laos = CaseStudy.objects.get(slug="laos-village-bank")

    assert laos.start_year == 1997
    assert laos.modality.slug == "triangular"
    assert {"139", "80"} <= set(figures("laos-village-bank"))


def test_every_case_study_names_its_source_in_the_guide():
    case_studies = list(CaseStudy.objects.prefetch_related("sources"))
    assert len(case_studies) >= LOADED_CASE_STUDIES
    for case_study in case_studies:
        sections = [source.guide_section for source in case_study.sources.all() if source.guide_section]
        assert sections, case_study.slug


@pytest.mark.parametrize(
    "model",
    [Principle, Modality, SubModality, ActorType, ProcessStep, FinanceMechanism, Framework, Resource, Theme, Grouping],
    ids=lambda model: model.__name__,
)
def test_every_concept_names_the_guide_section_it_comes_from(model):
    assert model.objects.exists()
    assert list(model.objects.filter(section="").values_list("slug", flat=True)) == []


def test_every_loaded_case_study_keeps_the_domain_rules():
    case_studies = list(CaseStudy.objects.select_related("modality"))
    assert len(case_studies) >= LOADED_CASE_STUDIES
    for case_study in case_studies:
        case_study.full_clean()
        case_study.validate_relations()


def test_every_key_figure_and_year_stands_in_the_guide(guide_text):
    """Figures are carried over exactly: each number of a key figure, and each year, is one the guide gives."""
    numbers_in_guide = set(re.findall(r"\d[\d,.]*\d|\d", guide_text))
    missing = []
    case_studies = list(CaseStudy.objects.prefetch_related("key_figures"))
    assert len(case_studies) >= LOADED_CASE_STUDIES
    assert sum(len(case_study.key_figures.all()) for case_study in case_studies) >= 32
    for case_study in case_studies:
        numbers = [
            number for figure in case_study.key_figures.all() for number in re.findall(r"\d[\d,.]*\d|\d", figure.value)
        ]
        numbers += [str(year) for year in (case_study.start_year, case_study.end_year) if year]
        missing += [f"{case_study.slug}: {number}" for number in numbers if number not in numbers_in_guide]
    assert missing == []
