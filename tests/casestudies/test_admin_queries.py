"""The admin's lists and forms cost a fixed number of queries, however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from casestudies.models import CaseStudy, Country, Organisation, Participation, Source, Theme
from guide.models import Modality
from tests.factories import add_partner, add_source, make_case_study, make_organisation

pytestmark = pytest.mark.django_db

CHANGELIST_URL = reverse("admin:casestudies_casestudy_changelist")
# A page of 100 rows, its filters and its counts; the same for 20 rows and for 200.
CHANGELIST_BUDGET = 20
CHANGE_FORM_BUDGET = 40


def load_case_studies(count, start=0):
    """``count`` case studies written in bulk, each with two countries, two partners and a source."""
    modality = Modality.objects.get(slug="south-south")
    countries = list(Country.objects.filter(iso2__in=["BR", "IN", "ZA", "KE", "PE", "VN"]))
    theme = Theme.objects.first()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bulk partner {start + n}", acronym=f"BP{start + n}", slug=f"bulk-partner-{start + n}")
        for n in range(count)
    )
    case_studies = CaseStudy.objects.bulk_create(
        CaseStudy(
            title=f"Bulk case study {start + n}",
            slug=f"bulk-case-study-{start + n}",
            summary="Loaded in bulk.",
            modality=modality,
            status=CaseStudy.Status.PUBLISHED,
            start_year=2000 + n % 20,
        )
        for n in range(count)
    )
    through = CaseStudy.countries.through
    through.objects.bulk_create(
        through(casestudy_id=case_study.pk, country_id=countries[(n + k) % len(countries)].pk)
        for n, case_study in enumerate(case_studies)
        for k in range(2)
    )
    CaseStudy.themes.through.objects.bulk_create(
        CaseStudy.themes.through(casestudy_id=case_study.pk, theme_id=theme.pk) for case_study in case_studies
    )
    Participation.objects.bulk_create(
        Participation(case_study=case_study, organisation=organisations[(n + k) % count], role="host", order=k)
        for n, case_study in enumerate(case_studies)
        for k in range(2)
    )
    Source.objects.bulk_create(
        Source(case_study=case_study, guide_section="Bulk", order=1) for case_study in case_studies
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?status__exact=published",
        "?region=africa",
        "?q=Bulk+partner",
        "?o=6",  # sorted by who changed it last
    ],
)
def test_the_case_study_changelist_costs_the_same_for_20_and_200_rows(curator, django_assert_max_num_queries, query):
    load_case_studies(20)
    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        few, _ = queries_for(curator, CHANGELIST_URL + query)

    load_case_studies(180, start=20)
    with django_assert_max_num_queries(CHANGELIST_BUDGET):
        many, response = queries_for(curator, CHANGELIST_URL + query)

    assert many == few
    assert len(response.context["cl"].result_list) == (
        100 if query != "?region=africa" else len(response.context["cl"].result_list)
    )


def test_the_changelist_shows_countries_and_who_changed_each_case_study_last(curator):
    case_study = make_case_study(title="Shown with its editor")
    case_study.countries.add(Country.objects.get(iso2="GH"))
    case_study._history_user = curator.user
    case_study.save()

    response = curator.get(CHANGELIST_URL + "?q=Shown+with+its+editor")

    assertContains(response, "Ghana")
    assertContains(response, "curator@example.org")


def test_each_row_of_the_changelist_has_a_checkbox_for_the_actions_and_at_most_five_countries(curator):
    case_study = make_case_study(title="Seen in seven countries")
    case_study.countries.add(*Country.objects.filter(iso2__in=["BR", "IN", "ZA", "KE", "PE", "VN", "GH"]))

    response = curator.get(CHANGELIST_URL + "?q=Seen+in+seven+countries")

    assertContains(
        response,
        f'<input type="checkbox" name="_selected_action" value="{case_study.pk}" class="action-select" '
        'aria-label="Select this object for an action - Seen in seven countries">',
        html=True,
    )
    assertContains(response, "Brazil, Ghana, India, Kenya, Peru and 2 more")


def test_the_changelist_does_not_read_the_bodies_of_its_rows(curator):
    load_case_studies(20)
    body = f'"{CaseStudy._meta.db_table}"."body"'

    with CaptureQueriesContext(connection) as queries:
        curator.get(CHANGELIST_URL)

    assert not [query["sql"] for query in queries if body in query["sql"]]


def test_the_changelist_finds_a_case_study_by_two_letters_of_a_partner_acronym(curator):
    case_study = make_case_study(title="Found by its partner")
    add_partner(case_study, make_organisation(name="Zanzibar Workers' Trust", acronym="ZQ"), "host")

    response = curator.get(CHANGELIST_URL + "?q=ZQ")

    assert [row.title for row in response.context["cl"].result_list] == ["Found by its partner"]


def test_a_case_study_with_two_partners_in_a_matching_country_is_listed_once(curator):
    case_study = make_case_study(title="Listed once")
    case_study.countries.add(Country.objects.get(iso2="KE"), Country.objects.get(iso2="UG"))
    add_partner(case_study, make_organisation(name="Twin partner one"), "host")
    add_partner(case_study, make_organisation(name="Twin partner two"), "knowledge")

    for query in ["?q=Twin+partner", "?region=africa&q=Listed+once"]:
        response = curator.get(CHANGELIST_URL + query)
        assert [row.title for row in response.context["cl"].result_list] == ["Listed once"]


def test_the_partner_filter_lists_the_case_studies_of_one_organisation(curator):
    partner = make_organisation(name="A partner with two case studies")
    for title in ["First of the partner", "Second of the partner"]:
        add_partner(make_case_study(title=title), partner, "host")
    make_case_study(title="Not of the partner")

    response = curator.get(CHANGELIST_URL + f"?partner={partner.pk}")

    assert {row.title for row in response.context["cl"].result_list} == {
        "First of the partner",
        "Second of the partner",
    }
    assertContains(response, "A partner with two case studies")
    organisations = curator.get(reverse("admin:casestudies_organisation_changelist") + "?q=A+partner+with")
    assertContains(organisations, f'href="{CHANGELIST_URL}?partner={partner.pk}"')


@pytest.mark.parametrize("value", ["99999999999999999999999", "abc", "-1"])
def test_a_strange_partner_value_answers_a_normal_page(curator, value):
    assert curator.get(CHANGELIST_URL + f"?partner={value}").status_code == 200


def test_the_organisation_autocomplete_puts_names_starting_with_the_letters_first(curator):
    make_organisation(name="Brazilian Cooperation Agency", acronym="ABC")
    make_organisation(name="Kiribati Ministry of Labour", acronym="")

    response = curator.get(
        reverse("admin:autocomplete"),
        {"term": "Ki", "app_label": "casestudies", "model_name": "participation", "field_name": "organisation"},
    )

    names = [result["text"] for result in response.json()["results"]]
    assert names[0] == "Kiribati Ministry of Labour"


def test_the_change_form_costs_the_same_with_two_partners_or_eight(curator, django_assert_max_num_queries):
    def case_study_with(partners):
        case_study = make_case_study(modality="south-south")
        case_study.countries.add(*Country.objects.filter(iso2__in=["BR", "MZ", "AO"]))
        add_source(case_study)
        for n in range(partners):
            add_partner(case_study, make_organisation(country="BR"), "host", note=f"partner {n}")
        return reverse("admin:casestudies_casestudy_change", args=[case_study.pk])

    two, eight = case_study_with(2), case_study_with(8)
    curator.get(two)  # once first, so that both counts below find the same caches warm
    with django_assert_max_num_queries(CHANGE_FORM_BUDGET):
        few, _ = queries_for(curator, two)
    with django_assert_max_num_queries(CHANGE_FORM_BUDGET):
        many, response = queries_for(curator, eight)

    assert many == few
    assertContains(response, "partner 7")


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:casestudies_organisation_changelist",
        "admin:casestudies_country_changelist",
        "admin:casestudies_grouping_changelist",
        "admin:casestudies_theme_changelist",
        "admin:guide_principle_changelist",
        "admin:guide_financemechanism_changelist",
        "admin:guide_guidance_changelist",
    ],
)
def test_the_other_changelists_cost_the_same_for_20_and_200_rows(curator, url_name):
    load_case_studies(20)
    few, _ = queries_for(curator, reverse(url_name))
    load_case_studies(180, start=20)
    many, _ = queries_for(curator, reverse(url_name))
    assert many == few <= 15


def test_the_history_page_costs_a_fixed_number_of_queries(curator, django_assert_max_num_queries):
    case_study = make_case_study(modality="south-south", title="Edited often")
    for n in range(10):
        case_study.summary = f"Summary {n}"
        case_study._history_user = curator.user
        case_study.save()
        add_partner(case_study, make_organisation(), "host")

    with django_assert_max_num_queries(30):
        response = curator.get(reverse("admin:casestudies_casestudy_history", args=[case_study.pk]))

    assertContains(response, "<del>8</del><ins>9</ins>", html=False)


def test_the_changelist_finds_a_case_study_by_a_few_letters_inside_a_partner_name(curator):
    case_study = make_case_study(title="Found by the middle of a name")
    add_partner(case_study, make_organisation(name="Quetzaltenango Weavers' Union", acronym="QWU"), "host")
    make_case_study(title="Not found")

    response = curator.get(CHANGELIST_URL + "?q=ZALTEN+weav")

    assert [row.title for row in response.context["cl"].result_list] == ["Found by the middle of a name"]
    assert response.context["cl"].result_count == 1


on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")


def plan(queryset):
    """PostgreSQL's plan for the queryset when it may only read a table through a bitmap of an
    index, as it would choose on a large table: which indexes can answer the query at all."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@on_postgresql
def test_the_admin_search_by_letters_reads_the_trigram_indexes_on_postgresql(curator):
    case_study = make_case_study(title="Harvest cooperative exchange")
    add_partner(case_study, make_organisation(name="Quetzaltenango Weavers' Union", acronym="QWU"), "host")

    found = CaseStudy.objects.search("zaltenan", fragments=True)

    assert list(found) == [case_study]
    used = plan(found)
    for index in [
        "casestudy_title_trgm",
        "casestudy_summary_trgm",
        "casestudy_slug_upper",
        "organisation_name_trgm",
        "organisation_acronym_trgm",
    ]:
        assert index in used, f"{index} serves the admin's search:\n{used}"
