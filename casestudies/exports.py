"""The filtered catalogue as CSV or JSON, in the columns of ``design.md``, streamed.

Rows are read as plain values, in chunks whose relations are read with one query per relation
(:class:`Relations`), and written as they come, so that exporting the whole catalogue does not
hold it in memory. Only so many exports run at once, per client and overall
(:func:`limited_response`): the rest are told 429.
"""

import csv
import hashlib
import itertools
import json
import os
import re
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.urls.converters import SlugConverter
from django.utils.translation import gettext as _

from core.caching import CACHE_ERRORS, catalogue_version
from sstc.login import client_ip_address
from sstc.origin import absolute

from .cells import escape_formula
from .models import CaseStudy, Participation

# Rows read at once from the list; the relations of each chunk are read together, one query each.
CHUNK_SIZE = 2000
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
# The many-to-many relations written as lists, and the fields of their options that are written.
LISTED = {
    "submodalities": ["slug"],
    "countries": ["iso2", "region__slug"],
    "themes": ["slug"],
    "mechanisms": ["slug"],
    "principles": ["slug"],
    "sdgs": ["number"],
}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
FILENAME = "sstc-case-studies"


def record(row, lists, permalink):
    """One case study as the export describes it: keys, codes and numbers rather than labels.
    ``row`` is its own columns (``for_export``), ``lists`` the lists of its chunk (:class:`Relations`),
    ``permalink`` its address from its slug (:class:`Permalinks`)."""
    pk = row["pk"]
    countries = lists["countries"].get(pk, [])
    return {
        "title": row["title"],
        "slug": row["slug"],
        "url": permalink(row["slug"]),
        "summary": row["summary"],
        "modality": row["modality__slug"],
        "submodalities": lists["submodalities"].get(pk, []),
        "regions": list(dict.fromkeys(region for _code, region in countries if region)),
        "countries": [code for code, _region in countries],
        "themes": lists["themes"].get(pk, []),
        "mechanisms": lists["mechanisms"].get(pk, []),
        "principles": lists["principles"].get(pk, []),
        "sdgs": lists["sdgs"].get(pk, []),
        "partners": lists["partners"].get(pk, []),
        "start_year": row["start_year"],
        "end_year": row["end_year"],
        "evidence": row["evidence"] or None,
        "last_checked": row["last_checked"],
        "updated": row["updated"],
    }


def records(case_studies, permalink):
    """The case studies of the list as the export describes them, a chunk of rows at a time: the
    rows' own columns stream from one query, and each relation costs one query per chunk."""
    relations = Relations()
    permalink = Permalinks(permalink)
    rows = case_studies.for_export().iterator(chunk_size=CHUNK_SIZE)
    for chunk in itertools.batched(rows, CHUNK_SIZE):
        lists = relations.of([row["pk"] for row in chunk])
        for row in chunk:
            yield record(row, lists, permalink)


class Permalinks:
    """Case studies' addresses from their slugs, as ``reverse`` writes them, without reversing each
    one (2 s of the export at 100,000): the address is reversed once, and a slug that the ``slug``
    converter takes whole, which ``reverse`` writes as it is, is put in its place. Any other slug
    goes through ``reverse``, as before."""

    PLACEHOLDER = "placeholder-slug"
    SLUG = re.compile(SlugConverter.regex)

    def __init__(self, absolute):
        self.absolute = absolute
        address = absolute(reverse("casestudies:detail", args=[self.PLACEHOLDER]))
        self.before, _, self.after = address.rpartition(self.PLACEHOLDER)

    def __call__(self, slug):
        if self.SLUG.fullmatch(slug):
            return f"{self.before}{slug}{self.after}"
        return self.absolute(reverse("casestudies:detail", args=[slug]))


class Relations:
    """The lists of a chunk of case studies: forms of cooperation, countries (with their regions),
    themes, mechanisms, principles, SDGs and partners.

    The options of the lists (countries, themes, SDGs, ...) are short tables, read once per export
    in their model's order; a chunk then reads only its rows of the link tables, and puts each case
    study's options back in that order, the order in which its page shows them. Partners are read
    with their organisation's name and country, in their own order.
    """

    def __init__(self):
        self.options = {column: self.read_options(column) for column in LISTED}

    def read_options(self, column):
        """``{id: (position, value)}`` of every option of ``column``, in its model's order."""
        fields = LISTED[column]
        rows = CaseStudy._meta.get_field(column).related_model.objects.values_list("pk", *fields)
        return {
            pk: (position, values[0] if len(values) == 1 else values) for position, (pk, *values) in enumerate(rows)
        }

    def of(self, ids):
        """``{column: {case study id: list}}`` for the case studies ``ids``; a case study with no
        option of a relation is not in its dictionary."""
        lists = {column: self.linked(column, ids) for column in LISTED}
        lists["partners"] = partners(ids)
        return lists

    def linked(self, column, ids):
        field = CaseStudy._meta.get_field(column)
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        links = field.remote_field.through.objects.filter(**{f"{source}__in": ids}).values_list(source, target)
        found = defaultdict(list)
        for case_study_id, option_id in links:
            found[case_study_id].append(self.option(column, option_id))
        return {
            case_study_id: [value for _position, value in sorted(options)] for case_study_id, options in found.items()
        }

    def option(self, column, option_id):
        if option_id not in self.options[column]:
            # An option added while the export runs: read its table again.
            self.options[column] = self.read_options(column)
        return self.options[column][option_id]


def partners(ids):
    """``{case study id: [partner]}``, each in the order of its case study's partners."""
    rows = (
        Participation.objects.filter(case_study_id__in=ids)
        .order_by("case_study_id", "order", "pk")
        .values_list("case_study_id", "organisation__name", "role", "organisation__country__iso2")
    )
    found = defaultdict(list)
    for case_study_id, name, role, country in rows:
        found[case_study_id].append({"name": name, "role": role or None, "country": country})
    return found


def partner_cell(partner):
    details = ", ".join(item for item in (partner["role"], partner["country"]) if item)
    return f"{partner['name']} ({details})" if details else partner["name"]


def csv_cell(value):
    """Lists joined with "; "; text that a spreadsheet would run as a formula is quoted with an apostrophe
    (``escape_formula``, the rule of the admin's spreadsheets too)."""
    if isinstance(value, list):
        value = "; ".join(partner_cell(item) if isinstance(item, dict) else str(item) for item in value)
    elif value is None:
        return ""
    elif not isinstance(value, str):
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
