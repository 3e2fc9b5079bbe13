"""The case-study form of the admin: the domain rules across the form and its inlines, and no lost update.

Two rules need more than the row a form saves:

- publication (a summary, a modality, a country, a source; the triangular rule) reads the
  countries of the form and the rows of the partner and source inlines, which the database
  does not hold yet;
- a save must start from the version that is stored, or it would overwrite another curator's
  save made since the form was opened.

Both are checked in the form's ``clean()``, so a refusal is a form error shown above the form,
with everything the curator typed still in it.
"""

import copy

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import ManyToManyField
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.text import Truncator
from simple_history.utils import get_m2m_reverse_field_name

from core.admin import UNREMARKABLE_FIELDS, OneRecordPerSaveForm

from ..models import CaseStudy, ExternalIdentifier, KeyFigure, Participation, Source

PUBLISH_BUTTON = "_publish"
# A published case study is cited by its address; a draft was never public.
BACK_TO_DRAFT = (
    "A published case study is cited by its address: withdraw it, with a reason, rather than taking it back to draft."
)
WITHDRAW_A_DRAFT = "A draft was never public: leave it as a draft (an editor-in-chief may delete it)."


class CaseStudyAdminForm(OneRecordPerSaveForm):
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        history = getattr(self.instance, "_history", None)
        if history is not None:
            # simple-history's "revert" form: the row as it was, saved over the current version,
            # with the many-to-many rows of that time (the instance knows only today's).
            self.fields["based_on_version"].initial = stored_version(self.instance.pk)
            for name in tracked_m2m_names():
                if name in self.fields:
                    field = CaseStudy._meta.get_field(name)
                    self.initial[name] = list(
                        getattr(history, name).values_list(get_m2m_reverse_field_name(field), flat=True)
                    )
        elif self.instance.pk:
            self.fields["based_on_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if PUBLISH_BUTTON in self.data and "status" in self.fields:
            cleaned_data["status"] = CaseStudy.Status.PUBLISHED
        self._check_relations()
        if self.instance.pk:
            stored = stored_row(self.instance.pk, lock=True)
            if stored is not None:
                self._check_status(stored["status"])
                self._check_version(stored["version"])
        return cleaned_data

    def _check_status(self, stored_status):
        """The workflow runs draft → published → withdrawn, and back from withdrawn; not the other ways."""
        status = self.cleaned_data.get("status")
        if status is None or "status" not in self.fields:
            return
        if stored_status == CaseStudy.Status.PUBLISHED and status == CaseStudy.Status.DRAFT:
            self.add_error("status", BACK_TO_DRAFT)
        elif stored_status == CaseStudy.Status.DRAFT and status == CaseStudy.Status.WITHDRAWN:
            self.add_error("status", WITHDRAW_A_DRAFT)

    def _check_relations(self):
        """Publication and the triangular rule, over what this form and its inlines are about to save."""
        candidate = construct_instance(
            self, copy.copy(self.instance), fields=self._meta.fields, exclude=self._meta.exclude
        )
        relations = {}
        if "countries" in self.cleaned_data:
            relations["countries"] = list(self.cleaned_data["countries"])
        for formset in getattr(self.instance, "_admin_formsets", ()):
            rows = inline_rows(formset)
            if formset.model is Source:
                relations["sources"] = rows
            elif formset.model is Participation:
                relations["participations"] = [(row["organisation"], row.get("role", "")) for row in rows]
        try:
            candidate.validate_relations(**relations)
        except forms.ValidationError as error:
            self.add_error(None, error)

    def _check_version(self, current):
        """Refuse to save over a version this form did not start from; show what that save changed."""
        based_on = self.cleaned_data.get("based_on_version")
        if based_on == current:
            # The instance may be an older version (simple-history's revert form): count from the stored one.
            self.instance.version = current
            return
        self.add_error(None, conflict_messages(self.instance.pk, based_on))
        # The next save, made knowingly after reading the message, starts from the stored version.
        data = self.data.copy()
        data[self.add_prefix("based_on_version")] = current
        self.data = data


def inline_rows(formset):
    """The cleaned rows an inline formset is about to keep: changed or existing, not deleted, valid."""
    formset.is_valid()
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.errors
    ]


def tracked_m2m_names():
    return [field.name for field in CaseStudy.history.model._history_m2m_fields]


def stored_row(pk, *, lock=False):
    """The stored ``version`` and ``status`` of a case study, or ``None``."""
    rows = CaseStudy.objects.filter(pk=pk)
    if lock:
        # The admin's POST runs in a transaction: the row stays locked until this save is done.
        rows = rows.select_for_update()
    return rows.values("version", "status").first()


def stored_version(pk):
    row = stored_row(pk)
    return row and row["version"]


def conflict_messages(pk, based_on):
    """What another save changed since a form was opened at version ``based_on``: a list of sentences."""
    records = CaseStudy.history.filter(id=pk).select_related("history_user").order_by("-history_date", "-history_id")
    latest = records.first()
    if latest is None:
        return [
            "This case study was saved by someone else after you opened it. Your changes are not saved yet: "
            "they are still in the form. Check them against the saved version, then save again."
        ]
    who = latest.history_user or "someone without an account (a script or an import)"
    when = timezone.localtime(latest.history_date).strftime("%d %B %Y at %H:%M")
    messages = [
        f"{who} saved this case study on {when}, after you opened it. Your changes are not saved yet: they "
        "are still in the form below. Check them against what was saved, then save again to keep yours."
    ]
    base = records.filter(version=based_on).first() if based_on else None
    if base is None:
        messages.append("The version you started from is not in the history, so the changes cannot be listed.")
    else:
        messages.append("They changed:")
        since = records.filter(version__gt=based_on).order_by("history_date", "history_id").first() or base
        changes = describe_changes(latest, base) + describe_part_changes(pk, since.history_date)
        messages.extend(changes or ["nothing that shows in the form."])
    return messages


def describe_changes(new_record, old_record):
    """One line per field that differs between two historical records: 'Title: “old” → “new”'."""
    delta = new_record.diff_against(old_record, excluded_fields=UNREMARKABLE_FIELDS, foreign_keys_are_objs=True)
    lines = []
    for change in delta.changes:
        field = CaseStudy._meta.get_field(change.field)
        old, new = display_value(field, change.old), display_value(field, change.new)
        lines.append(f"{field.verbose_name[:1].upper()}{field.verbose_name[1:]}: {old} → {new}")
    return lines


# The rows edited on the case study's form, in the order of its inlines: (model, noun).
PARTS = [(Participation, "Partner"), (KeyFigure, "Key figure"), (Source, "Source"), (ExternalIdentifier, "Identifier")]
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
        return [f"{noun} added: {part_label(latest)}"]
    if existed and not exists:
        return [f"{noun} removed: {part_label(before or latest)}"]
    if not existed:
        return []  # added and removed again since
    if before is None:
        return [f"{noun} changed: {part_label(latest)}"]
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
        return ", ".join(names) if names else "(none)"
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    if value in (None, ""):
        return "(empty)"
    return f"“{Truncator(str(value)).chars(80)}”"


class LoadedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that labels its chosen option from the row the inline already loaded.

    Django's autocomplete asks the database for the label of the chosen option, once per inline
    row; the partner inline loads its organisations with its rows, and hands them over here.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loaded = {}

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if not chosen or any(pk not in self.loaded for pk in chosen):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in chosen:
            label = self.choices.field.label_from_instance(self.loaded[pk])
            options.append(self.create_option(name, pk, label, True, len(options)))
        return [(None, options, 0)]


ROW_REMOVED = (
    "Someone else removed this row after you opened the page. "
    "Tick ‘Delete’ to leave it out, or add it again as a new row."
)


class CaseStudyPartForm(forms.ModelForm):
    """A row of an inline (a partner, a key figure, a source, an identifier) that says so when
    another curator has removed it since the page was opened.

    Django then treats the row as new and refuses its hidden id ("Select a valid choice"), an
    error nobody can see or correct; this puts a sentence above the row instead.
    """

    def clean(self):
        cleaned_data = super().clean()
        pk_name = self._meta.model._meta.pk.name
        if self.data.get(self.add_prefix(pk_name)) and self.instance._state.adding:
            self._errors.pop(pk_name, None)
            raise forms.ValidationError(ROW_REMOVED, code="removed")
        return cleaned_data


class CaseStudyPartFormSet(forms.BaseInlineFormSet):
    def get_queryset(self):
        """The rows as stored, until the forms of a posted page exist; then the row of each of them.

        The admin shows the n-th form of a page beside the n-th stored row. When another curator
        has added or removed rows since the page was opened, those are not the same rows: each
        form is shown beside the row it edits (or the new, unsaved row of a removed one, so its
        'Delete' box is there to tick).
        """
        rows = super().get_queryset()
        if self.is_bound and "forms" in self.__dict__:
            return [form.instance for form in self.initial_forms]
        return rows


class ParticipationFormSet(CaseStudyPartFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.organisation_id is not None:
            widget = form.fields["organisation"].widget
            widget = getattr(widget, "widget", widget)  # inside the admin's add/change wrapper
            if isinstance(widget, LoadedAutocompleteSelect):
                widget.loaded = {str(form.instance.organisation_id): form.instance.organisation}
        return form


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are they withdrawn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Readers of each case study's page will see this.",
    )
