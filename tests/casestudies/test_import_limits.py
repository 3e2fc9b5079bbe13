"""An import is bounded before its file is parsed: a small file that unpacks huge, a file of
300,000 rows, a cell of a megabyte; each is refused quickly with a sentence, never parsed in full."""

import io
import resource
import time
import tracemalloc
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.admin.spreadsheets import XLSX, rows_beyond_limit, upload_problem
from casestudies.models import CaseStudy

from .test_import_export import COLUMNS, CSV_FORMAT, as_csv, as_xlsx, example_rows, upload

pytestmark = pytest.mark.django_db

XLSX_FORMAT = "1"


def xlsx_bomb(unpacked=120 * 1024 * 1024):
    """A real workbook whose shared strings unpack to ``unpacked`` bytes: a few hundred kilobytes."""
    book = io.BytesIO(as_xlsx(example_rows(1)))
    out = io.BytesIO()
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in source.infolist():
            if member.filename != "xl/sharedStrings.xml":
                bomb.writestr(member, source.read(member))
        with bomb.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            chunk = b"A" * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                strings.write(chunk)
            strings.write(b"</t></si></sst>")
    return out.getvalue()


def measured(call):
    """``(result, seconds, peak bytes allocated by Python)`` of ``call()``."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        result = call()
        return result, time.monotonic() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_xlsx_that_unpacks_to_120_mb_is_refused_from_its_zip_directory_without_opening_it(curator, monkeypatch):
    bomb = xlsx_bomb()
    assert len(bomb) < 1024 * 1024
    opened = []
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *args, **kwargs: opened.append(args) or 1 / 0)

    preview, seconds, peak = measured(lambda: upload(curator, bomb, "bomb.xlsx", XLSX_FORMAT))

    assert preview.status_code == 200
    assertContains(preview, "This XLSX file unpacks to 120.0 MB; an import reads at most 50.0 MB.")
    assert opened == []
    assert seconds < 5
    assert peak < 30 * 1024 * 1024
    assert len(preview.content) < 200_000


def test_an_xlsx_of_too_many_parts_is_refused(curator):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for number in range(101):
            archive.writestr(f"part{number}.xml", b"<x/>")

    preview = upload(curator, out.getvalue(), "parts.xlsx", XLSX_FORMAT)

    assertContains(preview, "This XLSX file holds 101 parts; an import reads at most 100.")


@override_settings(IMPORT_MAX_UPLOAD_BYTES=1000)
def test_a_file_bigger_than_the_upload_limit_is_refused_before_it_is_read(curator):
    preview = upload(curator, as_csv(example_rows(20)), "big.csv", CSV_FORMAT)

    assertContains(preview, "an import reads files of at most 0.0 MB")
    assert "result" not in preview.context


def test_a_file_of_300000_rows_is_refused_quickly_after_reading_501_of_them(curator):
    header = ",".join(COLUMNS)
    row = ",".join(["example-slug", "A title"] + [""] * (len(COLUMNS) - 2))
    content = (header + "\n" + "\n".join([row] * 300_000)).encode()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    with override_settings(IMPORT_MAX_UPLOAD_BYTES=50 * 1024 * 1024):
        preview, seconds, peak = measured(lambda: upload(curator, content, "huge.csv", CSV_FORMAT))

    assertContains(preview, "The file has more than 500 rows of entries")
    assert seconds < 5, seconds
    assert peak < 80 * 1024 * 1024, peak  # the file itself (a few MB, read once or twice) and 501 rows
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert grown_kb < 300 * 1024, grown_kb


def test_reading_an_xlsx_stops_one_row_past_the_limit():
    from casestudies.admin.spreadsheets import XLSX

    dataset = XLSX().create_dataset(as_xlsx(example_rows(600)))

    assert len(dataset) == 501


def test_blank_rows_do_not_count_toward_the_limit_of_rows(curator):
    rows = example_rows(500)
    content = as_csv(rows).replace(b"\r\n", b"\r\n" + b"," * (len(COLUMNS) - 1) + b"\r\n")

    assert (
        content.count(b"\r\n" + b"," * (len(COLUMNS) - 1) + b"\r\n") == 501
    )  # after the header and after each of the 500 rows

    preview = upload(curator, content, "blank-lines.csv", CSV_FORMAT)

    assertNotContains(preview, "rows of entries")


def test_a_cell_longer_than_any_field_is_refused_by_row_and_column_and_never_quoted_in_full(curator):
    rows = example_rows(2)
    rows[1]["countries"] = "X" * 50_000

    preview = upload(curator, as_csv(rows), "long.csv", CSV_FORMAT)

    assertContains(preview, "Row 3, column countries: the cell holds 50,000 characters; a cell holds at most 20,000.")
    assert len(preview.content) < 200_000
    assert not CaseStudy.objects.filter(slug__startswith="example-cooperation-").exists()


def test_a_message_about_a_long_cell_quotes_its_beginning_only(curator):
    rows = example_rows(1)
    rows[0]["countries"] = "Z" * 5000

    preview = upload(curator, as_csv(rows), "long.csv", CSV_FORMAT)

    assertContains(preview, "Row 2, column countries:")
    assertContains(preview, "ZZZZ…")  # the message quotes the first characters, then …
    assert len(preview.content) < 150_000


def test_two_rows_whose_slugs_differ_only_in_case_are_one_entry_named_twice(curator):
    rows = example_rows(2)
    rows[0]["slug"], rows[1]["slug"] = "dupcase", "DUPCASE"

    preview = upload(curator, as_csv(rows), "dupcase.csv", CSV_FORMAT)

    assertContains(preview, "Row 3, column slug: &#x27;DUPCASE&#x27; is also on row 2")
    assert "confirm_form" not in preview.context


def test_an_xlsx_that_does_not_state_its_size_is_refused_from_its_row_count_before_openpyxl_reads_it():
    """openpyxl reads a whole worksheet before its first row when it lacks <dimension>: 15 s for
    300,000 rows. The rows are counted in the unpacked bytes instead, before it opens the file."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + b"<row><c t='inlineStr'><is><t>x</t></is></c></row>" * 300_000
        + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    upload = SimpleUploadedFile("rows.xlsx", buffer.getvalue())

    started = time.monotonic()
    problem = upload_problem(upload, XLSX())

    assert time.monotonic() - started < 5
    assert problem.startswith(f"The file has more than {settings.IMPORT_MAX_ROWS} rows of entries")
    assert upload.tell() == 0  # left for the import to read


def test_a_worksheet_within_the_limit_is_not_refused_for_its_rows():
    rows = b"<row r='1'><c/></row>" * 600
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>")

    with zipfile.ZipFile(buffer) as archive:
        assert not rows_beyond_limit(archive, archive.getinfo("xl/worksheets/sheet1.xml"))
