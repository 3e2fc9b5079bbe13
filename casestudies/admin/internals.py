"""The private APIs of Django and django-simple-history that curation relies on, each behind one
named function.

Nothing else in the project touches these. Each docstring says what is relied on and why no
public road exists; ``tests/casestudies/test_django_internals.py`` fails, by name, when an upgrade
changes one of them, rather than a curator's form quietly skipping a rule.
"""

from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from ..models import CaseStudy


class InlineFormsetsBeforeValidation:
    """A ``ModelAdmin`` mixin that hands the page's inline formsets to the model form before the
    form is validated: the form's rules of publication read the partner and source rows about to
    be saved (``inline_formsets``).

    Relies on ``ModelAdmin._create_formsets(request, obj, change)``, which returns
    ``(formsets, inline_instances)`` and which the change view calls after building the form and
    before ``form.is_valid()``, with ``obj`` the form's own instance. Django has no public hook
    between those two steps: ``get_formsets_with_inlines()`` yields formset classes,
    ``get_formset_kwargs()`` their arguments, and the form never sees the formsets.
    """

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        obj.admin_inline_formsets = formsets
        return formsets, inline_instances


def inline_formsets(instance):
    """The inline formsets built for the form of ``instance`` on this admin page (none elsewhere:
    a form used outside the admin's change view, or simple-history's revert form, has no inlines)."""
    return getattr(instance, "admin_inline_formsets", ())


def reverted_record(instance):
    """The historical record that ``instance`` was rebuilt from, on simple-history's revert form,
    or ``None``.

    Relies on simple-history marking the instance it rebuilds from a record
    (``HistoricalRecord.instance``) with the attribute named ``SIMPLE_HISTORY_REVERSE_ATTR_NAME``;
    its revert view passes the form nothing else that says the form is a revert.
    """
    return getattr(instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)


def tracked_m2m_names():
    """The many-to-many fields of a case study whose rows its history records.

    Relies on simple-history's ``_history_m2m_fields`` on the historical model, the list it
    records (``HistoricalRecords(m2m_fields=...)``), which it offers no public accessor for.
    """
    return [field.name for field in CaseStudy.history.model._history_m2m_fields]
