"""Keep each case study's search vector in step with the partners and countries it names."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .models import CaseStudy, Country, Organisation, Participation


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
