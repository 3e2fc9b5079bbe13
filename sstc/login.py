"""Who is signing in, as django-axes needs to know it."""

from django.conf import settings


def client_ip_address(request):
    """The address the request came from, as our own proxy saw it.

    Behind the proxy (``BEHIND_PROXY=1``), ``REMOTE_ADDR`` is the proxy itself: every curator
    would share one address, and failed sign-ins from anywhere would count against them all. The
    proxy appends the address it saw to ``X-Forwarded-For``; the entries before it are whatever the
    client sent, so only the last one is trusted.
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last
    return request.META.get("REMOTE_ADDR")
