"""/case-studies/export.csv and export.json: exactly the filtered list, in the design's columns, streamed."""

import csv
import io
import json
import math

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from casestudies import exports
from casestudies.exports import COLUMNS
from casestudies.models import CaseStudy, Country, Participation
from tests.factories import add_partner, make_case_study, make_organisation

pytestmark = pytest.mark.django_db

QUERIES = ["", "region=africa", "region=asia-pacific&mechanism=village-banks", "q=savings&sort=title", "sdg=8&sdg=5"]


def read(response):
    assert isinstance(response, StreamingHttpResponse), "exports are streamed, not built in memory"
    return b"".join(response.streaming_content).decode("utf-8")


def export_json(client, query=""):
    response = client.get(f"/case-studies/export.json?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(read(response))


def export_csv(client, query=""):
    response = client.get(f"/case-studies/export.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="sstc-case-studies.csv"'
    text = read(response)
    assert text.startswith("\ufeff"), "a byte-order mark lets spreadsheet programs read UTF-8"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def page_slugs(client, query):
    """Every case study the catalogue lists for the query, over all its pages, in order."""
    pages = client.get(f"/case-studies/?{query}").context["page"].paginator.page_range
    return [
        case_study.slug
        for number in pages
        for case_study in client.get(f"/case-studies/?{query}&page={number}").context["page"]
    ]


@pytest.mark.parametrize("query", QUERIES)
def test_exports_hold_the_same_case_studies_as_the_page_in_the_same_order(client, query):
    expected = page_slugs(client, query)
    data = export_json(client, query)

    assert [row["slug"] for row in data["results"]] == expected
    assert data["count"] == len(expected)
    assert [row["slug"] for row in export_csv(client, query)] == expected


def test_a_json_record_has_the_fields_of_the_design(client):
    data = export_json(client, "country=HT")
    (record,) = [row for row in data["results"] if row["slug"] == "ibsa-fund-haiti"]
    case_study = CaseStudy.objects.get(slug="ibsa-fund-haiti")

    assert set(COLUMNS) <= set(record)
    assert record["url"] == "http://testserver/case-studies/ibsa-fund-haiti/"
    assert record["title"] == case_study.title
    assert record["modality"] == case_study.modality.slug
    assert "HT" in record["countries"]
    assert set(record["regions"]) == set(case_study.countries.values_list("region__slug", flat=True))
    assert "americas" in record["regions"]
    assert sorted(record["sdgs"]) == sorted(case_study.sdgs.values_list("number", flat=True))
    partners = {partner["name"]: partner for partner in record["partners"]}
    participations = list(Participation.objects.filter(case_study=case_study).select_related("organisation__country"))
    assert participations, "the IBSA Fund's case study names its partners"
    for participation in participations:
        partner = partners[participation.organisation.name]
        assert partner["role"] == (participation.role or None)
        country = participation.organisation.country
        assert partner["country"] == (country.iso2 if country else None)
    assert record["updated"].startswith(str(case_study.updated.year))


def test_csv_has_the_same_columns_with_lists_joined(client):
    rows = {row["slug"]: row for row in export_csv(client)}
    haiti = rows["ibsa-fund-haiti"]
    record = next(row for row in export_json(client)["results"] if row["slug"] == "ibsa-fund-haiti")

    assert list(haiti) == COLUMNS
    assert haiti["countries"] == "; ".join(record["countries"])
    assert haiti["sdgs"] == "; ".join(str(number) for number in record["sdgs"])
    assert haiti["partners"].count("; ") == len(record["partners"]) - 1
    assert haiti["end_year"] == ("" if record["end_year"] is None else str(record["end_year"]))


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted(client):
    case_study = make_case_study(title='=HYPERLINK("http://example.com")', modality="south-south")
    add_partner(case_study, make_organisation(name="+Plus partner", country="KE"), role="host")
    case_study.countries.add(Country.objects.get(iso2="KE"))
    case_study.status = "published"
    case_study.save()

    (row,) = [row for row in export_csv(client, "q=HYPERLINK") if row["slug"] == case_study.slug]

    assert row["title"] == '\'=HYPERLINK("http://example.com")'
    assert row["partners"] == "'+Plus partner (host, KE)"


def test_the_number_of_queries_does_not_grow_with_the_rows(client, django_assert_max_num_queries):
    def queries_for_export():
        with django_assert_max_num_queries(20) as captured:
            export_json(client, "sort=title")  # a query: the whole catalogue would come from its file
        return len(captured)

    before = queries_for_export()
    modality = CaseStudy.objects.filter(modality__slug="south-south").first().modality
    for n in range(40):
        case_study = make_case_study(modality=modality, title=f"Bulk {n}")
        add_partner(case_study, make_organisation(country="BR"), role="knowledge")
        case_study.countries.set(Country.objects.filter(iso2__in=["BR", "AO"]))
    CaseStudy.objects.filter(title__startswith="Bulk ").change(status="published")

    assert queries_for_export() == before


def publish_bulk(count):
    """``count`` published case studies, each with two countries and a partner."""
    modality = CaseStudy.objects.filter(modality__slug="south-south").first().modality
    for n in range(count):
        case_study = make_case_study(modality=modality, title=f"Bulk {n}")
        add_partner(case_study, make_organisation(country="BR"), role="knowledge")
        case_study.countries.set(Country.objects.filter(iso2__in=["BR", "AO"]))
    CaseStudy.objects.filter(title__startswith="Bulk ").change(status="published")


def reads_from(table, queries):
    return [query for query in queries if f'FROM "{table}"' in query["sql"]]


def test_the_export_reads_each_relation_once_per_chunk_of_rows(client, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
    publish_bulk(25)

    with CaptureQueriesContext(connection) as queries:
        rows = export_json(client, "sort=title")["count"]

    chunks = math.ceil(rows / 10)
    assert rows > 30, "enough rows for several chunks"
    for relation in ["countries", "submodalities", "themes", "mechanisms", "principles", "sdgs"]:
        table = CaseStudy._meta.get_field(relation).remote_field.through._meta.db_table
        assert len(reads_from(table, queries)) == chunks, relation
    assert len(reads_from(Participation._meta.db_table, queries)) == chunks
    # The rows themselves, the filters' options and the relations' options: a few more, not one per row.
    assert len(queries) <= 7 * chunks + 20


def test_an_export_in_many_chunks_writes_what_one_chunk_writes(client, monkeypatch):
    publish_bulk(12)
    whole = export_csv(client, "sort=title")

    monkeypatch.setattr(exports, "CHUNK_SIZE", 3)

    assert export_csv(client, "sort=title") == whole


def test_a_record_lists_each_relation_in_the_order_its_page_shows_it(client):
    case_study = make_case_study(title="Listed in order", modality="south-south")
    # Each option linked on its own, last of its model's order first.
    for iso2 in ["ZA", "KE", "BR", "AO"]:
        case_study.countries.add(Country.objects.get(iso2=iso2))
    for relation in ["themes", "sdgs", "submodalities", "mechanisms", "principles"]:
        options = getattr(case_study, relation).model.objects.all()
        for option in reversed(options[: len(options) // 2 + 2]):
            getattr(case_study, relation).add(option)
    # Written second first: partners are listed in their order, not in the order they were added.
    second = make_organisation(name="Second partner", country="KE")
    Participation.objects.create(case_study=case_study, organisation=second, role="host", order=2)
    Participation.objects.create(case_study=case_study, organisation=make_organisation(name="First partner"), order=1)
    case_study.status = "published"
    case_study.save()

    (record,) = [row for row in export_json(client, "q=Listed+in+order")["results"] if row["slug"] == case_study.slug]

    countries = list(case_study.countries.all())
    assert record["countries"] == [country.iso2 for country in countries] == ["AO", "BR", "KE", "ZA"]
    assert record["regions"] == list(dict.fromkeys(country.region.slug for country in countries))
    assert record["themes"] == [theme.slug for theme in case_study.themes.all()]
    assert record["sdgs"] == [goal.number for goal in case_study.sdgs.all()]
    assert record["submodalities"] == [option.slug for option in case_study.submodalities.all()]
    assert record["mechanisms"] == [option.slug for option in case_study.mechanisms.all()]
    assert record["principles"] == [option.slug for option in case_study.principles.all()]
    assert record["partners"] == [
        {"name": "First partner", "role": None, "country": None},
        {"name": "Second partner", "role": "host", "country": "KE"},
    ]
    assert record["url"] == f"http://testserver/case-studies/{case_study.slug}/"
