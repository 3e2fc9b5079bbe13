"""The guide's fixtures: complete, loadable again and again, and gentle with curators' edits."""

import pytest
from django.apps import apps
from django.core.management import call_command

from casestudies.models import CaseStudy, IndexChange, Participation
from guide.models import Modality, Principle, ProcessStep, SubModality

pytestmark = pytest.mark.django_db


def row_counts():
    """The rows of every model of content; not the index's change log, which notes every row loaded
    (casestudies/index.py), and is trimmed by ``build_catalogue_index``."""
    return {
        model._meta.label: model.objects.count()
        for app in ("guide", "casestudies")
        for model in apps.get_app_config(app).get_models()
        if model is not IndexChange
    }


def test_the_guide_has_its_concepts():
    assert Principle.objects.count() == 7
    assert Modality.objects.count() == 2
    assert SubModality.objects.count() == 4
    assert ProcessStep.objects.count() == 6
    assert list(ProcessStep.objects.values_list("slug", flat=True)) == [
        "needs-matching",
        "stakeholder-consultation",
        "project-design",
        "implementation",
        "monitoring-and-evaluation",
        "knowledge-management",
    ]


def test_every_case_study_of_the_guide_is_loaded_and_published():
    assert CaseStudy.objects.count() >= 16
    assert CaseStudy.objects.published().count() == CaseStudy.objects.count()


def test_loading_the_guide_again_adds_nothing():
    before = row_counts()

    call_command("load_guide", verbosity=0)
    call_command("load_guide", verbosity=0)

    assert row_counts() == before


def test_loading_the_fixtures_over_the_database_twice_keeps_the_counts():
    before = row_counts()

    call_command("load_guide", "--update", verbosity=0)
    call_command("load_guide", "--update", verbosity=0)

    assert row_counts() == before


def test_loading_again_keeps_a_curators_edit():
    case_study = CaseStudy.objects.get(slug="laos-village-bank")
    case_study.summary = "Corrected by a curator."
    case_study.save()
    removed = case_study.participations.first()
    removed.delete()

    call_command("load_guide", verbosity=0)

    case_study.refresh_from_db()
    assert case_study.summary == "Corrected by a curator."
    assert not Participation.objects.filter(pk=removed.pk).exists()
    assert not case_study.participations.filter(organisation=removed.organisation, role=removed.role).exists()


def test_loading_again_finds_a_case_study_whose_slug_a_curator_changed():
    case_study = CaseStudy.objects.get(slug="bolsa-verde")
    case_study.slug = "bolsa-verde-green-grant"
    case_study.save()
    before = row_counts()

    call_command("load_guide", verbosity=0)

    assert row_counts() == before


def test_a_dry_run_changes_nothing():
    CaseStudy.objects.filter(slug="maputo-road-map").delete()
    before = row_counts()

    call_command("load_guide", "--dry-run", verbosity=0)

    assert row_counts() == before
    call_command("load_guide", verbosity=0)
    assert CaseStudy.objects.filter(slug="maputo-road-map").exists()


def test_each_loaded_entry_starts_its_history_with_one_record_of_the_whole_entry():
    case_studies = list(CaseStudy.objects.all())
    assert len(case_studies) >= 16  # the guide's: fixtures/case_studies_initiatives.json and case_studies_ssf.json
    for case_study in case_studies:
        (record,) = case_study.history.all()
        assert record.history_type == "+"
        assert record.history_change_reason == "Loaded from the guide's fixtures"
        assert {row.country_id for row in record.countries.all()} == set(
            case_study.countries.values_list("pk", flat=True)
        )
