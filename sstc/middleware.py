"""Response headers that Django's own middleware does not send, or sends otherwise here.

``SecurityHeadersMiddleware`` sits above WhiteNoise in ``MIDDLEWARE``, so static files get the
headers too; ``AddressLocaleMiddleware`` reads a page's language from its address.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# Where sstc/urls.py mounts the admin.
ADMIN_PREFIX = "/admin/"


class SecurityHeadersMiddleware:
    """Cross-Origin-Resource-Policy on every response, and ``X-Robots-Tag: noindex`` on the admin's.

    CORP ``same-origin`` stops other sites from loading our pages and files into theirs (Mozilla's
    HTTP Observatory counts it). robots.txt asks crawlers to keep out of /admin/, but a crawler
    that follows a link there anyway (the sign-in page, a 404) must not index what it finds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        if request.path_info.startswith(ADMIN_PREFIX):
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response


class AddressLocaleMiddleware(LocaleMiddleware):
    """Django's ``LocaleMiddleware``, for a site whose language is its address's alone.

    With ``prefix_default_language=False`` an address without a prefix is English whatever the
    browser asks for, and one with a prefix is that language: no page depends on the
    ``Accept-Language`` header or a cookie, so none says ``Vary: Accept-Language``, which would
    keep one copy per browser language of every English page in a shared cache.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
