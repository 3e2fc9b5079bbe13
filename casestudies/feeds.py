"""The Atom feed of recently published case studies, for feed readers."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .citation import AUTHOR, AUTHOR_URL
from .models import CaseStudy

FEED_LENGTH = 20


class RecentCaseStudiesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Case studies: SSTC for Financing Decent Work")
    subtitle = _("Experiences of South-South and triangular cooperation for financing decent work, newest first.")
    link = reverse_lazy("casestudies:list")
    author_name = AUTHOR
    author_link = AUTHOR_URL
    language = "en"

    def items(self):
        # A row published without a date (an import, say) goes last, on PostgreSQL as on SQLite.
        newest_first = F("published_at").desc(nulls_last=True)
        return CaseStudy.objects.published().prefetch_related("themes").order_by(newest_first, "title")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]

    def item_guid(self, item):
        # The entry's identity outlives a change of slug: a feed reader does not show it as new.
        return f"tag:{urlsplit(settings.SITE_URL).hostname},2026:case-study:{item.pk}"

    item_guid_is_permalink = False
