"""The catalogue's SQL budget: a fixed number of queries, whatever the results and the filters.

Counts come from the catalogue's index (``casestudies/index.py``), so the queries of a page are
the catalogue's version, the option keys of the parameters present (at most 9), a search's
finds, the page's ids and its case studies with their countries (and regions), forms of
cooperation and finance mechanisms: never more, however many case studies there are and whether
or not the query was asked before. After a change, the next request reads the change log and the
changed case studies again, and the facets' option lists: a fixed number of queries more,
however many case studies changed.
"""

import pytest

from casestudies.models import CaseStudy, Country
from tests.factories import add_partner, make_case_study, make_organisation

# The queries of making the page; a page kept whole takes fewer (tests/test_page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_page_rendered")]

BUDGET = 1 + 9 + 1 + 1 + 4
# The log checked and read, the changed case studies' years and their options, one query per
# facet; the facets' option lists, kept in the cache for a version of the catalogue.
CATCH_UP = 2 + 1 + 9 + 9
# A query asked before: its search's finds and its page's ids come from the cache.
WARM_BUDGET = BUDGET - 2
QUERIES = [
    "",
    "q=savings",
    "region=africa&region=asia-pacific&theme=social-and-solidarity-finance&sort=title&page=1",
    "region=africa&country=KE&modality=south-south&submodality=regional&theme=financial-inclusion"
    "&mechanism=roscas&principle=solidarity&actor=civil-society&sdg=5&year_from=2000&year_to=2024&q=women",
]


def add_published_case_studies(number):
    modality = CaseStudy.objects.filter(modality__slug="south-south").first().modality
    countries = list(Country.objects.filter(iso2__in=["KE", "BR", "IN", "ZA"]))
    for n in range(number):
        case_study = make_case_study(modality=modality, title=f"Savings group exchange {n}", start_year=2000 + n % 20)
        case_study.countries.set(countries[: 1 + n % 4])
        add_partner(case_study, make_organisation(country="KE"), role="host")
    CaseStudy.objects.filter(title__startswith="Savings group exchange").change(status="published")


def queries(client, django_assert_max_num_queries, url, budget=BUDGET + CATCH_UP):
    with django_assert_max_num_queries(budget) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", QUERIES)
def test_a_question_never_asked_takes_the_same_number_of_queries_at_any_size(
    client, django_assert_max_num_queries, query
):
    url = f"/case-studies/?{query}"
    client.get("/case-studies/?theme=skills-and-youth-employment")  # the index is built
    small = queries(client, django_assert_max_num_queries, url, BUDGET)

    add_published_case_studies(45)
    client.get("/case-studies/?theme=skills-and-youth-employment")  # and brought up to date

    assert queries(client, django_assert_max_num_queries, f"{url}&year_to=2100", BUDGET) == small


@pytest.mark.parametrize("query", QUERIES)
def test_a_change_costs_the_next_reader_a_fixed_number_of_queries_however_many_case_studies_changed(
    client, django_assert_max_num_queries, query
):
    url = f"/case-studies/?{query}"
    client.get(url)
    add_published_case_studies(1)
    one = queries(client, django_assert_max_num_queries, url)

    add_published_case_studies(45)

    assert queries(client, django_assert_max_num_queries, url) == one


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_asked_again_reads_its_search_and_page_from_the_cache(client, django_assert_max_num_queries, query):
    url = f"/case-studies/?{query}"
    cold = queries(client, django_assert_max_num_queries, f"{url}&sort=")
    with django_assert_max_num_queries(WARM_BUDGET):
        warm = queries(client, django_assert_max_num_queries, url)
    assert warm < cold
