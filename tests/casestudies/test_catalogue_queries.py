"""The catalogue's SQL budget: a fixed number of queries, whatever the results and the filters."""

import pytest

from casestudies.models import CaseStudy, Country
from tests.factories import add_partner, make_case_study, make_organisation

# The queries of making the page; a page kept whole takes fewer (tests/test_page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_page_rendered")]

# The catalogue's version, count, the page's ids, its case studies with their countries (and
# regions), forms of cooperation and finance mechanisms, one grouped query per facet (9), and one
# option list per parameter present (at most 9): never more, however many case studies there
# are. When nothing matches, one count more per parameter present (at most 12), for the near
# searches the page suggests. With the counts and the page's ids in the cache (a query asked
# before, and nothing changed since), the count, the ids, the facets' and the near searches'
# queries are not made.
BUDGET = 25
EMPTY_BUDGET = BUDGET + 12
WARM_BUDGET = 14
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


def queries(client, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(EMPTY_BUDGET) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", QUERIES)
def test_the_catalogue_takes_the_same_number_of_queries_at_any_size(client, django_assert_max_num_queries, query):
    url = f"/case-studies/?{query}"
    small = queries(client, django_assert_max_num_queries, url)

    add_published_case_studies(45)

    assert queries(client, django_assert_max_num_queries, url) == small


@pytest.mark.parametrize("query", QUERIES)
def test_a_query_asked_again_reads_its_counts_from_the_cache_at_any_size(client, django_assert_max_num_queries, query):
    url = f"/case-studies/?{query}"
    cold = queries(client, django_assert_max_num_queries, url)
    with django_assert_max_num_queries(WARM_BUDGET):
        warm = queries(client, django_assert_max_num_queries, url)
    assert cold <= (BUDGET if client.get(url).context["page"].paginator.count else EMPTY_BUDGET)

    add_published_case_studies(45)

    assert queries(client, django_assert_max_num_queries, url) == cold, "a change makes the cached counts stale"
    assert queries(client, django_assert_max_num_queries, url) == warm < cold
