"""The sitemap's section for the guide: a page for every concept."""

from core.sitemaps import EveryLanguageSitemap

from .models import ActorType, FinanceMechanism, Framework, IloRole, Modality, Principle, ProcessStep, SubModality

CONCEPTS_WITH_PAGES = [Principle, Modality, SubModality, ActorType, ProcessStep, FinanceMechanism, Framework, IloRole]


class GuideSitemap(EveryLanguageSitemap):
    def items(self):
        return [entry for model in CONCEPTS_WITH_PAGES for entry in model.objects.only("slug")]
