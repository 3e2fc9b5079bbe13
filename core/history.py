"""The history of every curated entry, kept by django-simple-history.

simple-history writes a historical record on every save and, for the many-to-many fields it
tracks, one more on every change to each of them: an admin save that touches the countries and
the themes of a case study would leave three records where the curator made one change. The
admin's forms (``core.admin.OneRecordPerSaveForm``) save the row and its many-to-many fields
without a record, then ask for one record of the whole result through ``record_history``; a
change made elsewhere (the shell, an import) is recorded as simple-history does it.
"""

from simple_history.models import HistoricalRecords as BaseHistoricalRecords

# The HistoricalRecords object of each model with history: the one that can write its records.
_recorders = {}


class HistoricalRecords(BaseHistoricalRecords):
    """simple-history's ``HistoricalRecords``, remembered per model so ``record_history`` finds it."""

    def finalize(self, sender, **kwargs):
        registered = hasattr(sender._meta, "simple_history_manager_attribute")
        super().finalize(sender, **kwargs)
        if not registered and hasattr(sender._meta, "simple_history_manager_attribute"):
            _recorders[sender] = self


def record_history(instance, history_type="~"):
    """Write one historical record of ``instance`` as it stands, its tracked many-to-many rows included.

    ``history_type`` is ``"+"`` for a creation and ``"~"`` for a change, as in simple-history.
    """
    _recorders[type(instance)].create_historical_record(instance, history_type)


def is_recorded(model):
    return model in _recorders
