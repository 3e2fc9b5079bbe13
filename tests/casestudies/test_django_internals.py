"""The private APIs of Django and django-simple-history that curation relies on, one test each
(``casestudies/admin/internals.py``): after an upgrade that changes one, its test fails by name."""

import pytest
from django.db.models import ManyToManyField
from django.urls import reverse

from casestudies.admin.forms import CaseStudyAdminForm
from casestudies.admin.internals import inline_formsets, reverted_record, tracked_m2m_names
from casestudies.models import CaseStudy, Participation, Source
from tests.factories import make_case_study

from .admin_client import form_data

pytestmark = pytest.mark.django_db


def test_the_change_view_hands_its_inline_formsets_to_the_form_before_validating_it(curator, monkeypatch):
    """``ModelAdmin._create_formsets`` runs between building the form and ``form.is_valid()``,
    around the form's own instance."""
    case_study = make_case_study()
    url = reverse("admin:casestudies_casestudy_change", args=[case_study.pk])
    seen = []
    clean = CaseStudyAdminForm.clean

    def clean_and_look(form):
        seen.append([(formset.model, formset.instance is form.instance) for formset in inline_formsets(form.instance)])
        return clean(form)

    monkeypatch.setattr(CaseStudyAdminForm, "clean", clean_and_look)
    response = curator.post(url, form_data(curator.get(url), title="Retitled"))

    assert response.status_code == 302
    assert CaseStudy.objects.get(pk=case_study.pk).title == "Retitled"
    [formsets] = seen
    assert (Participation, True) in formsets
    assert (Source, True) in formsets


def test_a_form_outside_the_admin_has_no_inline_formsets():
    assert inline_formsets(make_case_study()) == ()


def test_an_instance_rebuilt_from_a_history_record_names_that_record():
    case_study = make_case_study()
    record = case_study.history.get()

    assert reverted_record(record.instance) == record
    assert reverted_record(case_study) is None


def test_the_tracked_many_to_many_fields_are_the_case_studys_relations():
    names = tracked_m2m_names()

    assert sorted(names) == sorted(CaseStudy.RELATIONS)
    assert all(isinstance(CaseStudy._meta.get_field(name), ManyToManyField) for name in names)
