"""The admin of every curated model with history: one record per save, readable differences."""

import itertools
from collections import defaultdict

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import router, transaction
from django.db.models import ForeignKey, ManyToManyField
from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.utils import get_m2m_reverse_field_name

from .diffs import readable_change
from .history import is_recorded, record_history
from .translations import DEFAULT_LANGUAGE, OTHER_LANGUAGES, TranslationStatus, status_field_name

# Fields whose change says nothing a curator needs to read in a list of changes.
UNREMARKABLE_FIELDS = ["updated", "version", "published_at", "withdrawn_at"]


def newest_record_id(model, pk):
    """The id of the newest history record of a row: every save writes one, so it moves on every save."""
    pk_name = model._meta.pk.attname
    return model.history.filter(**{pk_name: pk}).order_by("-history_id").values_list("history_id", flat=True).first()


def lock_row(model, pk):
    """Lock a row until the end of the transaction (on PostgreSQL; SQLite locks the whole database on write)."""
    using = router.db_for_write(model)
    if transaction.get_connection(using).in_atomic_block:
        list(model._default_manager.using(using).select_for_update().filter(pk=pk).values_list("pk"))


def stale_messages(model, pk, based_on):
    """What other saves changed since a form was opened at history record ``based_on``: sentences."""
    pk_name = model._meta.pk.attname
    records = model.history.filter(**{pk_name: pk}).select_related("history_user").order_by("-history_id")
    latest = records.first()
    noun = model._meta.verbose_name
    who = latest.history_user or gettext("someone without an account (a script or an import)")
    when = timezone.localtime(latest.history_date).strftime("%d %B %Y at %H:%M")
    messages = [
        gettext(
            "%(who)s saved this %(noun)s on %(when)s, after you opened it. Your changes are not saved yet: they "
            "are still in the form below. Check them against what was saved, then save again to keep yours."
        )
        % {"who": who, "noun": noun, "when": when}
    ]
    base = records.filter(history_id=based_on).first() if based_on else None
    if base is None:
        messages.append(gettext("The version you started from is not in the history, so the changes cannot be listed."))
        return messages
    messages.append(gettext("They changed:"))
    messages.extend(describe_changes(model, latest, base) or [gettext("nothing that shows in the form.")])
    return messages


def describe_changes(model, new_record, old_record):
    """One line per field that differs between two historical records: 'Name: “old” → “new”'."""
    delta = new_record.diff_against(old_record, excluded_fields=UNREMARKABLE_FIELDS, foreign_keys_are_objs=True)
    lines = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        old, new = _display_value(field, change.old), _display_value(field, change.new)
        lines.append(f"{capfirst(field.verbose_name)}: {old} → {new}")
    return lines


def _display_value(field, value):
    if isinstance(field, ManyToManyField):
        target = field.m2m_reverse_field_name()
        names = sorted(str(field.related_model._default_manager.filter(pk=row[target]).first()) for row in value)
        return ", ".join(names) if names else gettext("(none)")
    if field.choices:
        value = dict(field.flatchoices).get(value, value)
    if value in (None, ""):
        return gettext("(empty)")
    return f"“{Truncator(str(value)).chars(80)}”"


class OneRecordPerSaveForm(forms.ModelForm):
    """Saves a row and its many-to-many fields as one history record rather than one per relation,
    and refuses to save over a save made since the form was opened.

    The admin saves the row (``save_model``), then its many-to-many fields (``save_m2m``): the
    record is written once both are done, so it holds the whole change and its author.

    No lost update: the form carries, hidden, the id of the row's newest history record when it
    was opened (``based_on_record``); every save writes a record, so ``clean()`` reads it again
    with the row locked (``select_for_update``, inside the admin's transaction) and, when it has
    moved, refuses with who changed what, the curator's input kept in the form. The next save,
    made knowingly after reading the message, starts from the newest record. The case-study form
    keeps its own ``version`` field and sets ``checks_history_record`` to ``False``.
    """

    based_on_record = forms.IntegerField(widget=forms.HiddenInput, required=False)
    checks_history_record = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._checks_record():
            self.fields["based_on_record"].initial = newest_record_id(type(self.instance), self.instance.pk)

    def _checks_record(self):
        """A stored row of a model with history; simple-history's revert form rebuilds its instance
        from a record (marked with ``SIMPLE_HISTORY_REVERSE_ATTR_NAME``), a stored row too."""
        stored = not self.instance._state.adding or getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        return (
            self.checks_history_record
            and "based_on_record" in self.fields
            and self.instance.pk is not None
            and bool(stored)
            and is_recorded(type(self.instance))
        )

    def clean(self):
        cleaned_data = super().clean()
        if self._checks_record():
            self._check_record()
        return cleaned_data

    def _check_record(self):
        model, pk = type(self.instance), self.instance.pk
        based_on = self.cleaned_data.get("based_on_record")
        if based_on is None and self.data.get(self.add_prefix("based_on_record")) in (None, ""):
            return  # not posted by the admin's form (a script's form): nothing to compare with
        lock_row(model, pk)
        newest = newest_record_id(model, pk)
        if newest is None or based_on == newest:
            return
        self.add_error(None, stale_messages(model, pk, based_on))
        data = self.data.copy()
        data[self.add_prefix("based_on_record")] = newest
        self.data = data

    def save(self, commit=True):
        adding = self.instance._state.adding
        self.instance.skip_history_when_saving = True
        instance = super().save(commit=False)
        save_m2m = self.save_m2m

        def save_m2m_and_record():
            try:
                save_m2m()
            finally:
                del instance.skip_history_when_saving
            record_history(instance, "+" if adding else "~")

        # ``save(commit=False)`` hands the many-to-many save to its caller as ``save_m2m``.
        self.save_m2m = save_m2m_and_record
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class HistoryAdmin(SimpleHistoryAdmin):
    """An admin whose entries keep their history: who changed what and when, the difference
    between two versions, and a revert ("History" on the change form)."""

    form = OneRecordPerSaveForm
    show_facets = admin.ShowFacets.NEVER

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """simple-history's versions of the entry, with their authors and tracked foreign keys.

        simple-history calls ``select_related()`` with the names of the tracked foreign keys, and
        with no names at all for a model that has none (a theme, a principle), which Django 6.1
        deprecates; here the call is made only when there is something to fetch.
        """
        records = history_manager.filter(**{pk_name: object_id}).select_related("history_user")
        foreign_keys = [field.name for field in history_manager.model.tracked_fields if isinstance(field, ForeignKey)]
        return records.select_related(*foreign_keys) if foreign_keys else records

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """What changed in each version, as simple-history lists it, in a fixed number of queries.

        simple-history compares the many-to-many rows of two versions with two queries per field
        and per version; here they are read once for the page. The timestamps that every save
        moves are left out.
        """
        records = list(historical_records)
        m2m_fields = list(records[0]._history_m2m_fields) if records else []
        names = self._m2m_names(records, m2m_fields)
        excluded = UNREMARKABLE_FIELDS + [field.name for field in m2m_fields]
        for newer, older in itertools.pairwise(records):
            delta = newer.diff_against(older, excluded_fields=excluded, foreign_keys_are_objs=foreign_keys_are_objs)
            changes = [readable_change(newer.instance_type, change) for change in delta.changes]
            for field in m2m_fields:
                old, new = names[field.name][older.history_id], names[field.name][newer.history_id]
                if old != new:
                    changes.append(
                        {
                            "field": capfirst(field.verbose_name),
                            "old": ", ".join(old) or "–",
                            "new": ", ".join(new) or "–",
                        }
                    )
            newer.history_delta_changes = changes

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's revert form, with what the revert would change (each field that differs
        between the current version and the one shown, compared word by word), in one transaction
        as the admin's change view is: the form's check that nobody saved since it was opened locks
        the row (``select_for_update``), which PostgreSQL allows only inside a transaction, and a
        refused revert saves nothing."""
        extra_context = {**(extra_context or {}), "revert_changes": self.revert_changes(object_id, version_id)}
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_changes(self, object_id, version_id):
        """The changes from the latest version to version ``version_id``, as ``readable_change`` lines."""
        records = self.model.history.filter(**{self.model._meta.pk.attname: object_id})
        version = records.filter(history_id=version_id).first()
        current = records.order_by("-history_date", "-history_id").first()
        if version is None or current is None or version.history_id == current.history_id:
            return []
        delta = version.diff_against(current, excluded_fields=UNREMARKABLE_FIELDS, foreign_keys_are_objs=True)
        return [readable_change(self.model, change) for change in delta.changes]

    @staticmethod
    def _m2m_names(records, m2m_fields):
        """``{field name: {history_id: sorted names}}`` for the given records, one query per field."""
        names = {}
        history_ids = [record.history_id for record in records]
        for field in m2m_fields:
            target = get_m2m_reverse_field_name(field)
            rows = getattr(records[0], field.name).model.objects.filter(history_id__in=history_ids)
            by_record = defaultdict(list)
            for row in rows.select_related(target):
                by_record[row.history_id].append(str(getattr(row, target)))
            names[field.name] = defaultdict(list, {key: sorted(value) for key, value in by_record.items()})
        return names


class TranslationFilter(admin.SimpleListFilter):
    """Which entries lack a language, or have one the ILO has not reviewed yet."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        choices = []
        for code, name in settings.LANGUAGES:
            if code in OTHER_LANGUAGES:
                choices.append((f"missing-{code}", _("Not in %(language)s") % {"language": _(name)}))
                choices.append((f"unreviewed-{code}", _("%(language)s not reviewed") % {"language": _(name)}))
        return choices

    def queryset(self, request, queryset):
        state, _dash, language = (self.value() or "").partition("-")
        if language not in OTHER_LANGUAGES:
            return queryset
        if state == "missing":
            return self.missing(queryset, language)
        if state == "unreviewed":
            return self.unreviewed(queryset, language)
        return queryset

    def missing(self, queryset, language):
        """The entries not translated into ``language``, by the status of their translation."""
        return queryset.filter(**{status_field_name(language): ""})

    def unreviewed(self, queryset, language):
        status = status_field_name(language)
        return queryset.exclude(**{status: ""}).exclude(**{status: TranslationStatus.REVIEWED})


class TranslationCuration(admin.ModelAdmin):
    """The admin of an entry whose texts are translated (django-modeltranslation).

    Each text is edited as before under its own name, in English, the language of the admin, with
    its French, Spanish and Portuguese columns beside it (``name_fr``, ...); the English column
    (``name_en``) is that same text and is not shown twice.
    """

    def get_exclude(self, request, obj=None):
        english = [
            build_localized_fieldname(field, DEFAULT_LANGUAGE)
            for field in translator.get_options_for_model(self.model).fields
        ]
        return [*(super().get_exclude(request, obj) or []), *english]


def review_action(language, name):
    """The action that marks the chosen entries' translation into ``language`` reviewed."""

    @admin.action(
        description=_("Mark the %(language)s translation as reviewed") % {"language": name},
        permissions=["change"],
    )
    def action(modeladmin, request, queryset):
        mark_reviewed(modeladmin, request, queryset, language)

    action.__name__ = f"mark_reviewed_{language}"
    return action


class ReviewedTranslations(TranslationCuration):
    """A translated entry that records how far each translation has come
    (``core.translations.TranslatedContent``): the list filters by a missing or unreviewed
    language, and an action per language marks translations reviewed."""

    actions = [review_action(code, name) for code, name in settings.LANGUAGES if code in OTHER_LANGUAGES]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), TranslationFilter]


class TranslatedAdmin(ReviewedTranslations, HistoryAdmin):
    """A translated entry with its history: marking a translation reviewed is a record of its own."""


def mark_reviewed(modeladmin, request, queryset, language):
    """Mark the chosen entries' translation into ``language`` reviewed, where there is one; each
    entry is saved, so its history says who vouched for it and when."""
    status = status_field_name(language)
    marked = 0
    for entry in queryset.exclude(**{status: ""}).exclude(**{status: TranslationStatus.REVIEWED}):
        setattr(entry, status, TranslationStatus.REVIEWED)
        entry._change_reason = "Translation marked as reviewed"
        entry.save(update_fields=[status])
        marked += 1
    skipped = queryset.count() - marked
    modeladmin.message_user(
        request,
        ngettext("%(count)d translation marked as reviewed.", "%(count)d translations marked as reviewed.", marked)
        % {"count": marked}
        + (
            " "
            + ngettext(
                "%(count)d entry was left as it was: not translated yet, or reviewed already.",
                "%(count)d entries were left as they were: not translated yet, or reviewed already.",
                skipped,
            )
            % {"count": skipped}
            if skipped
            else ""
        ),
    )
