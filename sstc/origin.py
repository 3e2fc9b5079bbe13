"""Absolute addresses from the site's configured origin (``settings.SITE_URL``), never from the
request's Host header: a client chooses that header (a port, say, that ``ALLOWED_HOSTS`` does not
check), and what the site writes with it on a publicly cached page reaches every reader."""

import copy
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings


def absolute(path):
    """``path`` on this site (``/case-studies/x/``), as an absolute address."""
    return settings.SITE_URL + path


def site_url(request):
    """Context processor: ``{{ site_url }}`` in templates."""
    return {"site_url": settings.SITE_URL}


def at_site_origin(view):
    """Decorate a view of Django's own that writes absolute addresses from the request (the
    sitemap's, the feed's): it sees a request whose host and scheme are those of ``SITE_URL``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        origin = urlsplit(settings.SITE_URL)
        seen = copy.copy(request)
        seen.__class__ = type(
            "SiteOriginRequest",
            (request.__class__,),
            {"scheme": property(lambda self: origin.scheme), "get_host": lambda self: origin.netloc},
        )
        return view(seen, *args, **kwargs)

    return wrapper
