"""The sitemap's sections for the catalogue: its static pages and the published case studies."""

from django.db.models import Max
from django.urls import reverse

from core.sitemaps import EveryLanguageSitemap

from .models import CaseStudy


class CaseStudySitemap(EveryLanguageSitemap):
    """Published case studies only: a draft is not public and a withdrawn one answers 410.

    In pages of 10,000 (the protocol allows 50,000, which take seconds to write), each named in
    the index (``sstc/urls.py``).
    """

    limit = 10_000

    def items(self):
        return CaseStudy.objects.published().order_by("pk").only("slug", "updated")

    def get_latest_lastmod(self):
        """For the index, asked of the database rather than of every case study in turn."""
        return CaseStudy.objects.published().aggregate(latest=Max("updated"))["latest"]

    def lastmod(self, item):
        return item.updated


class StaticPageSitemap(EveryLanguageSitemap):
    """The pages that are not a row of the database."""

    def items(self):
        return [
            "home",
            "casestudies:list",
            "guide:contents",
            "guide:resources",
            "guide:glossary",
            "guide:ssf",
            "guide:sstc-in-the-ilo",
            "guide:why-ssc-works",
        ]

    def location(self, item):
        return reverse(item)
