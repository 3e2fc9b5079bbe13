"""The catalogue's index (``casestudies/index.py``) answers what the database answers.

Every count beside an option and every page of results the index gives is compared with what the
filters in SQL list for the same address, over random queries, and again after each kind of change
a curator or an import makes; a second process sees a change made through the first; and an index
kept in step by the change log is the one a build from nothing gives.
"""

import io
import subprocess
import sys
import textwrap
from pathlib import Path
from unittest.mock import patch

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from casestudies import catalogue as catalogue_page
from casestudies import index
from casestudies.admin.resources import CaseStudyResource
from casestudies.filters import CaseStudyFilter, read_query
from casestudies.models import CaseStudy, Country, Region, Theme
from guide.models import ActorType
from tests.factories import add_partner, add_source, make_case_study, make_organisation

# Addresses are asked again: every page is rendered, so that each has its context (tests/test_page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_page_rendered")]

WORDS = ["savings", "employment", "cooperative", "women", "kenya", "training", "skills", "pension"]


@pytest.fixture
def catalogue():
    """The guide's case studies and 60 synthetic ones, of every kind."""
    call_command("seed_synthetic", case_studies=60, seed=5, stdout=io.StringIO())


def from_database(params):
    """What the filters in SQL list for ``params``: the catalogue before it had an index."""
    return read_query(QueryDict(params)).case_studies


def assert_as_the_database_says(client, params):
    """The page of ``params`` counts and lists what SQL lists, its own results and every option's link."""
    page = client.get(f"/case-studies/?{params}").context
    listed = from_database(params)
    results = page["page"]
    assert results.paginator.count == listed.count()
    first = results.start_index() - 1 if results.paginator.count else 0
    assert [case_study.pk for case_study in results] == list(
        listed[first : first + len(results)].values_list("pk", flat=True)
    )
    for facet in page["facets"]:
        for option in facet.options:
            if option.selected:
                # Beside a chosen option, how many of those shown have it: its facet with it alone.
                alone = QueryDict(params, mutable=True)
                alone.setlist(facet.name, [option.key])
                expected = from_database(alone.urlencode()).count()
            else:
                expected = from_database(option.url.removeprefix("?")).count()
            assert option.count == expected, (params, facet.name, option.key)


def option_keys():
    return {name: [str(key) for key, _label in facet.field.choices] for name, facet in CaseStudyFilter().facets.items()}


@hypothesis_settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_count_and_page_is_what_the_database_lists_for_random_queries(client, catalogue, data):
    keys = option_keys()
    params = QueryDict(mutable=True)
    for name in data.draw(st.lists(st.sampled_from(sorted(keys)), max_size=3, unique=True)):
        params.setlist(name, data.draw(st.lists(st.sampled_from(keys[name]), min_size=1, max_size=2, unique=True)))
    if data.draw(st.booleans()):
        params["q"] = " ".join(data.draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2, unique=True)))
    if data.draw(st.integers(0, 3)) == 0:
        params["year_from"] = str(data.draw(st.integers(1990, 2025)))
    if data.draw(st.integers(0, 3)) == 0:
        params["year_to"] = str(data.draw(st.integers(2000, 2030)))
    params["sort"] = data.draw(st.sampled_from(["", "relevance", "-start_year", "start_year", "title"]))
    params["page"] = str(data.draw(st.integers(1, 3)))
    # Short lists are ordered among their ids, long ones through the filters in SQL: both are checked.
    listed_by_id = data.draw(st.sampled_from([0, catalogue_page.LISTED_BY_ID]))

    with patch.object(catalogue_page, "LISTED_BY_ID", listed_by_id):
        assert_as_the_database_says(client, params.urlencode())


def publish(case_study):
    case_study.status = CaseStudy.Status.PUBLISHED
    case_study.save()


def withdraw(case_study):
    case_study.status = CaseStudy.Status.WITHDRAWN
    case_study.withdrawn_reason = "Its figures could not be confirmed."
    case_study.save()


def change_theme(case_study):
    case_study.themes.set([Theme.objects.get(slug="social-protection")])


def add_from_the_theme_side(case_study):
    Theme.objects.get(slug="social-protection").case_studies.add(case_study)


def move_the_country(case_study):
    kenya = Country.objects.get(iso2="KE")
    kenya.region = Region.objects.get(slug="americas")
    kenya.save()


def change_the_partner_kind(case_study):
    partner = case_study.participations.first().organisation
    partner.actor_type = ActorType.objects.get(slug="workers-organisations")
    partner.save()


def remove_the_partner(case_study):
    case_study.participations.all().delete()


def change_the_years(case_study):
    case_study.start_year, case_study.end_year = 1995, 1999
    case_study.save()


def delete(case_study):
    case_study.delete()


def import_a_change(case_study):
    from tests.casestudies.test_import_export import exported

    result = CaseStudyResource().import_data(exported(case_study, countries="BR", themes="social-protection"))
    assert not result.has_errors() and not result.has_validation_errors()


def revert(case_study):
    case_study.countries.set([Country.objects.get(iso2="BR")])
    case_study.history.earliest().instance.save()
    case_study.countries.set([Country.objects.get(iso2="KE")])


def bulk_change(case_study):
    CaseStudy.objects.filter(pk=case_study.pk).change(start_year=1990)


CHANGES = [
    publish,
    withdraw,
    change_theme,
    add_from_the_theme_side,
    move_the_country,
    change_the_partner_kind,
    remove_the_partner,
    change_the_years,
    delete,
    import_a_change,
    revert,
    bulk_change,
]
PAGES = [
    "",
    "region=africa",
    "theme=social-protection",
    "actor=workers-organisations",
    "country=KE",
    "year_to=2000",
    "q=savings",
]


@pytest.mark.parametrize("change", CHANGES)
def test_no_count_is_stale_after_a_change(client, change):
    case_study = make_case_study(
        modality="south-south", title="Savings groups share their books", start_year=2010, end_year=2014
    )
    case_study.countries.set([Country.objects.get(iso2="KE")])
    case_study.themes.set([Theme.objects.get(slug="skills-and-youth-employment")])
    add_partner(
        case_study, make_organisation(country="KE", actor_type=ActorType.objects.get(slug="governments")), "host"
    )
    add_source(case_study)
    if change is not publish:
        publish(case_study)
    for params in PAGES:
        client.get(f"/case-studies/?{params}")  # counted, and kept

    change(case_study)

    for params in PAGES:
        assert_as_the_database_says(client, params)


def test_the_synthetic_catalogue_is_counted_as_soon_as_it_is_seeded_or_cleared(client):
    client.get("/case-studies/")
    call_command("seed_synthetic", case_studies=20, seed=2, stdout=io.StringIO())
    assert_as_the_database_says(client, "region=asia-pacific")

    call_command("seed_synthetic", clear=True, stdout=io.StringIO())
    assert_as_the_database_says(client, "region=asia-pacific")


def same_index(left, right):
    return (left.published, left.options, left.starts, left.ends) == (
        right.published,
        right.options,
        right.starts,
        right.ends,
    )


def test_an_index_kept_in_step_is_the_one_built_from_nothing(client, catalogue, rf):
    client.get("/case-studies/")
    for change, case_study in zip(CHANGES, CaseStudy.objects.published().order_by("pk")[: len(CHANGES)], strict=True):
        if change not in {revert, import_a_change}:
            change(case_study)
        client.get("/case-studies/")

    assert same_index(index.holder.index, index.build())


def test_the_index_is_shared_so_another_process_starts_from_it(client, catalogue, django_assert_max_num_queries):
    client.get("/case-studies/")
    index.holder.index = None  # another process: nothing in its memory, the same cache

    with django_assert_max_num_queries(25):  # no query per facet over every case study
        client.get("/case-studies/?theme=social-protection")
    assert_as_the_database_says(client, "theme=social-protection")


def test_a_cache_that_is_down_costs_a_build_not_the_page(client, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    def down(*args, **kwargs):
        raise RedisConnectionError("the cache is down")

    monkeypatch.setattr(index.cache, "get", down)
    monkeypatch.setattr(index.cache, "set", down)
    assert_as_the_database_says(client, "region=africa")


def test_the_command_builds_and_shares_the_index(catalogue):
    out = io.StringIO()
    call_command("build_catalogue_index", stdout=out)

    assert "published case studies" in out.getvalue()
    assert same_index(index.shared(), index.build())


APP_SERVER = textwrap.dedent(
    """
    import sys
    import django

    django.setup()
    from django.test import RequestFactory

    from casestudies.catalogue import page_context
    from casestudies.models import CaseStudy, Theme
    from tests.factories import add_source, make_case_study

    for line in sys.stdin:
        if line.strip() == "publish":
            case_study = make_case_study(modality="south-south", slug="pension-funds-compare-their-rules")
            case_study.themes.set([Theme.objects.get(slug="social-protection")])
            add_source(case_study)
            case_study.status = CaseStudy.Status.PUBLISHED
            case_study.save()
        elif line.strip() == "delete":
            CaseStudy.objects.filter(slug="pension-funds-compare-their-rules").delete()
        asked = RequestFactory().get("/case-studies/?theme=social-protection")
        print(page_context(asked)["page"].paginator.count, flush=True)
    """
)


class AppServer:
    """Another process serving the site from the same PostgreSQL database, as a second app server would."""

    def __init__(self):
        database = connection.settings_dict
        self.process = subprocess.Popen(
            [sys.executable, "-c", APP_SERVER],
            cwd=Path(settings.BASE_DIR),
            env={
                "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
                "DJANGO_SETTINGS_MODULE": "sstc.settings",
                "DEBUG": "0",
                "SECRET_KEY": "test-only-secret-key-not-for-any-deployment",
                "ALLOWED_HOSTS": "testserver",
                "CACHE_URL": "",
                "PATH": "/usr/bin:/bin",
            },
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def listed(self, then="ask"):
        """What its catalogue lists for one theme, after ``then`` (``publish``, ``delete``)."""
        self.process.stdin.write(f"{then}\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def stop(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.process.stdout.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two processes share a PostgreSQL database")
def test_a_second_app_server_process_sees_a_change_made_through_the_first():
    first, second = AppServer(), AppServer()
    try:
        before = second.listed()
        assert first.listed() == before

        assert first.listed(then="publish") == before + 1
        assert second.listed() == before + 1

        assert first.listed(then="delete") == before
        assert second.listed() == before
    finally:
        first.stop()
        second.stop()
