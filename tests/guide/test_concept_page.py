"""A concept's page lists a few of the case studies that illustrate it, and leads to all of them."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.models import CaseStudy
from guide.models import Principle, ProcessStep
from guide.views import SHOWN_CASE_STUDIES
from tests.factories import make_case_study

pytestmark = pytest.mark.django_db


def illustrate(concept, relation, number):
    for n in range(number):
        case_study = make_case_study(
            title=f"Illustration {n:03d}", modality="south-south", status=CaseStudy.Status.PUBLISHED
        )
        getattr(case_study, relation).add(concept)


def test_a_concept_with_many_case_studies_shows_the_first_and_links_to_all_in_the_catalogue(client):
    principle = Principle.objects.get(slug="solidarity")
    illustrate(principle, "principles", SHOWN_CASE_STUDIES + 5)
    total = CaseStudy.objects.published().filter(principles=principle).count()

    response = client.get(f"/guide/principles/{principle.slug}/")

    assert len(response.context["case_studies"]) == SHOWN_CASE_STUDIES
    assertContains(response, f"{total} case studies illustrate this; the first {SHOWN_CASE_STUDIES} by title")
    assertContains(response, f'<a href="/case-studies/?principle=solidarity">See all {total} in the catalogue</a>')


def test_a_concept_the_catalogue_does_not_filter_by_gives_the_number_without_a_link(client):
    step = ProcessStep.objects.first()
    illustrate(step, "process_steps", SHOWN_CASE_STUDIES + 1)

    response = client.get(step.get_absolute_url())

    assertContains(response, "case studies illustrate this")
    assertNotContains(response, "See all")


def test_a_concept_with_few_case_studies_lists_them_all_without_a_count(client):
    principle = Principle.objects.get(slug="solidarity")

    response = client.get(f"/guide/principles/{principle.slug}/")

    shown = len(response.context["case_studies"])
    assert shown == CaseStudy.objects.published().filter(principles=principle).count() <= SHOWN_CASE_STUDIES
    assertNotContains(response, "illustrate this; the first")
