"""Count every change to the public content in the catalogue's version (``core/caching.py``)."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from simple_history.models import HistoricalChanges

from .models import CatalogueVersion

# Every model of these apps, so that a model added later is not forgotten, but not their
# histories, which only the admin shows. Bulk writes send no signal: whoever writes in bulk
# raises the version where it does so (CaseStudyQuerySet.change, seed_synthetic).
CONTENT_APPS = ["casestudies", "guide"]


def content_changed(sender, **kwargs):
    CatalogueVersion.objects.bump()


def relation_changed(sender, action, pk_set, **kwargs):
    # add() and remove() send their signals even when they change nothing.
    if action == "post_clear" or (action in {"post_add", "post_remove"} and pk_set):
        CatalogueVersion.objects.bump()


def deployed(sender, apps=apps, **kwargs):
    """A deploy runs ``migrate``: new templates may show the same content differently, so the
    pages readers kept are no longer current. (``flush`` sends the signal without ``apps``.)"""
    try:
        apps.get_model("core", "CatalogueVersion")
    except LookupError:  # migrated back to before the version existed
        return
    CatalogueVersion.objects.bump()


def count_changes_in_catalogue_version(app_config):
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if issubclass(model, HistoricalChanges):
                continue
            if model._meta.auto_created:
                m2m_changed.connect(relation_changed, sender=model, dispatch_uid=f"catalogue-version-{model}")
            else:
                post_save.connect(content_changed, sender=model, dispatch_uid=f"catalogue-version-save-{model}")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"catalogue-version-delete-{model}")
    post_migrate.connect(deployed, sender=app_config, dispatch_uid="catalogue-version-deployed")
