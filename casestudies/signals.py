"""Keep each case study's search vector in step with the partners and countries it names, and
count every change to the public content in the catalogue's version."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver
from simple_history.models import HistoricalChanges

from .models import CaseStudy, CatalogueVersion, Country, Organisation, Participation


@receiver(post_save, sender=Participation)
@receiver(post_delete, sender=Participation)
def participation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        CaseStudy.objects.filter(pk=instance.case_study_id).refresh_search()


@receiver(m2m_changed, sender=CaseStudy.countries.through)
def countries_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    # From the country's side (country.case_studies.add(...)) the case studies are in pk_set.
    CaseStudy.objects.filter(pk__in=pk_set or () if reverse else [instance.pk]).refresh_search()


@receiver(post_save, sender=Organisation)
@receiver(post_save, sender=Country)
def name_changed(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        instance.case_studies.refresh_search()


# The catalogue's version (casestudies/caching.py) counts every write to what the public pages
# show: every model of these apps, so that a model added later is not forgotten, but not their
# histories, which only the admin shows. Bulk writes send no signal: whoever writes in bulk
# calls CatalogueVersion.objects.bump() (CaseStudyQuerySet.update does).
CONTENT_APPS = ["casestudies", "guide"]


def content_changed(sender, **kwargs):
    CatalogueVersion.objects.bump()


def relation_changed(sender, action, pk_set, **kwargs):
    # add() and remove() send their signals even when they change nothing.
    if action == "post_clear" or (action in {"post_add", "post_remove"} and pk_set):
        CatalogueVersion.objects.bump()


def deployed(sender, apps, **kwargs):
    """A deploy runs ``migrate``: new templates may show the same content differently, so the
    pages readers kept are no longer current."""
    try:
        apps.get_model("casestudies", "CatalogueVersion")
    except LookupError:  # migrated back to before the version existed
        return
    CatalogueVersion.objects.bump()


def count_changes_in_catalogue_version(app_config):
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if issubclass(model, HistoricalChanges) or model is CatalogueVersion:
                continue
            if model._meta.auto_created:
                m2m_changed.connect(relation_changed, sender=model, dispatch_uid=f"catalogue-version-{model}")
            else:
                post_save.connect(content_changed, sender=model, dispatch_uid=f"catalogue-version-save-{model}")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"catalogue-version-delete-{model}")
    post_migrate.connect(deployed, sender=app_config, dispatch_uid="catalogue-version-deployed")
