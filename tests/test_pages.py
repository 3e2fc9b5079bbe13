"""The pages a new installation serves, and what they must not show."""

import pytest
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.models import CaseStudy
from guide.models import ActorType, FinanceMechanism, Modality, Principle, ProcessStep, SubModality
from tests.factories import make_case_study

pytestmark = pytest.mark.django_db


def test_the_home_page_introduces_sstc_and_leads_into_the_catalogue(client):
    response = client.get("/")

    assertContains(response, "South-South and triangular cooperation")
    assertContains(response, 'href="/case-studies/?region=asia-pacific"')
    assertContains(response, 'href="/case-studies/?submodality=city-to-city"')
    assertContains(response, 'href="/case-studies/?theme=social-and-solidarity-finance"')
    assertContains(response, 'href="/guide/sub-modalities/city-to-city/"')
    africa = next(region for region in response.context["regions"] if region.slug == "africa")
    assert africa.published == CaseStudy.objects.published().filter(countries__region=africa).distinct().count()


def test_the_admin_asks_for_a_login(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get(response["Location"]).status_code == 200


def test_the_catalogue_lists_published_case_studies(client):
    response = client.get("/case-studies/")

    assertContains(response, CaseStudy.objects.published().count())
    assertContains(response, "Mano River Union")


@pytest.mark.parametrize(
    "model", [Principle, Modality, SubModality, ActorType, ProcessStep, FinanceMechanism], ids=lambda m: m.__name__
)
def test_every_guide_concept_has_a_page(client, model):
    concepts = list(model.objects.all())
    assert concepts
    for entry in concepts:
        assertContains(client.get(entry.get_absolute_url()), escape(entry.name))


def test_a_process_step_page_shows_its_dos_and_donts(client):
    step = ProcessStep.objects.get(slug="stakeholder-consultation")

    response = client.get(step.get_absolute_url())

    guidance_rows = list(step.guidance.all())
    assert guidance_rows, "the guide gives dos and don'ts for a stakeholder consultation"
    for guidance in guidance_rows:
        assertContains(response, escape(guidance.text))


def test_a_case_study_page_shows_its_partners_and_figures(client):
    case_study = CaseStudy.objects.get(slug="ibsa-fund-haiti")

    response = client.get(case_study.get_absolute_url())

    assertContains(response, case_study.title)
    assertContains(response, "US$ 1.5 million")
    assertContains(response, "Resource partner")


def test_a_draft_is_not_shown_to_the_public(client):
    draft = make_case_study(status=CaseStudy.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assertNotContains(client.get("/case-studies/"), draft.title)


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # The home page: four lists of ways in (regions, mechanisms, forms of cooperation, themes),
        # the principles, and the recent case studies with their countries, forms and mechanisms.
        ("/", 10),
        ("/guide/", 9),
        ("/guide/modalities/south-south/", 9),
        ("/guide/actors/governments/", 9),
    ],
)
def test_list_pages_take_a_fixed_number_of_queries(client, django_assert_max_num_queries, url, budget):
    # The page's queries, and the catalogue's version for its ETag.
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_a_case_study_page_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    # With the related case studies: their ranking, then read back.
    with django_assert_max_num_queries(16):
        assert client.get("/case-studies/laos-village-bank/").status_code == 200


def test_an_administrator_can_open_a_case_study_in_the_admin(admin_client):
    case_study = CaseStudy.objects.get(slug="maputo-road-map")

    response = admin_client.get(f"/admin/casestudies/casestudy/{case_study.pk}/change/")

    assertContains(response, case_study.title)
    assertContains(response, "United Cities and Local Governments")
