"""What readers and load balancers see when the database or the cache does not answer.

Both have time limits (settings.py, sstc/database.py), so an outage ends a request with an
exception after seconds rather than a hung worker. Wherever it is raised (a view, a middleware
saving the session), Django hands it to ``handler500``: :func:`server_error` answers **503 Service
Unavailable** with ``Retry-After`` for an outage, in the site's layout, and the usual 500 page for
anything else. :func:`healthz` tells a load balancer whether this server can answer.
"""

import logging
import sys

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.http import require_safe
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from sstc import database

logger = logging.getLogger(__name__)

OUTAGES = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)
# Seconds after which a reader (or a crawler) may try again.
RETRY_AFTER = 30
# The health check waits at most this long for each of the database and the cache.
HEALTH_CHECK_TIMEOUT = 2


def is_outage(error):
    while error is not None:
        if isinstance(error, OUTAGES):
            return True
        error = error.__cause__ or error.__context__
    return False


def unavailable(body, content_type="text/html; charset=utf-8"):
    response = HttpResponse(body, status=503, content_type=content_type)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """``handler500``: 503 with Retry-After when the database or the cache did not answer.

    Rendered without the request, so that no context processor reaches for what is down.
    """
    if is_outage(sys.exc_info()[1]):
        return unavailable(loader.render_to_string("503.html"))
    return HttpResponseServerError(loader.render_to_string("500.html"))


def check_database():
    with database.limited_to(HEALTH_CHECK_TIMEOUT), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def check_cache():
    cache.set("healthz", "ok", 30)
    return cache.get("healthz") == "ok"


@require_safe
def healthz(request):
    """200 when the database and the cache answer, 503 (with Retry-After) otherwise; never cached."""
    results = {}
    for name, check in (("database", check_database), ("cache", check_cache)):
        try:
            results[name] = check()
        except (DatabaseError, RedisConnectionError, RedisTimeoutError):
            logger.warning("Health check: the %s did not answer.", name, exc_info=True)
            results[name] = False
    body = "".join(f"{name}: {'ok' if ok else 'unavailable'}\n" for name, ok in results.items())
    if all(results.values()):
        response = HttpResponse(body, content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response
    return unavailable(body, content_type="text/plain; charset=utf-8")
