"""Response headers that Django's own middleware does not send.

It sits above WhiteNoise in ``MIDDLEWARE``, so static files get the headers too.
"""

from django.conf import settings

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
