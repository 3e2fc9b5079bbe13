"""A curator finds a case study by its partner: two letters in the autocomplete, then the list."""

import pytest
from pytest_django.asserts import assertContains

from casestudies.models import CaseStudy, Organisation

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/casestudies/casestudy/"


def test_two_letters_of_a_partner_offer_it_in_the_autocomplete(curator):
    response = curator.get(
        "/admin/autocomplete/",
        {"term": "Co", "app_label": "casestudies", "model_name": "participation", "field_name": "organisation"},
    )

    offered = [result["text"] for result in response.json()["results"]]
    assert offered[0].startswith("Co"), "names that start with the letters come first"
    assert any(text.startswith("Coady Institute") for text in offered)


def test_the_case_study_list_has_a_partner_box_that_keeps_the_other_filters(curator):
    response = curator.get(CHANGELIST, {"status__exact": "published"})

    assertContains(response, '<label for="id_partner">Name or acronym</label>', html=True)
    assertContains(response, 'data-model-name="participation" data-field-name="organisation"')
    assertContains(response, '<input type="hidden" name="status__exact" value="published">', html=True)
    assertContains(response, "/static/js/partner-filter.")


def test_choosing_a_partner_lists_its_case_studies_and_shows_it_chosen(curator):
    coady = Organisation.objects.get(name__startswith="Coady Institute")
    theirs = CaseStudy.objects.filter(participations__organisation=coady).distinct()

    response = curator.get(CHANGELIST, {"partner": coady.pk})

    assert {row.pk for row in response.context["cl"].result_list} == {case_study.pk for case_study in theirs}
    assertContains(response, f'<option value="{coady.pk}" selected>{coady}</option>', html=True)
    assertContains(response, "All partners")


def test_a_partner_value_that_is_no_id_lists_everything(curator):
    response = curator.get(CHANGELIST, {"partner": "9" * 40})

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == CaseStudy.objects.count()
