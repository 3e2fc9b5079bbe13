"""Exports running at once are limited per client and overall (429 with Retry-After), in the
shared cache so that the limits hold across workers; a finished or abandoned export frees its place."""

import json

import pytest
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections

from casestudies.models import CaseStudy
from tests.factories import make_case_study

pytestmark = pytest.mark.django_db

ALICE = {"REMOTE_ADDR": "198.51.100.1"}
BOB = {"REMOTE_ADDR": "198.51.100.2"}
CAROL = {"REMOTE_ADDR": "198.51.100.3"}


@pytest.fixture(autouse=True)
def limits(settings):
    settings.EXPORT_CONCURRENCY = 3
    settings.EXPORT_CONCURRENCY_PER_CLIENT = 2


def finish(response):
    """Close ``response`` as the server does once it has sent what it sends, as the test client
    does after reading a file to its end: without closing the test's database connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def read(response):
    """The whole file, read as a client does; the test client then closes the response."""
    return b"".join(response.streaming_content)


def start(client, meta, url="/case-studies/export.csv?region=americas"):
    """An export whose file the client has not read yet: it holds its place. (The whole catalogue
    comes from a file written once, below, and holds a place only while that is written.)"""
    return client.get(url, **meta)


def test_a_client_running_as_many_exports_as_allowed_is_told_to_come_back(client):
    running = [start(client, ALICE), start(client, ALICE, "/case-studies/export.json?region=americas")]
    assert [response.status_code for response in running] == [200, 200]

    refused = start(client, ALICE, "/case-studies/export.csv?region=africa")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    assert refused["Cache-Control"] == "no-store"
    assert "Too many exports are running at once" in refused.content.decode()


def test_another_client_still_exports_while_one_client_is_at_its_limit(client):
    running = [start(client, ALICE), start(client, ALICE)]

    assert start(client, BOB).status_code == 200
    assert all(response.status_code == 200 for response in running)


def test_no_one_exports_once_the_site_runs_as_many_exports_as_it_allows(client):
    running = [start(client, ALICE), start(client, ALICE), start(client, BOB)]
    assert [response.status_code for response in running] == [200, 200, 200]

    assert start(client, CAROL).status_code == 429


def test_an_export_read_to_the_end_frees_its_place(client):
    first, _second = start(client, ALICE), start(client, ALICE)
    read(first)

    again = start(client, ALICE)

    assert again.status_code == 200
    assert read(again).startswith("\ufefftitle,".encode())


def test_an_export_abandoned_before_it_is_sent_frees_its_place(client):
    first, _second = start(client, ALICE), start(client, ALICE)
    finish(first)  # the reader went away: the server closes the response

    assert start(client, ALICE).status_code == 200


def test_the_counts_are_kept_in_the_shared_cache(client):
    response = start(client, ALICE)

    assert cache.get("export-slots:all") == 1
    assert cache.get("export-slots:client:198.51.100.1") == 1
    finish(response)
    assert cache.get("export-slots:all") == 0


def test_the_limits_hold_in_this_process_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    running = [start(client, ALICE), start(client, ALICE)]

    assert start(client, ALICE).status_code == 429
    for response in running:
        finish(response)
    again = start(client, ALICE)
    assert again.status_code == 200
    finish(again)


# The whole catalogue, unfiltered, is written to a file once per version of the catalogue.


@pytest.fixture
def export_folder(settings, tmp_path):
    settings.EXPORT_FILE_DIR = str(tmp_path)
    return tmp_path


def test_the_whole_catalogue_is_sent_from_a_file_written_once_per_version(
    client, export_folder, django_assert_num_queries
):
    written = read(client.get("/case-studies/export.csv"))

    with django_assert_num_queries(1):  # the catalogue's version: the rows come from the file
        sent = read(client.get("/case-studies/export.csv"))

    assert sent == written
    assert [path.suffix for path in export_folder.iterdir()] == [".csv"]


def test_a_change_to_the_catalogue_makes_a_new_file_and_removes_the_old(client, export_folder):
    before = json.loads(read(client.get("/case-studies/export.json")))

    make_case_study(title="Savings groups across the Sahel", status=CaseStudy.Status.PUBLISHED, modality="south-south")
    after = json.loads(read(client.get("/case-studies/export.json")))

    assert after["count"] == before["count"] + 1
    assert "Savings groups across the Sahel" in [record["title"] for record in after["results"]]
    assert len(list(export_folder.iterdir())) == 1


def test_a_filtered_export_is_never_written_to_a_file(client, export_folder):
    read(client.get("/case-studies/export.csv?region=africa"))

    assert list(export_folder.iterdir()) == []
