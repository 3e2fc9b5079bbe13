"""An import's confirmation: once, of a file this session previewed, and never over an edit made
after the preview; its files do not outlive it."""

import os
import time

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from casestudies.admin.spreadsheets import ImportFiles
from casestudies.models import CaseStudy
from tests.casestudies.admin_client import form_data
from tests.factories import make_case_study, make_user, signed_in

from .test_import_export import CONFIRM_URL, CSV_FORMAT, as_csv, confirm, example_rows, exported, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def import_folder(settings, tmp_path):
    """A folder of this test's own for the files between preview and confirmation."""
    settings.IMPORT_TMP_DIR = str(tmp_path / "imports")


def files():
    return {path.name for path in ImportFiles.folder().iterdir()}


def test_confirming_twice_says_so_and_imports_once(curator):
    preview = upload(curator, as_csv(example_rows(3)), "new.csv", CSV_FORMAT)
    assert confirm(curator, preview).status_code == 200

    again = confirm(curator, preview)

    assert again.status_code == 200
    assertContains(again, "This import was already confirmed")
    assert CaseStudy.objects.filter(slug__startswith="example-cooperation-").count() == 3


def test_a_confirmation_naming_a_file_of_the_temporary_folder_is_refused_and_the_file_kept(curator, tmp_path):
    foreign = ImportFiles.folder() / ("f" * 32)
    foreign.write_bytes(as_csv(example_rows(1)))
    outside = tmp_path / "secret.csv"
    outside.write_bytes(b"slug\nsecret\n")
    try:
        for name in [foreign.name, str(outside), "../" + outside.name, outside.name]:
            response = curator.post(
                CONFIRM_URL,
                {"import_file_name": name, "original_file_name": "x.csv", "format": CSV_FORMAT, "resource": "0"},
                follow=True,
            )
            assertContains(response, "This import was already confirmed, or its preview is no longer there")
        assert foreign.exists() and outside.exists()
        assert not CaseStudy.objects.filter(slug__startswith="example-cooperation-").exists()
    finally:
        foreign.unlink(missing_ok=True)


def test_another_session_cannot_confirm_a_preview(curator):
    preview = upload(curator, as_csv(example_rows(2)), "new.csv", CSV_FORMAT)
    someone_else = signed_in(make_user("curator", "bruno@example.org"))

    response = confirm(someone_else, preview)

    assertContains(response, "its preview is no longer there")
    assert not CaseStudy.objects.filter(slug__startswith="example-cooperation-").exists()


def test_a_failed_preview_leaves_no_file_and_a_confirmed_one_neither(curator):
    before = files()
    rows = example_rows(2)
    rows[0]["countries"] = "XX"
    failed = upload(curator, as_csv(rows), "bad.csv", CSV_FORMAT)
    assert "confirm_form" not in failed.context
    assert files() == before

    preview = upload(curator, as_csv(example_rows(2)), "new.csv", CSV_FORMAT)
    assert len(files() - before) == 1
    confirm(curator, preview)
    assert files() == before


def test_files_of_previews_never_confirmed_are_removed_a_day_later_at_the_next_import(curator):
    stale = ImportFiles.folder() / ("e" * 32)
    stale.write_bytes(b"slug\n")
    day_ago = time.time() - 25 * 60 * 60
    os.utime(stale, (day_ago, day_ago))

    upload(curator, as_csv(example_rows(1)), "new.csv", CSV_FORMAT)

    assert not stale.exists()


def test_an_import_confirmed_after_another_curator_edited_a_row_is_refused_naming_it(curator):
    case_study = make_case_study(title="Savings groups", summary="Before.")
    preview = upload(
        curator, exported(case_study, summary="From the file.").export("csv").encode(), "x.csv", CSV_FORMAT
    )
    assert "confirm_form" in preview.context
    bruno = signed_in(make_user("editor_in_chief", "bruno@example.org"))
    url = reverse("admin:casestudies_casestudy_change", args=[case_study.pk])
    saved = bruno.post(url, form_data(bruno.get(url), summary="Corrected meanwhile."))
    assert saved.status_code == 302

    response = confirm(curator, preview)

    assertContains(response, "Nothing was imported: “Savings groups” (saved by bruno@example.org) changed after")
    case_study.refresh_from_db()
    assert case_study.summary == "Corrected meanwhile."


def test_an_import_confirmed_with_nothing_changed_since_the_preview_saves(curator):
    case_study = make_case_study(title="Savings groups", summary="Before.")
    preview = upload(
        curator, exported(case_study, summary="From the file.").export("csv").encode(), "x.csv", CSV_FORMAT
    )

    confirm(curator, preview)

    case_study.refresh_from_db()
    assert case_study.summary == "From the file."
