"""The sitemap's sections for the catalogue: its static pages and the published case studies."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import CaseStudy


class CaseStudySitemap(Sitemap):
    """Published case studies only: a draft is not public and a withdrawn one answers 410."""

    def items(self):
        return CaseStudy.objects.published().order_by("pk").only("slug", "updated")

    def lastmod(self, item):
        return item.updated


class StaticPageSitemap(Sitemap):
    """The pages that are not a row of the database."""

    def items(self):
        return ["home", "casestudies:list", "guide:contents", "guide:resources"]

    def location(self, item):
        return reverse(item)
