from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView, TemplateView

from casestudies import views as casestudies_views
from casestudies.feeds import RecentCaseStudiesFeed
from casestudies.sitemaps import CaseStudySitemap, StaticPageSitemap
from core.caching import public_page
from guide.sitemaps import GuideSitemap
from sstc import outage
from sstc.origin import at_site_origin

# A database or cache that does not answer is a 503 with Retry-After, anything else a 500.
handler500 = outage.server_error

SITEMAPS = {"pages": StaticPageSitemap, "guide": GuideSitemap, "case-studies": CaseStudySitemap}
# An index of sections: a sitemap holds at most 50,000 addresses, so at 100,000 case studies
# theirs comes in pages (sitemap-case-studies.xml?p=2), each named in the index.
SITEMAP_INDEX = {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}

robots_txt = require_safe(TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"))

urlpatterns = [
    path("sitemap.xml", public_page(at_site_origin(sitemaps.index)), SITEMAP_INDEX, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        public_page(at_site_origin(sitemaps.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", robots_txt, name="robots"),
    # For load balancers (docs/deploy.md): whether this server reaches the database and the cache.
    path("healthz", outage.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's): send them to the site's.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True)),
    path("admin/", admin.site.urls),
]
# The pages people read, in every language of settings.LANGUAGES: English at the addresses of the
# URL contract (no prefix), the others under /fr/, /es/ and /pt/ with the same path and query. The
# sitemaps, robots.txt and /healthz are for machines and answer once; the sitemaps name every
# language's address of each page (hreflang).
urlpatterns += i18n_patterns(
    path("", casestudies_views.home, name="home"),
    path("feeds/case-studies/", public_page(at_site_origin(RecentCaseStudiesFeed())), name="case-study-feed"),
    path("guide/", include("guide.urls")),
    path("case-studies/", include("casestudies.urls")),
    prefix_default_language=False,
)
