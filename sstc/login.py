"""Who is signing in, as django-axes needs to know it."""

from django.conf import settings


def client_ip_address(request):
    """The address the request came from, as the outermost of our own proxies saw it.

    Behind proxies, ``REMOTE_ADDR`` is the nearest proxy: every curator would share one address,
    and failed sign-ins from anywhere would count against them all. Each proxy appends the
    address it saw to ``X-Forwarded-For``; the entries before ours are whatever the client sent.
    With ``TRUSTED_PROXY_HOPS`` proxies of our own (1: a TLS proxy; 2: a CDN, then the proxy), the
    client is the entry that many places from the end, and nothing a client writes can change it.
    A request with fewer entries did not come through them all: its ``REMOTE_ADDR`` is the client.
    """
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [entry for entry in forwarded if entry]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")
