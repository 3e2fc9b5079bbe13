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
from simple_history.utils import get_m2m_reverse_field_name

from core.admin import OneRecordPerSaveForm

from ..models import CaseStudy, Participation, Source
from .conflicts import conflict_messages
from .internals import inline_formsets, reverted_record, tracked_m2m_names

PUBLISH_BUTTON = "_publish"
# A published case study is cited by its address; a draft was never public.
BACK_TO_DRAFT = (
    "A published case study is cited by its address: withdraw it, with a reason, rather than taking it back to draft."
)
WITHDRAW_A_DRAFT = "A draft was never public: leave it as a draft (an editor-in-chief may delete it)."


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
            self.errors.pop(pk_name, None)
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
        label="Why are they withdrawn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Readers of each case study's page will see this.",
    )
