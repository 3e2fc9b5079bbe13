"""The admin's spreadsheet import and export (django-import-export), as curators use it.

``CaseStudyAdmin`` and ``OrganisationAdmin`` take ``SpreadsheetImportExportMixin`` as their first
base. The resources (``resources.py``) say what a row holds; this says who may import, which
files the import reads, and how the admin words what goes wrong: in sentences a curator can act
on, never a traceback.

Cells are written as text in both formats, so that a title starting with "=" stays a title in a
spreadsheet program instead of running as a formula, and an exported file imported again
changes nothing:

- XLSX: a cell that openpyxl would store as a formula is stored as text;
- CSV: a cell starting with = + - @ (or a tab or carriage return) gets an apostrophe in front,
  by the rule the public CSV export follows too (``casestudies.cells.escape_formula``), and the
  import takes exactly that one apostrophe away again (``unescape_formula``).
"""

import contextlib
import csv
import io
import logging
import re
import tempfile
import time
import uuid
import warnings
import zipfile
from pathlib import Path

import tablib
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import ImportForm
from import_export.results import RowResult
from import_export.tmp_storages import BaseStorage

from core.admin import lock_row, newest_record_id

from ..cells import escape_formula, unescape_formula
from .resources import too_many_rows

logger = logging.getLogger(__name__)

ENCODING = "utf-8-sig"  # UTF-8, with or without the byte-order mark that Excel writes
NOT_UTF8 = _(
    "This file is not in UTF-8, the text encoding the import reads. Save the file as CSV UTF-8 and try again "
    "(in Excel: File › Save As › “CSV UTF-8 (Comma delimited)”; in LibreOffice: character set “Unicode (UTF-8)”)."
)
# Translators: %(format)s is a file format, CSV or XLSX.
UNREADABLE = _("This file cannot be read as %(format)s. Check that the format chosen below is the file's format.")
UNREADABLE_AS_CHOSEN = _(
    "This file cannot be read as the format chosen. Check that the format chosen below is the file's format."
)
ROW_FAILED = _("Row %(row)s: this row could not be saved. Nothing was imported; check the row, or ask for help.")


def bounded_dataset(rows, clean=lambda cell: cell):
    """A dataset of the header row and at most ``IMPORT_MAX_ROWS`` + 1 rows that are not blank:
    reading stops there, so a file of 300,000 rows is refused after reading 501 of them."""
    rows = iter(rows)
    headers = [("" if cell is None else str(cell)) for cell in next(rows, None) or []]
    while headers and headers[-1] == "":
        headers.pop()  # trailing empty header cells (a spreadsheet's formatted but empty columns)
    width, limit = len(headers), settings.IMPORT_MAX_ROWS + 1
    data = []
    for row in rows:
        cells = ["" if cell is None else cell for cell in row]
        if all(str(cell).strip() == "" for cell in cells):
            continue
        if any(str(cell).strip() != "" for cell in cells[width:]):
            raise ValueError("a row has more cells than the header row")
        data.append([clean(cell) for cell in (cells + [""] * width)[:width]])
        if len(data) >= limit:
            break
    return tablib.Dataset(*data, headers=headers)


class CSV(base_formats.CSV):
    """CSV whose cells a spreadsheet program opens as text, and reads them back unchanged."""

    def export_data(self, dataset, **kwargs):
        quoted = tablib.Dataset(*[[escape_formula(cell) for cell in row] for row in dataset], headers=dataset.headers)
        return super().export_data(quoted, **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = in_stream.decode(self.encoding or ENCODING)
        return bounded_dataset(csv.reader(io.StringIO(in_stream.removeprefix("\ufeff"))), unescape_formula)


class XLSX(base_formats.XLSX):
    """XLSX whose every cell is a value: openpyxl stores a text starting with "=" as a formula.

    Read after ``archive_problems`` has checked its zip directory, row by row, up to the limit."""

    def create_dataset(self, in_stream, **kwargs):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            return bounded_dataset(book.active.iter_rows(values_only=True))
        finally:
            book.close()

    def export_data(self, dataset, **kwargs):
        import openpyxl

        data = super().export_data(dataset, **kwargs)
        book = openpyxl.load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
        out = io.BytesIO()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            book.save(out)
        return out.getvalue()


class SpreadsheetImportForm(ImportForm):
    """The import's first step, which reads the file before any row is looked at and says in a
    sentence what keeps it from being imported: its encoding, its columns, its size."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.resources = resources

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("import_file")
        if upload is None or self.errors or not cleaned_data.get("format"):
            return cleaned_data
        file_format = self.formats[int(cleaned_data["format"])](encoding=ENCODING)
        if problem := upload_problem(upload, file_format):
            self.add_error("import_file", problem)
            return cleaned_data
        content = b"".join(upload.chunks())
        upload.seek(0)
        try:
            if not file_format.is_binary():
                content = content.decode(ENCODING)
            dataset = file_format.create_dataset(content)
        except UnicodeDecodeError:
            self.add_error("import_file", NOT_UTF8)
            return cleaned_data
        except Exception:  # a file of another format: openpyxl, csv and tablib raise what they like
            self.add_error("import_file", UNREADABLE % {"format": file_format.get_title().upper()})
            return cleaned_data
        resource = self.resources[int(cleaned_data.get("resource") or 0)]()
        for problem in resource.dataset_problems(dataset):
            self.add_error("import_file", problem)
        return cleaned_data


def upload_problem(upload, file_format):
    """What makes a file too big to read, from its size and, for an XLSX, its zip directory alone
    (a few kilobytes can unpack to gigabytes): a sentence, or ``None``."""
    if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
        return gettext(
            "This file is %(size)s; an import reads files of at most %(limit)s. Split it into smaller files."
        ) % {
            "size": megabytes(upload.size),
            "limit": megabytes(settings.IMPORT_MAX_UPLOAD_BYTES),
        }
    if not isinstance(file_format, base_formats.XLSX):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return UNREADABLE % {"format": "XLSX"}
    finally:
        upload.seek(0)
    if len(members) > settings.IMPORT_MAX_XLSX_MEMBERS:
        return gettext("This XLSX file holds %(count)s parts; an import reads at most %(limit)s.") % {
            "count": f"{len(members):,}",
            "limit": settings.IMPORT_MAX_XLSX_MEMBERS,
        }
    unpacked = sum(member.file_size for member in members)
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        return gettext(
            "This XLSX file unpacks to %(size)s; an import reads at most %(limit)s. Check the file: "
            "a spreadsheet of %(rows)s rows is far smaller."
        ) % {
            "size": megabytes(unpacked),
            "limit": megabytes(settings.IMPORT_MAX_UNPACKED_BYTES),
            "rows": settings.IMPORT_MAX_ROWS,
        }
    with zipfile.ZipFile(upload) as archive:
        too_long = any(rows_beyond_limit(archive, member) for member in members if WORKSHEET.fullmatch(member.filename))
    upload.seek(0)
    return too_many_rows() if too_long else None


# A worksheet's part in an XLSX file, and how many row elements it may hold for each entry an import
# takes: spreadsheets keep a few formatted but empty rows, which the import skips.
WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
ROW_ELEMENTS_PER_ENTRY = 4


def rows_beyond_limit(archive, member):
    """Whether a worksheet holds far more rows than an import takes, counted in its bytes as they
    unpack (bounded by ``IMPORT_MAX_UNPACKED_BYTES`` above).

    openpyxl reads a worksheet whole before its first row when the worksheet does not state its
    size (``<dimension>``): 15 s for 300,000 rows. Counting row elements costs a fraction of that.
    """
    limit = ROW_ELEMENTS_PER_ENTRY * settings.IMPORT_MAX_ROWS
    count, tail = 0, b""
    with archive.open(member) as worksheet:
        while chunk := worksheet.read(1 << 20):
            text = tail + chunk
            count += text.count(b"<row ") + text.count(b"<row>") - tail.count(b"<row ") - tail.count(b"<row>")
            if count > limit:
                return True
            tail = text[-5:]
    return False


def megabytes(size):
    return f"{size / (1024 * 1024):,.1f} MB"


class ImportFiles(BaseStorage):
    """The files between an import's preview and its confirmation: in a private folder, under a
    random name that only the session which previewed it knows (``SpreadsheetImportExportMixin``
    keeps the names in the session and refuses any other), removed on confirmation or when the
    preview fails; files left by previews never confirmed are removed after a day, at the next import."""

    NAME = re.compile(r"[0-9a-f]{32}")
    STALE_AFTER = 24 * 60 * 60

    @staticmethod
    def folder():
        folder = Path(getattr(settings, "IMPORT_TMP_DIR", "") or Path(tempfile.gettempdir()) / "sstc-imports")
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder

    def path(self):
        if not self.NAME.fullmatch(self.name or ""):
            raise FileNotFoundError(self.name)
        return self.folder() / self.name

    def save(self, data):
        self.remove_stale()
        self.name = uuid.uuid4().hex
        self.path().write_bytes(data if isinstance(data, bytes) else data.encode(self.encoding or ENCODING))

    def read(self):
        data = self.path().read_bytes()
        return data if "b" in self.read_mode else data.decode(self.encoding or ENCODING)

    def remove(self):
        with contextlib.suppress(FileNotFoundError):  # a name that is not one of ours
            self.path().unlink(missing_ok=True)

    @classmethod
    def remove_stale(cls):
        cutoff = time.time() - cls.STALE_AFTER
        for path in cls.folder().iterdir():
            if cls.NAME.fullmatch(path.name) and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)


SESSION_IMPORTS = "spreadsheet_imports"
GONE = _(
    "This import was already confirmed, or its preview is no longer there (it was made in another session, "
    "or more than a day ago). Nothing more was imported: check the list, and upload the file again if needed."
)
# Translators: %(entries)s lists entries, e.g. "“Bolsa Verde” (saved by maria); “IBSA Fund” (saved by someone)".
CHANGED_SINCE_PREVIEW = _(
    "Nothing was imported: %(entries)s changed after the preview, and the import would have overwritten "
    "that change. Upload the file again to preview the entries as they are now."
)


class SpreadsheetImportExportMixin(ImportExportMixin):
    import_template_name = "admin/import_export/import_spreadsheet.html"
    import_form_class = SpreadsheetImportForm
    formats = [CSV, XLSX]
    from_encoding = ENCODING
    tmp_storage_class = ImportFiles

    def import_action(self, request, **kwargs):
        """The preview; its file is kept for the confirmation only when there is one to make, with
        the newest history record of each entry it would change (``process_import`` compares)."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        form = context.get("form")
        upload = getattr(form, "cleaned_data", {}).get("import_file") if form is not None else None
        name = getattr(upload, "tmp_storage_name", None)
        if name:
            if context.get("confirm_form") is not None and context.get("result") is not None:
                # Rows of entries that exist (a new row's id in a preview is of a row rolled back).
                pks = {
                    row.object_id
                    for row in context["result"].rows
                    if row.object_id is not None
                    and row.import_type in {RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_SKIP}
                }
                previews = request.session.get(SESSION_IMPORTS, {})
                previews[name] = {str(pk): newest_record_id(self.model, pk) for pk in pks}
                request.session[SESSION_IMPORTS] = previews
            else:
                ImportFiles(name=name).remove()
        return response

    def process_import(self, request, **kwargs):
        """The confirmation: only of a file this session previewed, once, and only if no entry it
        changes was saved by someone else since the preview; all or nothing, as the import itself."""
        if request.method != "POST" or not self.has_import_permission(request):
            raise PermissionDenied
        name = request.POST.get("import_file_name", "")
        previews = request.session.get(SESSION_IMPORTS, {})
        seen = previews.pop(name, None)
        request.session[SESSION_IMPORTS] = previews
        import_page = reverse("admin:{}_{}_import".format(*self.get_model_info()), current_app=self.admin_site.name)
        storage = ImportFiles(name=name)
        try:
            if seen is None or not storage.path().exists():
                messages.error(request, GONE)
                return HttpResponseRedirect(import_page)
            with transaction.atomic(using=router.db_for_write(self.model)):
                changed = self.changed_since_preview(seen)
                if changed:
                    messages.error(request, CHANGED_SINCE_PREVIEW % {"entries": "; ".join(changed)})
                    return HttpResponseRedirect(import_page)
                return super().process_import(request, **kwargs)
        except FileNotFoundError:  # a second confirmation at the same moment
            messages.error(request, GONE)
            return HttpResponseRedirect(import_page)
        finally:
            if seen is not None:  # only a file this session's preview wrote
                storage.remove()

    def changed_since_preview(self, seen):
        """The entries, by name and author, saved since the preview recorded their newest history record."""
        changed = []
        for pk, record in seen.items():
            lock_row(self.model, pk)
            if newest_record_id(self.model, pk) != record:
                latest = self.model.history.filter(id=pk).select_related("history_user").order_by("-history_id").first()
                who = latest.history_user if latest and latest.history_user else gettext("someone")
                entry = latest.instance if latest else pk
                changed.append(gettext("“%(entry)s” (saved by %(who)s)") % {"entry": entry, "who": who})
        return changed

    def has_import_permission(self, request):
        # An import adds rows and changes existing ones: it needs both rights.
        return super().has_import_permission(request) and self.has_change_permission(request)

    def add_data_read_fail_error_to_form(self, form, e):
        logger.warning("An import file could not be read: %r", e)
        form.add_error("import_file", UNREADABLE_AS_CHOSEN)

    def process_result(self, result, request):
        """After the confirm step: a file that has become wrong since its preview (someone changed
        the catalogue meanwhile) was rolled back as a whole; say so, and log nothing."""
        if result.has_errors() or result.has_validation_errors():
            problems = [str(error.error) for error in result.base_errors]
            problems += [ROW_FAILED % {"row": number + 1} for number, _errors in result.row_errors()]
            problems += [
                message for row in result.invalid_rows for found in row.error_dict.values() for message in found
            ]
            # Translators: %(problems)s is up to five sentences, each saying what is wrong.
            message = gettext("Nothing was imported. %(problems)s") % {
                "problems": " ".join(dict.fromkeys(problems[:5]))
            }
            messages.error(request, message)
            return HttpResponseRedirect(
                reverse("admin:{}_{}_import".format(*self.get_model_info()), current_app=self.admin_site.name)
            )
        return super().process_result(result, request)
