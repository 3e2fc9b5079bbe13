"""The case studies' translations in the admin's spreadsheets: a column per language and part."""

import pytest
import tablib

from casestudies.admin.resources import CaseStudyResource
from casestudies.models import CaseStudy, CaseStudyTranslation

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study():
    return CaseStudy.objects.published().order_by("pk").first()


def exported(case_study, **cells):
    dataset = CaseStudyResource().export(CaseStudy.objects.filter(pk=case_study.pk))
    [row] = dataset.dict
    row.update(cells)
    return dataset.headers, tablib.Dataset([row[h] for h in dataset.headers], headers=dataset.headers)


def test_the_export_has_every_languages_columns_with_the_saved_translation(case_study):
    CaseStudyTranslation.objects.create(case_study=case_study, language="es", title="Título", summary="Resumen")

    headers, dataset = exported(case_study)

    for language in ["fr", "es", "pt"]:
        assert {f"title_{language}", f"summary_{language}", f"body_{language}"} <= set(headers)
    [row] = dataset.dict
    assert (row["title_es"], row["summary_es"], row["body_es"], row["title_fr"]) == ("Título", "Resumen", "", "")


def test_an_import_adds_and_changes_translations_and_an_empty_cell_keeps_the_saved_text(case_study):
    CaseStudyTranslation.objects.create(case_study=case_study, language="es", title="Título", summary="Resumen")
    _headers, dataset = exported(case_study, title_fr="Titre en français", body_fr="Un récit.", title_es="Otro título")
    row = dataset.dict[0]
    row["summary_es"] = ""
    dataset = tablib.Dataset([row[h] for h in dataset.headers], headers=dataset.headers)

    result = CaseStudyResource().import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    french = CaseStudyTranslation.objects.get(case_study=case_study, language="fr")
    spanish = CaseStudyTranslation.objects.get(case_study=case_study, language="es")
    assert (french.title, french.body, french.status) == ("Titre en français", "Un récit.", "translated")
    assert (spanish.title, spanish.summary) == ("Otro título", "Resumen")
    assert not CaseStudyTranslation.objects.filter(case_study=case_study, language="pt").exists()


def test_a_row_that_changes_nothing_is_skipped_and_one_that_changes_a_translation_is_not(case_study):
    _headers, unchanged = exported(case_study)
    _headers, changed = exported(case_study, title_pt="Um título", summary_pt="Um resumo.")

    assert CaseStudyResource().import_data(unchanged, dry_run=True).totals["skip"] == 1
    assert CaseStudyResource().import_data(changed, dry_run=True).totals["update"] == 1


def test_a_translation_without_a_title_is_refused_naming_the_column(case_study):
    _headers, dataset = exported(case_study, summary_pt="Um resumo sem título.")

    result = CaseStudyResource().import_data(dataset, dry_run=True)

    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert "title_pt" in str(invalid.error_dict)
    assert not CaseStudyTranslation.objects.filter(case_study=case_study, language="pt").exists()
