"""Keep what is derived from the catalogue in step with it: each case study's search vector, and
the catalogue's index (``index.py``), which notes every case study a change touched."""

from django.apps import apps as global_apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from guide.models import ActorType, FinanceMechanism, Modality, Principle, SubModality

from . import index
from .models import CaseStudy, Country, Organisation, Participation, Region, SdgGoal, Theme

# What a facet offers: deleting one drops its links in bulk, with no signal per link.
OPTION_MODELS = [Region, Country, Theme, SdgGoal, Modality, SubModality, FinanceMechanism, ActorType, Principle]


@receiver(post_save, sender=Participation)
@receiver(post_delete, sender=Participation)
def participation_changed(sender, instance, raw=False, **kwargs):
    index.record([instance.case_study_id])
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
    if not created:
        # A partner's kind or a country's region files its case studies under other options.
        index.record(instance.case_studies.values_list("pk", flat=True))
        if not raw:
            instance.case_studies.refresh_search()


@receiver(post_save, sender=CaseStudy)
@receiver(post_delete, sender=CaseStudy)
def case_study_changed(sender, instance, **kwargs):
    index.record([instance.pk])


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A case study's relation set, from its side or from an option's (``theme.case_studies.add(...)``
    names the case studies in ``pk_set``; an option's links cleared, those it had)."""
    if reverse:
        if action == "pre_clear":
            index.record(instance.case_studies.values_list("pk", flat=True))
        elif action in {"post_add", "post_remove"} and pk_set:
            index.record(pk_set)
    elif action in {"post_add", "post_remove", "post_clear"}:
        index.record([instance.pk])


def option_deleted(sender, **kwargs):
    index.record(None)


def whole_index_after_migrate(sender, apps=global_apps, **kwargs):
    """A migration (or a ``flush``, which sends no ``apps``) may have changed rows in bulk: the
    index is built again."""
    try:
        apps.get_model("casestudies", "IndexChange")
    except LookupError:  # migrated back to before the index
        return
    index.record(None)


for relation in CaseStudy.RELATIONS:
    m2m_changed.connect(relation_changed, sender=getattr(CaseStudy, relation).through, dispatch_uid=f"index-{relation}")
for model in OPTION_MODELS:
    post_delete.connect(option_deleted, sender=model, dispatch_uid=f"index-deleted-{model.__name__}")
