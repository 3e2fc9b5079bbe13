"""What another curator's save changed, in sentences: the messages above a case-study form whose
save was refused because the case study was saved by someone else after the form was opened.

The form (``forms.CaseStudyAdminForm``) refuses the stale save; this module reads the history
records since the form's version and says, field by field and row by row, what changed.
"""

from django.db.models import ManyToManyField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy
from simple_history.utils import get_m2m_reverse_field_name

from core.admin import UNREMARKABLE_FIELDS
from core.diffs import is_text, word_diff

from ..models import CaseStudy, ExternalIdentifier, KeyFigure, Participation, Source


def conflict_messages(pk, based_on):
    """What another save changed since a form was opened at version ``based_on``: a list of sentences."""
    records = CaseStudy.history.filter(id=pk).select_related("history_user").order_by("-history_date", "-history_id")
    latest = records.first()
    if latest is None:
        return [
            gettext(
                "This case study was saved by someone else after you opened it. Your changes are not saved yet: "
                "they are still in the form. Check them against the saved version, then save again."
            )
        ]
    who = latest.history_user or gettext("someone without an account (a script or an import)")
    when = timezone.localtime(latest.history_date)
    # Translators: %(who)s is a user name (or "someone without an account ..."); %(date)s e.g. "05 March 2026".
    saved = gettext(
        "%(who)s saved this case study on %(date)s at %(time)s, after you opened it. Your changes are not saved "
        "yet: they are still in the form below. Check them against what was saved, then save again to keep yours."
    )
    messages = [saved % {"who": who, "date": date_format(when, "d F Y"), "time": date_format(when, "H:i")}]
    base = records.filter(version=based_on).first() if based_on else None
    if base is None:
        messages.append(gettext("The version you started from is not in the history, so the changes cannot be listed."))
    else:
        messages.append(gettext("They changed:"))
        since = records.filter(version__gt=based_on).order_by("history_date", "history_id").first() or base
        changes = describe_changes(latest, base) + describe_part_changes(pk, since.history_date)
        messages.extend(changes or [gettext("nothing that shows in the form.")])
    return messages


def describe_changes(new_record, old_record):
    """One line per field that differs between two historical records: 'Title: “old” → “new”'."""
    delta = new_record.diff_against(old_record, excluded_fields=UNREMARKABLE_FIELDS, foreign_keys_are_objs=True)
    lines = []
    for change in delta.changes:
        field = CaseStudy._meta.get_field(change.field)
        name = f"{field.verbose_name[:1].upper()}{field.verbose_name[1:]}"
        if is_text(field):
            # The words they took out and put in, rather than two texts cut at 80 characters.
            lines.append(format_html('{}: <span class="word-diff">{}</span>', name, word_diff(change.old, change.new)))
            continue
        old, new = display_value(field, change.old), display_value(field, change.new)
        lines.append(f"{name}: {old} → {new}")
    return lines


# The rows edited on the case study's form, in the order of its inlines: (model, noun).
PARTS = [
    (Participation, pgettext_lazy("a row of a case study", "Partner")),
    (KeyFigure, pgettext_lazy("a row of a case study", "Key figure")),
    (Source, pgettext_lazy("a row of a case study", "Source")),
    (ExternalIdentifier, pgettext_lazy("a row of a case study", "Identifier")),
]
PART_UNREMARKABLE_FIELDS = ["id", "case_study"]


def describe_part_changes(pk, since):
    """What saves since ``since`` changed in a case study's partners, key figures, sources and identifiers.

    ``since`` is the time of the first save after the version the form started from: the records
    of that save's inline rows come after its case-study record, so the rows saved with the
    version the form shows are not counted again. Each row is compared as it was before
    ``since`` with its latest record: "Partner added: …", "Source 1: page “19” → “99”",
    "Partner removed: …".
    """
    lines = []
    for model, noun in PARTS:
        changed = list(
            model.history.filter(case_study_id=pk, history_date__gte=since).values_list("id", flat=True).distinct()
        )
        if not changed:
            continue
        records = model.history.filter(case_study_id=pk, id__in=changed).order_by("history_date", "history_id")
        if model is Participation:
            records = records.select_related("organisation")
        by_row = {}
        for record in records:
            before, first, latest = by_row.get(record.id, (None, None, None))
            if record.history_date < since:
                before = record
            else:
                first, latest = first or record, record
            by_row[record.id] = (before, first, latest)
        for before, first, latest in by_row.values():
            lines.extend(describe_part(model, noun, before, first, latest))
    return lines


def describe_part(model, noun, before, first, latest):
    """The lines for one row: ``before`` is its last record before the other saves (if any),
    ``first`` and ``latest`` its first and last records since."""
    # A row with no record before the other saves is older than its history unless they added it.
    existed = first.history_type != "+" if before is None else before.history_type != "-"
    exists = latest.history_type != "-"
    if not existed and exists:
        # Translators: %(part)s is "Partner", "Key figure", "Source" or "Identifier"; %(entry)s names the row.
        return [gettext("%(part)s added: %(entry)s") % {"part": noun, "entry": part_label(latest)}]
    if existed and not exists:
        return [gettext("%(part)s removed: %(entry)s") % {"part": noun, "entry": part_label(before or latest)}]
    if not existed:
        return []  # added and removed again since
    if before is None:
        return [gettext("%(part)s changed: %(entry)s") % {"part": noun, "entry": part_label(latest)}]
    name = f"{noun} {part_label(before)}" if model is Participation else f"{noun} {part_position(before)}"
    delta = latest.diff_against(before, excluded_fields=PART_UNREMARKABLE_FIELDS, foreign_keys_are_objs=True)
    lines = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        lines.append(
            f"{name}: {field.verbose_name} {display_value(field, change.old)} → {display_value(field, change.new)}"
        )
    return lines


def part_label(record):
    """'Coady Institute (knowledge partner)', '13,663 tribal families', 'ILO peer-learning guide, …'."""
    if isinstance(record, Participation.history.model):
        role = record.get_role_display()
        return f"{record.organisation} ({role.lower()})" if role else str(record.organisation)
    return Truncator(str(record.instance)).chars(80)


def part_position(record):
    """'1' for the first source or key figure; an identifier is named by its platform."""
    if isinstance(record, ExternalIdentifier.history.model):
        return f"({record.get_platform_display()})"
    return str(record.order)


def display_value(field, value):
    if isinstance(field, ManyToManyField):
        target = get_m2m_reverse_field_name(field)
        names = [str(row[target]) for row in value]
        return ", ".join(names) if names else gettext("(none)")
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    if value in (None, ""):
        return gettext("(empty)")
    return f"“{Truncator(str(value)).chars(80)}”"
