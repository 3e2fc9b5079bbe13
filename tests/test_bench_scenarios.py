"""How the benchmark draws its addresses (bench/scenarios.py): each fresh address is new, and the
same seed draws the same ones. No database, the options given, but for the French addresses, which
follow a request."""

import random

import pytest

from bench import scenarios

OPTIONS = {
    "region": ["africa", "americas", "asia-pacific"],
    "theme": ["skills", "social-protection"],
    "sdg": ["1", "8"],
    "country": ["BR", "KE", "MN"],
}


def test_fresh_addresses_are_each_asked_once_and_then_counted_as_asked_again():
    addresses = scenarios.fresh(iter(["/a", "/b"]))
    assert [addresses.next() for _ in range(5)] == ["/a", "/b", "/a", "/b", "/a"]
    assert addresses.repeated == 3


def test_the_examples_of_fresh_addresses_are_asked_first_and_not_lost():
    addresses = scenarios.fresh(iter(["/a", "/b", "/c", "/d"]))
    assert addresses.examples == ["/a", "/b", "/c"]
    assert [addresses.next() for _ in range(4)] == ["/a", "/b", "/c", "/d"]
    assert addresses.repeated == 0


def test_hot_addresses_come_round_again_without_counting():
    addresses = scenarios.hot("/x", "/y")
    assert [addresses.next() for _ in range(3)] == ["/x", "/y", "/x"]
    assert addresses.repeated == 0 and addresses.examples == ["/x", "/y"]


def test_a_filter_combination_has_one_to_three_facets_with_known_values():
    rng = random.Random(3)
    for _ in range(200):
        params = scenarios.draw_filters(rng, OPTIONS, (1995, 2026))
        facets = [name for name in params if name in OPTIONS]
        assert 1 <= len(facets) <= 3
        assert all(set(params[name]) <= set(OPTIONS[name]) for name in facets)
        if "year_from" in params:
            assert 1995 <= params["year_from"] <= params["year_to"] <= 2026


def test_the_same_query_in_another_order_is_the_same_query():
    assert scenarios.identity({"region": ["africa"], "sdg": ["8"]}) == scenarios.identity(
        {"sdg": ["8"], "region": ["africa"]}
    )
    assert scenarios.identity({}, ["employ", "skill"]) == scenarios.identity({}, ["skill", "employ"])
    assert scenarios.identity({}, ["employ"]) != scenarios.identity({"region": ["africa"]}, ["employ"])


def test_fresh_filters_never_repeat_a_query_nor_ask_a_hot_one_and_depend_only_on_the_seed():
    hot = [{}, {"region": "africa"}]
    drawn = list(scenarios.fresh_filters(1, OPTIONS, None, hot))
    # Few options: every combination is drawn, then the generator gives up.
    assert len(drawn) == len(set(drawn)) > 50
    assert "/case-studies/?region=africa" not in drawn
    assert drawn == list(scenarios.fresh_filters(1, OPTIONS, None, hot))
    assert drawn != list(scenarios.fresh_filters(2, OPTIONS, None, hot))


@pytest.mark.django_db
def test_the_french_scenarios_ask_each_english_address_once_under_fr_after_a_french_request(client):
    client.get("/fr/case-studies/")  # leaves French active in this thread, as counting queries does

    assert scenarios.catalogue_path({"region": "africa"}) == "/case-studies/?region=africa"
    assert scenarios.in_french(scenarios.address("casestudies:detail", "some-slug")) == "/fr/case-studies/some-slug/"
