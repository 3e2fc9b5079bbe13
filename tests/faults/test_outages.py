"""Against a served copy of the site: a stalled PostgreSQL and a stopped Redis cost readers a 503
with Retry-After (or a slower page) within the time limits, never a hung worker; the health check
says so; static files keep answering throughout.

More faults belong beside this file, with the same ``site`` (an XLSX bomb against the import
preview, two curators saving at once): each test leaves the site as it found it.
"""

import threading
import time

import pytest

from tests.faults.site import (
    CACHE_TIMEOUT,
    DATABASE_ANSWER_TIMEOUT,
    DATABASE_CONNECT_TIMEOUT,
)

pytestmark = pytest.mark.faults

# What a reader may wait, at most, for an answer while something is down: the longest time limit,
# and a margin for a loaded CI machine.
MARGIN = 3
DATABASE_LIMIT = max(DATABASE_CONNECT_TIMEOUT, DATABASE_ANSWER_TIMEOUT)
PAGES = ["/", "/case-studies/", "/case-studies/ibsa-fund-haiti/", "/guide/modalities/south-south/"]
STATIC = "/static/favicon.svg"


@pytest.fixture
def stalled_database(site):
    site.relay.stall()
    yield
    site.relay.resume()
    site.wait_until_healthy()


@pytest.fixture
def redis_down(site):
    site.stop_redis()
    yield
    site.start_redis()
    site.wait_until_healthy()


def static_path(site):
    """The hashed address of a static file, as the pages name it."""
    page = site.get("/").body.decode()
    start = page.index('href="/static/favicon.')
    return page[start + len('href="') : page.index('"', start + len('href="'))]


def test_the_served_site_answers_and_is_healthy(site):
    for path in [*PAGES, "/robots.txt", "/healthz"]:
        answer = site.get(path, timeout=10)
        assert answer.status == 200, (path, site.server_log())


def test_a_stalled_database_answers_503_with_retry_after_within_the_time_limits(site, stalled_database):
    for path in ["/case-studies/?q=nothing-cached", "/guide/"]:
        answer = site.get(path, timeout=DATABASE_LIMIT + MARGIN + 10)

        assert answer.status == 503, (path, answer.body[:300], site.server_log())
        assert answer.headers["Retry-After"] == "30"
        assert b"The site is busy or under repair" in answer.body
        assert answer.seconds < DATABASE_LIMIT + MARGIN, (path, answer.seconds)


def test_the_health_check_says_503_quickly_while_the_database_is_stalled(site, stalled_database):
    answer = site.get("/healthz", timeout=10)

    assert answer.status == 503
    assert answer.headers["Retry-After"] == "30"
    assert b"database: unavailable" in answer.body
    assert answer.seconds < 2 + MARGIN  # the health check's own limit (sstc/outage.py)


@pytest.mark.parametrize(("stalled_requests", "seconds"), [(2, 2), (6, DATABASE_LIMIT + MARGIN)])
def test_static_files_answer_while_requests_wait_for_a_stalled_database(
    site, stalled_database, stalled_requests, seconds
):
    """Nothing above WhiteNoise in MIDDLEWARE touches the database: a static file needs only a free
    thread (2 workers of 2 threads here). With half of them waiting it answers at once; with more
    requests waiting than threads, as soon as the time limit frees one."""
    path = static_path(site)
    waiting = [
        threading.Thread(target=site.get, args=(f"/case-studies/?q=stalled-{n}",), daemon=True)
        for n in range(stalled_requests)
    ]
    for thread in waiting:
        thread.start()
    time.sleep(0.5)

    answers = [site.get(path, timeout=DATABASE_LIMIT + MARGIN + 5) for _ in range(3)]

    assert [answer.status for answer in answers] == [200] * 3
    assert max(answer.seconds for answer in answers) < seconds
    for thread in waiting:
        thread.join(3 * DATABASE_LIMIT + MARGIN)


def test_the_site_recovers_when_the_database_answers_again(site):
    site.relay.stall()
    assert site.get("/case-studies/", timeout=DATABASE_LIMIT + MARGIN + 10).status == 503
    site.relay.resume()

    site.wait_until_healthy()
    assert site.get("/case-studies/", timeout=10).status == 200


@pytest.mark.parametrize("path", PAGES)
def test_pages_still_answer_when_redis_is_stopped(site, redis_down, path):
    answer = site.get(path, timeout=10)

    assert answer.status == 200, (path, site.server_log())
    assert answer.seconds < 5 * CACHE_TIMEOUT + MARGIN


def test_the_health_check_says_503_when_redis_is_stopped_and_static_files_answer(site, redis_down):
    health = site.get("/healthz", timeout=10)
    static = site.get(static_path(site), timeout=5)

    assert health.status == 503
    assert health.headers["Retry-After"] == "30"
    assert health.body == b"database: ok\ncache: unavailable\n"
    assert static.status == 200
