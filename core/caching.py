"""What the site keeps rather than work out again, and how it knows when that is out of date.

Every public page shows the catalogue as it stands: the published case studies, their relations
and the guide's concepts they are filed under. One row stands for all of it, the catalogue's
version (``CatalogueVersion``): every write to that content raises its number in the same
transaction (``core/signals.py``). From it follow

- HTTP caching of public pages (:func:`public_page`): an ETag and a Last-Modified date, a ``304
  Not Modified`` when the address still answers and the reader's copy is current, and
  ``Cache-Control: public`` for a short while, so that a CDN may answer too;
- whole responses for anonymous readers (:func:`public_page`): the page an address gave under
  this version is kept in Django's cache (Redis in production, shared by every app server), so
  that the next reader of that address gets it, or a 304, without the view or its template
  running: a few milliseconds rather than the 40 of rendering the catalogue's facet links;
- keys for Django's cache (:func:`cached`): counts that are costly at 100,000 case studies are
  kept under a key that holds the version, so that after a change no old count is ever read
  again. Nothing is deleted: old entries are no longer asked for, and expire. A cache that is
  down costs time, not the page: the value is computed.

The version lives in the database rather than in the cache, so that every app server agrees on
it, whatever its cache (in development and tests, each process's own memory).
"""

import hashlib
import logging
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .models import CatalogueVersion

logger = logging.getLogger(__name__)

# What a cache server that is down or stalled raises (Django's Redis backend lets them through).
CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)
# Public pages answer these methods; any other (POST, OPTIONS, TRACE...) is 405 with Allow.
SAFE_METHODS = ["GET", "HEAD"]

# How long a browser or a shared cache may show a public page without asking again.
PUBLIC_MAX_AGE = 60
# How long a cached count is kept; a change of the catalogue makes it unreachable at once.
CACHE_TIMEOUT = 60 * 60
# How long a whole response is kept, and the largest one kept: a page, never an export file.
RESPONSE_TIMEOUT = 60 * 60
RESPONSE_MAX_BYTES = 1024 * 1024


def catalogue_version(request):
    """A token for the catalogue as it stands, read once per request.

    The number alone could come back after a rolled-back change (as in tests, where every test
    is rolled back); with the time of the change it never repeats.
    """
    if not hasattr(request, "catalogue_version"):
        number, changed = CatalogueVersion.objects.current()
        request.catalogue_version = (number, changed, f"{number}-{changed:%Y%m%d%H%M%S%f}" if changed else "0")
    return request.catalogue_version


def is_anonymous(request):
    """No session cookie, so nobody signed in. Reading the session instead would make every
    response vary by cookie."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def public_page(view=None, *, whole=True):
    """Decorate a view whose response depends on nothing but its address and the catalogue.

    Anonymous readers get the HTTP caching of the module docstring, and, where ``whole`` (the
    default), the response kept whole for this version of the catalogue (:func:`kept_response`).
    A view that must look at the database before it may answer from a copy (a case study's page:
    an address may have become gone or moved) says ``whole=False`` and keeps what it can itself.

    A session cookie may belong to a curator, who sees drafts (``casestudies/permalinks.py``):
    those responses are ``private``, always run the view, and are never kept. Every response
    varies by cookie, so that no shared cache gives one to the other. With ``DEBUG`` on, a
    changed template shows at once: nothing is cached; with ``KEEP_PUBLIC_PAGES`` off, nothing is
    kept whole.
    """
    if view is None:
        return partial(public_page, whole=whole)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        if settings.DEBUG:
            return view(request, *args, **kwargs)
        if not is_anonymous(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        _number, changed, token = catalogue_version(request)
        etag = f'W/"{token}"'
        last_modified = int(changed.timestamp()) if changed else None
        key = response_key(request, token) if whole and settings.KEEP_PUBLIC_PAGES else None
        response = kept_response(key) if key else None
        if response is None:
            # The view runs first: a 304 only for an address that answers 200 (not one that is gone).
            response = view(request, *args, **kwargs)
            if key:
                keep_response(key, response)
        if response.status_code == 200:
            # Last-Modified counts whole seconds, so a change within the second of a reader's copy
            # has the same date: If-Modified-Since is answered 304 only from the next second on.
            # The ETag (sent by browsers with it, and then alone considered) sees every change.
            unchanged = get_conditional_response(
                request, etag=etag, last_modified=last_modified + 1 if last_modified else None
            )
            if unchanged is not None:
                response.close()
                response = unchanged
        if response.status_code in {200, 304}:
            response.headers.setdefault("ETag", etag)
            if last_modified:
                response.headers.setdefault("Last-Modified", http_date(last_modified))
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def response_key(request, token):
    """The key of the response to this address under this version of the catalogue.

    The address as sent, path and query string: two spellings of one query get an entry each,
    which costs memory, not correctness.
    """
    address = f"{request.path}?{request.META.get('QUERY_STRING', '')}"
    return f"response:{token}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def kept_response(key):
    """The response kept under ``key``, new for this request, or ``None`` (also while the cache
    is down or stalled: the view then runs)."""
    try:
        kept_parts = cache.get(key)
    except CACHE_ERRORS:
        logger.warning("The cache did not answer; the page %s is made without it.", key, exc_info=True)
        return None
    if kept_parts is None:
        return None
    content, headers = kept_parts
    return HttpResponse(content, headers=headers)


def keep_response(key, response):
    """Keep ``response`` under ``key`` if any later reader of the address may be given it.

    Only a whole page that answered 200 and sets no cookie: never an error, a redirect, a file
    streamed or larger than a page, nor one the view marked as not to be stored. The headers
    kept are the view's own (its content type, a file's name); the caching headers are added
    by :func:`public_page` to every answer, and the middleware's after it, as for any page.
    """
    if response.status_code == 200 and not response.streaming and hasattr(response, "render"):
        response.render()  # a TemplateResponse (the sitemaps'): its content, made now rather than later
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or len(response.content) > RESPONSE_MAX_BYTES
        or "no-store" in response.get("Cache-Control", "")
        or "private" in response.get("Cache-Control", "")
    ):
        return
    try:
        cache.set(key, (response.content, dict(response.items())), RESPONSE_TIMEOUT)
    except CACHE_ERRORS:
        logger.warning("The cache did not answer; the page %s is not kept.", key, exc_info=True)


def cached(request, name, parts, compute):
    """``compute()``, kept in Django's cache for this version of the catalogue and the active language.

    ``parts`` is what the value depends on besides the catalogue and the language (a query,
    normalised): equal parts share an entry.
    """
    digest = hashlib.sha256(repr((get_language(), parts)).encode()).hexdigest()[:32]
    return kept(f"{name}:{catalogue_version(request)[2]}:{digest}", compute, CACHE_TIMEOUT)


def kept(key, compute, timeout):
    """``compute()``, kept in Django's cache under ``key``; computed, slower, while the cache is
    down or stalled (its time limits are in settings.py), so that no page fails for want of it."""
    try:
        value = cache.get(key)
    except CACHE_ERRORS:
        logger.warning("The cache did not answer; %s is computed without it.", key, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except CACHE_ERRORS:
            logger.warning("The cache did not answer; %s is not kept.", key, exc_info=True)
    return value
