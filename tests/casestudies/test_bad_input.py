"""Malformed, unknown and hostile query parameters: a normal page that says what was not understood,
or 400 for an export; never a server error, never the input unescaped."""

import csv
import io
import json
import os
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.exports import COLUMNS
from casestudies.filters import MAX_CHOSEN
from casestudies.models import Country

pytestmark = pytest.mark.django_db

HOSTILE = '"><script>alert(1)</script>'
PARAMETERS = [
    "q",
    "region",
    "country",
    "modality",
    "submodality",
    "theme",
    "mechanism",
    "principle",
    "actor",
    "sdg",
    "year_from",
    "year_to",
    "sort",
    "page",
]


def notices(response):
    return response.context["problems"]


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("year_from=abc", "From year: “abc” is not understood"),
        ("year_to=20x0", "To year: “20x0” is not understood"),
        ("year_from=99999", "From year: “99999” is not understood"),
        ("region=atlantis", "Region: “atlantis” is not known"),
        ("country=ZZ", "Country: “ZZ” is not known"),
        ("sdg=18", "SDG: “18” is not known"),
        ("sdg=99999999999999999999999", "SDG: “99999999999999999999999” is not known"),
        ("sort=price", "Sort by: “price” is not understood"),
        ("page=0", "There is no page 0"),
        ("page=-1", "There is no page -1"),
        ("page=abc", "Page “abc” is not a page number"),
        ("page=99999", "so the last one is shown"),
    ],
)
def test_a_value_not_understood_is_named_and_the_page_still_answers(client, query, notice):
    response = client.get(f"/case-studies/?{query}")

    assert response.status_code == 200
    assert any(notice in problem for problem in notices(response)), notices(response)
    assert response.context["page"].object_list


def test_an_unknown_value_leaves_the_known_ones_of_the_same_parameter(client):
    response = client.get("/case-studies/?region=africa&region=atlantis")

    assert response.context["query"].value("region") == ["africa"]
    assertContains(response, "Region: “atlantis” is not known, so left out.")
    assert {c.label for c in response.context["chips"]} == {"Region: Africa"}


def test_years_the_wrong_way_round_are_swapped_and_said(client):
    response = client.get("/case-studies/?year_from=2020&year_to=2010")
    swapped = client.get("/case-studies/?year_from=2010&year_to=2020")

    assertContains(response, "The years were the wrong way round, so they are shown from 2010 to 2020.")
    assert response.context["page"].paginator.count == swapped.context["page"].paginator.count


def test_a_very_long_search_is_cut_and_said(client):
    response = client.get("/case-studies/", {"q": "savings " * 1250})

    assert response.status_code == 200
    assertContains(response, "The search was longer than 200 characters; only its start was used.")
    assert len(response.context["query"].value("q")) <= 200


@pytest.mark.parametrize(
    "text",
    [
        'village "banks',
        "women's savings",
        "' OR 1=1; DROP TABLE casestudies_casestudy; --",
        "a\x00b",
        "<b>bold</b> & <i>",
        "!!! ::: &&& |||",
        "%_%",
        "-",
    ],
)
def test_strange_searches_answer_a_normal_page(client, text):
    response = client.get("/case-studies/", {"q": text})

    assert response.status_code == 200
    assertNotContains(response, "<b>bold</b>")


def test_hostile_values_are_escaped_everywhere_they_are_shown(client):
    response = client.get("/case-studies/", dict.fromkeys(PARAMETERS, HOSTILE))

    assert response.status_code == 200
    assertNotContains(response, "<script>alert(1)</script>")
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")


def test_a_parameter_repeated_hundreds_of_times(client):
    response = client.get("/case-studies/?" + "&".join(["region=africa"] * 500 + ["country=zz"] * 300))

    assert response.status_code == 200
    assert response.context["query"].params.getlist("region") == ["africa"]
    assert [c.remove_url for c in response.context["chips"]] == ["?"]


def test_too_many_different_values_are_refused_in_words(client):
    response = client.get("/case-studies/?" + "&".join(f"theme=t{n}" for n in range(400)))

    assert response.status_code == 200
    assertContains(response, "Theme: more than 250 values were given, so none was used.")


@pytest.mark.parametrize("path", ["/case-studies/export.csv", "/case-studies/export.json"])
@pytest.mark.parametrize("query", ["region=atlantis", "year_from=abc", "sort=price", f"q={'x' * 300}"])
def test_a_malformed_export_request_is_refused_with_400_and_the_reason(client, path, query):
    response = client.get(f"{path}?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "not understood" in response.content.decode()


def test_a_malformed_export_request_does_not_echo_markup_as_html(client):
    response = client.get("/case-studies/export.json", {"region": HOSTILE})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


# Fuzzing: random queries over every parameter, on the page and both exports. `make test` tries 100
# queries on each; FUZZ_EXAMPLES=2000 make test tries more (README, "Security").
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
PROBE = "<x-probe>"
# Values the catalogue understands, so that random queries also combine real filters.
KNOWN = {
    "region": ["africa", "americas", "arab-states", "asia-pacific", "europe-central-asia"],
    "country": ["KE", "br", "IN", "ht"],
    "modality": ["south-south", "triangular"],
    "submodality": ["city-to-city", "sids-to-sids", "fragile-to-fragile", "regional"],
    "theme": ["social-and-solidarity-finance", "financial-inclusion"],
    "mechanism": ["credit-unions", "cooperative-banks"],
    "principle": ["solidarity", "mutual-benefit"],
    "actor": ["governments", "workers-organisations"],
    "sdg": ["1", "8", "08", "17"],
    "year_from": ["1990", "2010", "2015"],
    "year_to": ["2012", "2020", "2030"],
    "sort": ["relevance", "title", "-start_year", "start_year"],
    "page": ["1", "2", "3"],
    "q": ["savings", "cooperative banks", "women", '"village bank"'],
}


def values_of(parameter):
    return st.one_of(
        st.sampled_from(KNOWN[parameter]),
        st.text(max_size=300),
        st.text(max_size=40).map(lambda text: text + PROBE),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.sampled_from(["", " ", "0", "-1", "1e9", "NaN", "%00", "\x00", "’", "🙂", "a" * 1000]),
    )


queries = st.lists(
    st.sampled_from(PARAMETERS).flatmap(lambda parameter: st.tuples(st.just(parameter), values_of(parameter))),
    max_size=10,
)
fuzz = settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_the_fuzzing_tries_every_parameter():
    assert set(KNOWN) == set(PARAMETERS)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def refused_in_plain_text(response):
    return response.status_code == 400 and response["Content-Type"] == "text/plain; charset=utf-8"


@fuzz
@given(query=queries)
def test_no_query_makes_the_catalogue_page_fail_or_echo_markup(client, query):
    response = client.get(f"/case-studies/?{urlencode(query)}")

    assert response.status_code == 200
    assert PROBE not in response.content.decode()


@fuzz
@given(query=queries)
def test_no_query_makes_the_csv_export_fail_or_malformed(client, query):
    response = client.get(f"/case-studies/export.csv?{urlencode(query)}")

    if response.status_code == 200:
        assert response["Content-Type"].startswith("text/csv")
        header, *rows = csv.reader(io.StringIO(body(response).decode("utf-8-sig")))
        assert header == COLUMNS
        assert all(len(row) == len(COLUMNS) for row in rows)
    else:
        assert refused_in_plain_text(response), response.status_code


@fuzz
@given(query=queries)
def test_no_query_makes_the_json_export_fail_or_malformed(client, query):
    response = client.get(f"/case-studies/export.json?{urlencode(query)}")

    if response.status_code == 200:
        assert response["Content-Type"].startswith("application/json")
        data = json.loads(body(response))
        assert data["count"] == len(data["results"])
    else:
        assert refused_in_plain_text(response), response.status_code


def test_an_empty_value_asks_for_nothing_and_is_not_an_error(client):
    response = client.get("/case-studies/?region=&country=&sdg=&q=")
    export = client.get("/case-studies/export.csv?region=")

    assert notices(response) == []
    assert response.context["page"].paginator.count == client.get("/case-studies/").context["page"].paginator.count
    assert export.status_code == 200


def test_a_goal_number_with_a_leading_zero_is_the_goal(client):
    response = client.get("/case-studies/?sdg=08")

    assert notices(response) == []
    assert response.context["query"].params.getlist("sdg") == ["8"]


@pytest.mark.parametrize("text", ["the", "a", "of the", '"or"'])
def test_a_search_of_only_common_words_is_named_and_not_used(client, text):
    response = client.get("/case-studies/", {"q": text})

    assert any("holds only very common words" in problem for problem in notices(response))
    assert response.context["page"].paginator.count == client.get("/case-studies/").context["page"].paginator.count


def test_an_address_choosing_every_country_makes_a_page_of_bounded_size(client):
    """Every link repeats the query: 249 countries made a 2.2 MB page (issue 14)."""
    every_country = "&".join(f"country={iso2}" for iso2 in Country.objects.values_list("iso2", flat=True))

    response = client.get(f"/case-studies/?{every_country}")

    assert response.status_code == 200
    assert len(response.content) < 400_000
    assertContains(response, f"More than {MAX_CHOSEN} choices were given; the first {MAX_CHOSEN}")
    assert len(response.context["query"].params.getlist("country")) == MAX_CHOSEN


def test_choices_up_to_the_limit_are_all_used(client):
    countries = list(Country.objects.order_by("iso2").values_list("iso2", flat=True)[:MAX_CHOSEN])
    assert len(countries) == MAX_CHOSEN

    response = client.get("/case-studies/?" + "&".join(f"country={iso2}" for iso2 in countries))

    assert response.context["problems"] == []
    assert sorted(response.context["query"].params.getlist("country")) == sorted(countries)


@pytest.mark.parametrize("value", ["00\x00", "Ken\x00ya", "x" * 500])
def test_a_country_name_with_a_nul_byte_or_too_long_is_not_understood_rather_than_a_server_error(client, value):
    """The find-a-country box reads names; PostgreSQL refuses a NUL byte in a query (found by the fuzzer)."""
    for path in ["/case-studies/", "/case-studies/export.csv"]:
        response = client.get(path, {"country": value})

        assert response.status_code in {200, 400}
        assert "not known" in response.content.decode()
