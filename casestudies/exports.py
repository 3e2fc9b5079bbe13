"""The filtered catalogue as CSV or JSON, in the columns of ``design.md``, streamed.

Rows are read in chunks with their relations prefetched per chunk, and written as they
come, so that exporting the whole catalogue does not hold it in memory. Only so many exports
run at once, per client and overall (:func:`limited_response`): the rest are told 429.
"""

import csv
import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from core.caching import CACHE_ERRORS, catalogue_version
from sstc.login import client_ip_address
from sstc.origin import absolute

from .cells import escape_formula

CHUNK_SIZE = 500
# Seconds after which a client refused for too many exports may try again.
RETRY_AFTER = 30
COLUMNS = [
    "title",
    "slug",
    "url",
    "summary",
    "modality",
    "submodalities",
    "regions",
    "countries",
    "themes",
    "mechanisms",
    "principles",
    "sdgs",
    "partners",
    "start_year",
    "end_year",
    "evidence",
    "last_checked",
    "updated",
]
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
FILENAME = "sstc-case-studies"


def record(case_study, permalink):
    """One case study as the export describes it: keys, codes and numbers rather than labels."""
    countries = case_study.countries.all()
    return {
        "title": case_study.title,
        "slug": case_study.slug,
        "url": permalink(case_study.get_absolute_url()),
        "summary": case_study.summary,
        "modality": case_study.modality.slug if case_study.modality else None,
        "submodalities": [s.slug for s in case_study.submodalities.all()],
        "regions": list(dict.fromkeys(c.region.slug for c in countries if c.region)),
        "countries": [c.iso2 for c in countries],
        "themes": [t.slug for t in case_study.themes.all()],
        "mechanisms": [m.slug for m in case_study.mechanisms.all()],
        "principles": [p.slug for p in case_study.principles.all()],
        "sdgs": [g.number for g in case_study.sdgs.all()],
        "partners": [
            {
                "name": p.organisation.name,
                "role": p.role or None,
                "country": p.organisation.country.iso2 if p.organisation.country else None,
            }
            for p in case_study.participations.all()
        ],
        "start_year": case_study.start_year,
        "end_year": case_study.end_year,
        "evidence": case_study.evidence or None,
        "last_checked": case_study.last_checked,
        "updated": case_study.updated,
    }


def records(case_studies, permalink):
    for case_study in case_studies.for_export().iterator(chunk_size=CHUNK_SIZE):
        yield record(case_study, permalink)


def partner_cell(partner):
    details = ", ".join(item for item in (partner["role"], partner["country"]) if item)
    return f"{partner['name']} ({details})" if details else partner["name"]


def csv_cell(value):
    """Lists joined with "; "; text that a spreadsheet would run as a formula is quoted with an apostrophe
    (``escape_formula``, the rule of the admin's spreadsheets too)."""
    if isinstance(value, list):
        value = "; ".join(partner_cell(item) if isinstance(item, dict) else str(item) for item in value)
    if value is None:
        return ""
    value = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return escape_formula(value)


class Line:
    """A file-like object whose ``write`` returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def csv_stream(rows):
    writer = csv.writer(Line())
    yield "\ufeff"  # a byte-order mark, so that spreadsheet programs read the file as UTF-8
    yield writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow([csv_cell(row[column]) for column in COLUMNS])


def json_stream(rows):
    """``{"results": [...], "count": N}``: the count comes last, so that it counts what was written."""
    yield '{"results": ['
    count = 0
    for row in rows:
        yield ("," if count else "") + json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False)
        count += 1
    yield f'], "count": {count}}}'


def response(case_studies, file_format, request, slots=None):
    rows = records(case_studies, absolute)
    stream = csv_stream(rows) if file_format == "csv" else json_stream(rows)
    if slots is not None:
        stream = Releasing(stream, slots)
    result = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[file_format])
    result["Content-Disposition"] = f'attachment; filename="{FILENAME}.{file_format}"'
    return result


# Limits on exports running at once, kept in the shared cache so that they hold across workers
# and servers (settings.EXPORT_CONCURRENCY, EXPORT_CONCURRENCY_PER_CLIENT). An export that a
# crashed worker never ended frees its place after SLOT_LIFETIME seconds.
SLOT_LIFETIME = 10 * 60
_local_slots = {}
_local_lock = threading.Lock()


class Slots:
    """Places for exports running at once: overall and per client address."""

    def __init__(self, client):
        self.keys = [("export-slots:all", settings.EXPORT_CONCURRENCY)]
        if client:
            self.keys.append((f"export-slots:client:{client}", settings.EXPORT_CONCURRENCY_PER_CLIENT))
        self.taken = []

    def take(self):
        """Take a place in every count, or none: False when one of them is full."""
        for key, limit in self.keys:
            if self._add(key, 1) > limit:
                self._add(key, -1)
                self.release()
                return False
            self.taken.append(key)
        return True

    def release(self):
        while self.taken:
            self._add(self.taken.pop(), -1)

    def _add(self, key, delta):
        try:
            cache.add(key, 0, SLOT_LIFETIME)
            return cache.incr(key, delta)
        except (ValueError, *CACHE_ERRORS):
            # Without the shared cache (down, or the key just expired), this process counts alone:
            # the limits then hold per worker, which still keeps exports from taking every thread.
            with _local_lock:
                _local_slots[key] = _local_slots.get(key, 0) + delta
                return _local_slots[key]


class Releasing:
    """An iterable that gives its export's places back when the server closes the response,
    whether the file was sent in full, cut short, or never started (HEAD, 304)."""

    def __init__(self, stream, slots):
        self.stream = stream
        self.slots = slots

    def __iter__(self):
        return iter(self.stream)

    def close(self):
        self.slots.release()
        self.stream.close()


def whole_catalogue_file(case_studies, file_format, request):
    """The whole catalogue's file for this version of the catalogue, written once and then sent
    from disk to everyone who asks, until a change makes a new version (``caching.py``). Earlier
    versions' files are removed. Written to a temporary name and renamed, so that a reader never
    gets half a file, even while two workers write the same one."""
    folder = Path(settings.EXPORT_FILE_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    # The site's origin and database are part of the name: the records' url fields depend on the
    # one, and two sites on a machine (tests, benchmark) must not share files.
    site = hashlib.sha256(f"{settings.SITE_URL}|{settings.DATABASES['default']['NAME']}".encode()).hexdigest()[:12]
    prefix = f"{FILENAME}-{site}-"
    path = folder / f"{prefix}{catalogue_version(request)[2]}.{file_format}"
    if not path.exists():
        rows = records(case_studies, absolute)
        stream = csv_stream(rows) if file_format == "csv" else json_stream(rows)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False, suffix=".part") as part:
            part.writelines(stream)
        os.replace(part.name, path)
        for old in folder.glob(f"{prefix}*.{file_format}"):
            if old != path:
                old.unlink(missing_ok=True)
    result = StreamingHttpResponse(file_chunks(path), content_type=CONTENT_TYPES[file_format])
    result["Content-Length"] = str(path.stat().st_size)
    result["Content-Disposition"] = f'attachment; filename="{FILENAME}.{file_format}"'
    return result


def file_chunks(path, size=64 * 1024):
    """The file's bytes, opened only when the server starts sending them (never for a HEAD or a
    304), and closed when it is done; a file removed since stays readable once open."""
    with path.open("rb") as file:
        while chunk := file.read(size):
            yield chunk


def too_many():
    response = HttpResponse(
        _("Too many exports are running at once. Please try again in a minute."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def limited_response(case_studies, file_format, request, whole=False):
    """:func:`response`, if a place is free for this client and overall; 429 otherwise. The
    whole catalogue, unfiltered, comes from its file (:func:`whole_catalogue_file`)."""
    slots = Slots(client_ip_address(request))
    if not slots.take():
        return too_many()
    if whole:
        try:
            return whole_catalogue_file(case_studies, file_format, request)
        finally:
            slots.release()
    try:
        return response(case_studies, file_format, request, slots)
    except BaseException:
        slots.release()
        raise
