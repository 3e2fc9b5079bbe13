"""The catalogue keeps its counts in the cache, and never shows a count from before a change."""

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy, Country, Theme
from tests.factories import add_source, make_case_study

# The counts kept in the cache, seen from pages made anew (not kept whole, core/caching.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("every_page_rendered")]

THEME = "social-and-solidarity-finance"
URL = f"/case-studies/?theme={THEME}"


def counts(client, url=URL):
    """What the page says: the number of results, and each facet's options with their counts."""
    response = client.get(url)
    assert response.status_code == 200
    facets = {
        facet.name: {option.key: (option.label, option.count) for option in facet.options}
        for facet in response.context["facets"]
    }
    return response.context["page"].paginator.count, facets


def in_database(**lookups):
    return CaseStudy.objects.published().filter(themes__slug=THEME, **lookups).distinct().count()


def kenyan_draft(title="Savings groups across the Kenyan border"):
    case_study = make_case_study(title=title, modality="south-south", body="What the partners did.")
    case_study.countries.add(Country.objects.get(iso2="KE"))
    case_study.themes.add(Theme.objects.get(slug=THEME))
    add_source(case_study)
    return case_study


def test_a_repeated_query_shows_the_same_counts_from_the_cache(client, django_assert_max_num_queries):
    cold = counts(client)

    with django_assert_max_num_queries(6):  # no count and no facet query: the cached ones
        warm = counts(client)

    assert warm == cold
    assert cold[0] == in_database()


def test_pages_and_orders_of_one_query_share_its_counts_and_other_queries_do_not(client):
    theme_only = counts(client)

    assert counts(client, URL + "&sort=title&page=1") == theme_only
    africa = counts(client, URL + "&region=africa")
    assert africa[0] == in_database(countries__region__slug="africa") != theme_only[0]


def test_publishing_counts_the_new_case_study_at_once(client):
    before, facets_before = counts(client)
    draft = kenyan_draft()

    draft.status = CaseStudy.Status.PUBLISHED
    draft.save()

    after, facets_after = counts(client)
    assert after == before + 1 == in_database()
    assert facets_after["country"]["KE"][1] == facets_before["country"].get("KE", ("", 0))[1] + 1
    assert facets_after["region"]["africa"][1] == in_database(countries__region__slug="africa")


def test_publishing_through_the_admin_counts_the_new_case_study_at_once(client, curator):
    before, _facets = counts(client)
    draft = kenyan_draft()

    curator.post(
        reverse("admin:casestudies_casestudy_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )

    assert counts(client)[0] == before + 1 == in_database()


def test_withdrawing_takes_the_case_study_out_of_the_counts_at_once(client):
    published = CaseStudy.objects.published().filter(themes__slug=THEME).first()
    before, _facets = counts(client)

    published.status = CaseStudy.Status.WITHDRAWN
    published.withdrawn_reason = "Its figures are being checked."
    published.save()

    assert counts(client)[0] == before - 1 == in_database()


def test_moving_a_case_study_to_another_country_moves_its_count(client):
    case_study = kenyan_draft()
    case_study.status = CaseStudy.Status.PUBLISHED
    case_study.save()
    _total, before = counts(client)

    case_study.countries.set([Country.objects.get(iso2="TO")])

    _total, after = counts(client)
    assert after["country"].get("KE", ("", 0))[1] == before["country"]["KE"][1] - 1
    assert after["country"]["TO"][1] == before["country"].get("TO", ("", 0))[1] + 1
    assert after["region"]["africa"][1] == in_database(countries__region__slug="africa")


def test_renaming_a_theme_renames_its_option_at_once(client):
    counts(client)
    theme = Theme.objects.get(slug=THEME)
    theme.name = "Solidarity finance, renamed"
    theme.save()

    _total, facets = counts(client)

    assert facets["theme"][THEME][0] == "Solidarity finance, renamed"


def test_a_page_asked_again_lists_a_newly_published_case_study_at_once(client):
    client.get("/case-studies/")  # the first page's case studies are now in the cache
    draft = kenyan_draft("The newest exchange of all")
    draft.start_year = 2099

    draft.status = CaseStudy.Status.PUBLISHED
    draft.save()

    first = client.get("/case-studies/").context["page"].object_list
    assert first[0].slug == draft.slug


def test_a_search_asked_again_keeps_its_order_by_relevance(client):
    url = "/case-studies/?q=savings"
    first = [case_study.slug for case_study in client.get(url).context["page"].object_list]

    again = [case_study.slug for case_study in client.get(url).context["page"].object_list]

    assert again == first
    assert len(first) > 1
