"""The admin of every curated model with history: one record per save, readable differences."""

import itertools
from collections import defaultdict

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_m2m_reverse_field_name

from .diffs import readable_change
from .history import record_history

# Fields whose change says nothing a curator needs to read in a list of changes.
UNREMARKABLE_FIELDS = ["updated", "version", "published_at", "withdrawn_at"]


class OneRecordPerSaveForm(forms.ModelForm):
    """Saves a row and its many-to-many fields as one history record rather than one per relation.

    The admin saves the row (``save_model``), then its many-to-many fields (``save_m2m``): the
    record is written once both are done, so it holds the whole change and its author.
    """

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
        """The revert form, with what the revert would change: each field that differs between the
        current version and the one shown, compared word by word."""
        extra_context = {**(extra_context or {}), "revert_changes": self.revert_changes(object_id, version_id)}
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
