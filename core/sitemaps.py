"""What every section of the sitemap shares."""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator


class EntriesInEveryLanguage(Paginator):
    """Pages of entries, each entry given in every language: ``(entry, language)`` pairs.

    Django's sitemaps pair every entry with every language before paginating, which reads every
    entry for each page; here the database gives one page of entries, as without languages, and
    a page of ``limit`` entries holds ``limit`` times the number of languages addresses.
    """

    def __init__(self, object_list, per_page, languages):
        super().__init__(object_list, per_page)
        self.languages = languages

    def page(self, number):
        page = super().page(number)
        page.object_list = [(entry, language) for entry in page.object_list for language in self.languages]
        return page


class EveryLanguageSitemap(Sitemap):
    """Every page in every language of settings.LANGUAGES, each address naming the others
    (hreflang alternates; ``x-default`` is the English, the unprefixed address)."""

    i18n = True
    alternates = True
    x_default = True

    @property
    def paginator(self):
        return EntriesInEveryLanguage(self.items(), self.limit, self._languages())
