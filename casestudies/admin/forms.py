"""The case-study form of the admin and the forms of its inlines: the domain rules across the form
and its inlines, and no lost update.

Two rules need more than the row a form saves:

- publication (a summary, a modality, a country, a source; the triangular rule) reads the
  countries of the form and the rows of the partner and source inlines, which the database
  does not hold yet;
- a save must start from the version that is stored, or it would overwrite another curator's
  save made since the form was opened.

Both are checked in the form's ``clean()``, so a refusal is a form error shown above the form,
with everything the curator typed still in it. The inline rows reach the form through
``internals.inline_formsets``; what a refused stale save missed is worded in ``conflicts.py``.
The inline forms say when another curator removed their row meanwhile; the withdraw action asks
its reason through ``WithdrawForm``.
"""

import copy

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import construct_instance
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

from core.admin import OneRecordPerSaveForm

from ..models import CaseStudy, Participation, Source
from .conflicts import conflict_messages
from .internals import inline_formsets, reverted_record, tracked_m2m_names

PUBLISH_BUTTON = "_publish"
# A published case study is cited by its address; a draft was never public.
BACK_TO_DRAFT = _(
    "A published case study is cited by its address: withdraw it, with a reason, rather than taking it back to draft."
)
WITHDRAW_A_DRAFT = _("A draft was never public: leave it as a draft (an editor-in-chief may delete it).")


PUBLICATION_NEEDS = {
    "summary": _("A published case study needs a summary: two or three plain sentences."),
    "body": _("A published case study needs its full account here."),
    "modality": _("A published case study needs a modality: South-South or triangular."),
    "countries": _("A published case study needs at least one country."),
    "sources": _("A published case study needs at least one source: add one under “Sources” below."),
}


class CaseStudyAdminForm(OneRecordPerSaveForm):
    based_on_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    checks_history_record = False  # a case study carries its own version, which says more (its inlines)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        history = reverted_record(self.instance)
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

    def clean_body(self):
        """The body as Markdown with Unix line endings: a browser posts a textarea with \\r\\n, which
        would otherwise show in the history as a change to every line of a body nobody touched."""
        return normalise_line_endings(self.cleaned_data["body"])

    def clean_summary(self):
        return normalise_line_endings(self.cleaned_data["summary"])

    def clean_withdrawn_reason(self):
        return normalise_line_endings(self.cleaned_data.get("withdrawn_reason", ""))

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
        for formset in inline_formsets(self.instance):
            rows = inline_rows(formset)
            if formset.model is Source:
                relations["sources"] = rows
            elif formset.model is Participation:
                relations["participations"] = [(row["organisation"], row.get("role", "")) for row in rows]
        if candidate.status == CaseStudy.Status.PUBLISHED:
            self._check_publication(candidate, relations)
        for problem in candidate.partnership_problems(relations.get("participations")):
            self.add_error(None, problem)

    def _check_publication(self, candidate, relations):
        """What a published case study needs, each next to its field (the sources, below the form,
        above it); a field marked here is left out of the database constraint's check, which would
        otherwise name the constraint rather than the field."""
        countries = relations.get("countries")
        if countries is None:
            countries = candidate.pk is not None and candidate.countries.exists()
        sources = relations.get("sources")
        if sources is None:
            sources = candidate.pk is not None and candidate.sources.exists()
        missing = {
            "summary": not candidate.summary.strip(),
            "body": not candidate.body.strip(),
            "modality": candidate.modality_id is None,
            "countries": not countries,
        }
        for field, is_missing in missing.items():
            if is_missing:
                self.add_error(field if field in self.fields else None, PUBLICATION_NEEDS[field])
        if not sources:
            self.add_error(None, PUBLICATION_NEEDS["sources"])

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


def normalise_line_endings(text):
    """``text`` with every line ending a ``\\n`` (browsers post ``\\r\\n``, old files ``\\r``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if text else text


def inline_rows(formset):
    """The cleaned rows an inline formset is about to keep: changed or existing, not deleted, valid."""
    formset.is_valid()
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.errors
    ]


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


ROW_REMOVED = _(
    "Someone else removed this row after you opened the page. "
    "Tick ‘Delete’ to leave it out, or add it again as a new row."
)


class CaseStudyPartForm(forms.ModelForm):
    """A row of an inline (a partner, a key figure, a source, an identifier) that says so when
    another curator has removed it since the page was opened.

    Django then treats the row as new and refuses its hidden id ("Select a valid choice"), an
    error nobody can see or correct; this puts a sentence above the row instead.
    """

    def _get_validation_exclusions(self):
        """An ordered row's number is checked by its formset, against the numbers the other rows are
        about to take, rather than against the stored ones: two rows may swap their numbers."""
        exclude = super()._get_validation_exclusions()
        if "order" in self.fields:
            exclude.add("order")
        return exclude

    def clean(self):
        cleaned_data = super().clean()
        pk_name = self._meta.model._meta.pk.name
        if self.data.get(self.add_prefix(pk_name)) and self.instance._state.adding:
            self.errors.pop(pk_name, None)
            raise forms.ValidationError(ROW_REMOVED, code="removed")
        return cleaned_data


# Above any number a curator gives (a case study has tens of rows, not thousands), below the column's limit.
PARKED_ORDER = 32_000
NUMBERED_LAST = _("Empty: after the others. To move a row, give it a number that no other row has.")


class CaseStudyPartFormSet(forms.BaseInlineFormSet):
    """The rows of an inline: ordered rows (partners, key figures, sources) are numbered by the
    formset, so a curator never types an order. A new row, or a row whose number was cleared, comes
    after the others; a curator reorders rows by giving them numbers (field notes: the admin's "Add
    another" copies the empty form, so a default of 0 would make every second new row a duplicate)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "order" in form.fields:
            field = form.fields["order"]
            field.required = False
            field.help_text = NUMBERED_LAST
            field.widget.attrs["class"] = "order-number"
            if form.instance._state.adding:
                form.initial["order"] = None

    def clean(self):
        super().clean()
        if not self.forms or "order" not in self.forms[0].fields:
            return
        kept = [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
            and form.has_changed()
            or (hasattr(form, "cleaned_data") and form.instance.pk and not self._should_delete_form(form))
        ]
        used = [form.cleaned_data.get("order") for form in kept if form.cleaned_data.get("order") is not None]
        if duplicates := sorted({number for number in used if used.count(number) > 1}):
            raise forms.ValidationError(
                _("Two rows have the number %(numbers)s: give each row its own number, or leave one empty."),
                params={"numbers": ", ".join(map(str, duplicates))},
                code="duplicate_order",
            )
        following = max(used, default=0) + 1
        for form in kept:
            if form.cleaned_data.get("order") is None:
                form.cleaned_data["order"] = following
                form.instance.order = following
                following += 1

    def save(self, commit=True):
        """Rows whose numbers were swapped are first moved out of each other's way (the numbers are
        unique in the database, and rows are saved one at a time); the numbers were checked above."""
        if commit and self.forms and "order" in self.forms[0].fields:
            moved = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk and "order" in form.changed_data and not self._should_delete_form(form)
            ]
            for index, pk in enumerate(moved):
                self.model._default_manager.filter(pk=pk).update(order=PARKED_ORDER - index)
        return super().save(commit)

    def get_queryset(self):
        """The rows as stored, until the forms of a posted page exist; then the row of each of them.

        The admin shows the n-th form of a page beside the n-th stored row. When another curator
        has added or removed rows since the page was opened, those are not the same rows: each
        form is shown beside the row it edits (or the new, unsaved row of a removed one, so its
        'Delete' box is there to tick).
        """
        if self.is_bound and self.forms_built:
            return [form.instance for form in self.initial_forms]
        return super().get_queryset()

    forms_built = False

    @cached_property
    def forms(self):
        """The forms, built once from the stored rows; from then on ``get_queryset`` answers with theirs."""
        forms = super().forms
        self.forms_built = True
        return forms


class ParticipationFormSet(CaseStudyPartFormSet):
    def add_fields(self, form, index):
        """Formsets' hook for each form they build: a stored partner's box is labelled from the row
        already loaded (``LoadedAutocompleteSelect``)."""
        super().add_fields(form, index)
        if form.instance.organisation_id is not None:
            widget = form.fields["organisation"].widget
            widget = getattr(widget, "widget", widget)  # inside the admin's add/change wrapper
            if isinstance(widget, LoadedAutocompleteSelect):
                widget.loaded = {str(form.instance.organisation_id): form.instance.organisation}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are they withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Readers of each case study's page will see this."),
    )
