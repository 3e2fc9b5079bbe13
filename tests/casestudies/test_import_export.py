"""Spreadsheet import and export of case studies and organisations, as a curator uses them in the admin."""

import csv
import io

import openpyxl
import pytest
import tablib
from django.contrib.auth.models import Permission
from django.db.models import Max
from pytest_django.asserts import assertContains, assertNotContains

from casestudies.admin.resources import CaseStudyResource, OrganisationResource
from casestudies.models import CaseStudy, FormerSlug, Organisation
from tests.factories import add_partner, add_source, make_case_study, make_organisation, make_user

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/casestudies/casestudy/import/"
CONFIRM_URL = "/admin/casestudies/casestudy/process_import/"
EXPORT_URL = "/admin/casestudies/casestudy/export/"
CSV_FORMAT, XLSX_FORMAT = "0", "1"  # the order of the admin's formats (casestudies/admin/spreadsheets.py)

COLUMNS = [
    "slug",
    "title",
    "summary",
    "body",
    "modality",
    "submodalities",
    "countries",
    "themes",
    "mechanisms",
    "principles",
    "process_steps",
    "sdgs",
    "partners",
    "start_year",
    "end_year",
    "evidence",
    "last_checked",
    "status",
]


def southern_organisation():
    return Organisation.objects.filter(country__is_global_south=True).order_by("slug").first()


def example_rows(count=10, **changes):
    """``count`` clearly made-up South-South case studies, as a curator would type them."""
    partner = southern_organisation()
    rows = []
    for number in range(1, count + 1):
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            slug=f"example-cooperation-{number}",
            title=f"Example cooperation {number}",
            summary=f"Made-up partners {number} exchanged what they learned.",
            body="A made-up **example** for the import tests.",
            modality="south-south",
            countries="KE;br" if number % 2 else "ke ; BR ; IN",
            sdgs="8; 10",
            partners=f"{partner.slug} (knowledge)",
            start_year=str(2000 + number),
            evidence="partner-reported",
            last_checked="2024-05-31",
        )
        rows.append(row)
    for number, row_changes in changes.items():
        rows[int(number.removeprefix("row")) - 2].update(row_changes)
    return rows


def as_csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def as_xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        # What a spreadsheet program stores: numbers as numbers, empty cells as nothing.
        sheet.append([int(row[c]) if row[c].isdigit() else (row[c] or None) for c in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content, name, file_format):
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT_URL, {"resource": "0", "format": file_format, "import_file": file})


def confirm(client, preview):
    return client.post(CONFIRM_URL, preview.context["confirm_form"].initial, follow=True)


def exported(case_study, **cells):
    """The case study's row as the export writes it, with some cells changed as a curator would."""
    dataset = CaseStudyResource().export(CaseStudy.objects.filter(pk=case_study.pk))
    [row] = dataset.dict
    row.update(cells)
    return tablib.Dataset([row[h] for h in dataset.headers], headers=dataset.headers)


def import_bytes(resource, content, file_format="csv", dry_run=False):
    dataset = tablib.Dataset().load(content.decode() if file_format == "csv" else content, format=file_format)
    return resource.import_data(dataset, dry_run=dry_run)


def test_a_curator_previews_a_csv_file_then_confirms_it_and_ten_drafts_are_added(curator):
    before = CaseStudy.objects.count()

    preview = upload(curator, as_csv(example_rows()), "new.csv", CSV_FORMAT)

    assert preview.status_code == 200
    assertContains(preview, "Preview")
    assertContains(preview, "Example cooperation 10")
    assert preview.context["result"].totals["new"] == 10
    assert CaseStudy.objects.count() == before, "the preview saves nothing"

    done = confirm(curator, preview)

    assertContains(done, "Import finished: 10 new, 0 updated, 0 deleted and 0 skipped case studies.")
    added = CaseStudy.objects.filter(slug__startswith="example-cooperation-")
    assert added.count() == 10
    assert set(added.values_list("status", flat=True)) == {CaseStudy.Status.DRAFT}
    sixth = added.get(slug="example-cooperation-6")
    assert sorted(sixth.countries.values_list("iso2", flat=True)) == ["BR", "IN", "KE"]
    assert list(sixth.sdgs.values_list("number", flat=True)) == [8, 10]
    assert [(p.organisation, p.role) for p in sixth.participations.all()] == [(southern_organisation(), "knowledge")]
    assert sixth.modality.slug == "south-south"
    assert sixth.start_year == 2006
    assert str(sixth.last_checked) == "2024-05-31"


def test_a_curator_imports_an_xlsx_file_typed_in_a_spreadsheet_program(curator):
    preview = upload(curator, as_xlsx(example_rows(3)), "new.xlsx", XLSX_FORMAT)

    assert preview.context["result"].totals["new"] == 3
    confirm(curator, preview)

    second = CaseStudy.objects.get(slug="example-cooperation-2")
    assert second.start_year == 2002
    assert sorted(second.countries.values_list("iso2", flat=True)) == ["BR", "IN", "KE"]
    assert list(second.sdgs.values_list("number", flat=True)) == [8, 10]
    assert str(second.last_checked) == "2024-05-31"


def test_a_file_with_one_bad_row_adds_nothing_and_names_the_row_the_column_and_the_value(curator):
    before = CaseStudy.objects.count()
    rows = example_rows(row4={"countries": "KE; XX"})

    preview = upload(curator, as_csv(rows), "bad.csv", CSV_FORMAT)

    assertContains(preview, "Row 4, column countries: no country with code &#x27;XX&#x27;")
    assertNotContains(preview, "Confirm import")
    assert "confirm_form" not in preview.context
    assert CaseStudy.objects.count() == before


def test_a_bad_row_rolls_back_the_good_rows_before_it_when_imported_for_real():
    before = CaseStudy.objects.count()
    rows = example_rows(row11={"start_year": "soon"})

    result = import_bytes(CaseStudyResource(), as_csv(rows))

    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.error_dict["start_year"] == ["Row 11, column start_year: 'soon' is not a year"]
    assert CaseStudy.objects.count() == before


def test_the_confirm_step_imports_nothing_if_the_file_has_gone_bad_since_its_preview(curator):
    preview = upload(curator, as_csv(example_rows(2)), "new.csv", CSV_FORMAT)
    # Meanwhile another curator renames a case study from the second row's slug, which now redirects.
    FormerSlug.objects.create(slug="example-cooperation-2", case_study=make_case_study())

    done = confirm(curator, preview)

    assertContains(done, "Nothing was imported.")
    assertContains(done, "Row 3, column slug: Another case study used this slug before")
    assert not CaseStudy.objects.filter(slug__startswith="example-cooperation-").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"modality": "north-south"}, "Row 2, column modality: no modality 'north-south'"),
        ({"themes": "not-a-theme"}, "Row 2, column themes: no theme 'not-a-theme'"),
        ({"sdgs": "8; eighteen"}, "Row 2, column sdgs: 'eighteen' is not a goal number (1 to 17)"),
        ({"partners": "no-such-organisation (host)"}, "Row 2, column partners: no organisation with slug"),
        ({"evidence": "hearsay"}, "Row 2, column evidence: 'hearsay' is not a kind of evidence"),
        ({"last_checked": "31/05/2024"}, "Row 2, column last_checked: '31/05/2024' is not a date"),
        ({"start_year": "2010", "end_year": "2005"}, "Row 2, column end_year: The end year (2005) is before"),
        ({"title": ""}, "Row 2, column title: This field cannot be blank."),
        ({"status": "withdrawn"}, "Row 2, column status: a new case study is a draft or published"),
    ],
)
def test_each_kind_of_bad_cell_is_named_in_words(changes, message):
    result = import_bytes(CaseStudyResource(), as_csv(example_rows(1, row2=changes)), dry_run=True)

    messages = [m for row in result.invalid_rows for found in row.error_dict.values() for m in found]
    assert any(m.startswith(message) for m in messages), messages


def test_a_partner_role_must_be_one_of_the_guides_roles():
    partner = southern_organisation()
    rows = example_rows(1, row2={"partners": f"{partner.slug} (sponsor)"})

    result = import_bytes(CaseStudyResource(), as_csv(rows), dry_run=True)

    [invalid] = result.invalid_rows
    assert invalid.error_dict["partners"] == [
        "Row 2, column partners: 'sponsor' is not a partner's role: "
        "write one of knowledge, host, facilitating, resource"
    ]


def test_a_row_that_says_published_must_meet_the_publication_rules():
    rows = example_rows(1, row2={"status": "Published"})

    result = import_bytes(CaseStudyResource(), as_csv(rows))

    [invalid] = result.invalid_rows
    assert invalid.error_dict["status"] == ["Row 2, column status: A published case study needs at least one source."]
    assert not CaseStudy.objects.filter(slug="example-cooperation-1").exists()


def test_a_triangular_row_needs_a_supporting_partner_from_outside_the_global_south():
    rows = example_rows(1, row2={"modality": "triangular"})

    result = import_bytes(CaseStudyResource(), as_csv(rows), dry_run=True)

    [invalid] = result.invalid_rows
    assert invalid.error_dict["partners"] == [
        "Row 2, column partners: A triangular case study needs a partner from the North (an organisation based "
        "outside the Global South) as a resource or facilitating partner; an international organisation's support "
        "alone does not make cooperation triangular."
    ]


def test_an_import_may_publish_a_draft_that_has_a_source():
    draft = make_case_study(modality="south-south")
    add_source(draft)
    dataset = exported(draft, countries="KE", status="published")

    result = CaseStudyResource().import_data(dataset)

    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    draft.refresh_from_db()
    assert draft.status == CaseStudy.Status.PUBLISHED
    assert draft.published_at is not None


def test_an_import_cannot_take_a_published_case_study_back_to_draft():
    published = CaseStudy.objects.published().first()
    dataset = exported(published, status="draft")

    result = CaseStudyResource().import_data(dataset)

    [invalid] = result.invalid_rows
    assert invalid.error_dict["status"][0].startswith(
        "Row 2, column status: a published case study cannot become draft by import"
    )
    published.refresh_from_db()
    assert published.status == CaseStudy.Status.PUBLISHED


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_an_exported_file_imported_again_changes_nothing(curator, file_format):
    # The guide's case studies, plus one with partners in a given order, roles and none.
    extra = make_case_study(modality="south-south", start_year=2015, body="Line one\r\nline two")
    add_partner(extra, make_organisation(country="KE"), "host")
    add_partner(extra, southern_organisation(), "")
    export_form = {"resource": "0", "format": file_format}
    export_form.update({f"casestudyresource_{column}": "on" for column in COLUMNS})
    exported = curator.post(EXPORT_URL, export_form)
    assert exported.status_code == 200
    content = b"".join(exported.streaming_content) if exported.streaming else exported.content
    history = CaseStudy.history.count()
    versions = dict(CaseStudy.objects.values_list("pk", "version"))
    updated = CaseStudy.objects.aggregate(Max("updated"))

    preview = upload(curator, content, "again." + ("csv" if file_format == CSV_FORMAT else "xlsx"), file_format)

    totals = preview.context["result"].totals
    assert (totals["new"], totals["update"], totals["skip"]) == (0, 0, CaseStudy.objects.count())
    done = confirm(curator, preview)
    assertContains(done, f"0 new, 0 updated, 0 deleted and {CaseStudy.objects.count()} skipped")
    assert CaseStudy.history.count() == history
    assert dict(CaseStudy.objects.values_list("pk", "version")) == versions
    assert CaseStudy.objects.aggregate(Max("updated")) == updated


def test_the_export_names_related_entries_by_their_keys_never_by_ids():
    case_study = make_case_study(modality="triangular", start_year=2012)
    case_study.countries.set(CaseStudy.countries.field.related_model.objects.filter(iso2__in=["KE", "BR"]))
    add_partner(case_study, southern_organisation(), "knowledge")
    add_partner(case_study, make_organisation(slug="example-agency", country="DE"), "resource")

    [row] = CaseStudyResource().export(CaseStudy.objects.filter(pk=case_study.pk)).dict

    assert row["modality"] == "triangular"
    assert row["countries"] == "BR; KE"  # in the order of their names: Brazil, Kenya
    assert row["partners"] == f"{southern_organisation().slug} (knowledge); example-agency (resource)"
    assert row["start_year"] == "2012"
    assert row["status"] == "draft"


def test_changing_partners_by_import_keeps_the_years_of_those_who_stay():
    case_study = make_case_study(modality="south-south")
    staying = make_organisation(slug="example-staying", country="KE")
    leaving = make_organisation(slug="example-leaving", country="BR")
    add_partner(case_study, leaving, "host")
    add_partner(case_study, staying, "knowledge", start_year=2010, end_year=2012)
    dataset = exported(case_study, partners="example-staying (knowledge); example-new (resource)")
    make_organisation(slug="example-new", country="IN")
    version = case_study.version

    result = CaseStudyResource().import_data(dataset)

    assert result.totals["update"] == 1, [r.error_dict for r in result.invalid_rows]
    partners = list(case_study.participations.select_related("organisation"))
    assert [(p.organisation.slug, p.role, p.order) for p in partners] == [
        ("example-staying", "knowledge", 1),
        ("example-new", "resource", 2),
    ]
    assert (partners[0].start_year, partners[0].end_year) == (2010, 2012)
    case_study.refresh_from_db()
    assert case_study.version == version + 1, "an imported change counts as a save for the no-lost-update check"


def test_organisations_import_with_case_insensitive_country_codes_and_report_unknown_actor_types():
    content = (
        b"slug,name,acronym,actor_type,country,url,description\r\n"
        b"example-union,Example Workers' Union,EWU,,ke,https://example.org,A made-up union.\r\n"
        b"example-bank,Example Village Bank,,not-an-actor,KE,,\r\n"
    )

    result = import_bytes(OrganisationResource(), content)

    [invalid] = result.invalid_rows
    assert invalid.error_dict["actor_type"] == ["Row 3, column actor_type: no actor type 'not-an-actor'"]
    assert not Organisation.objects.filter(slug__startswith="example-").exists()

    result = import_bytes(OrganisationResource(), content.replace(b"not-an-actor", b""))

    assert result.totals["new"] == 2
    assert Organisation.objects.get(slug="example-union").country.iso2 == "KE"


def test_a_curator_sees_the_import_and_export_buttons_and_a_viewer_only_exports(client, curator):
    changelist = curator.get("/admin/casestudies/casestudy/")
    assertContains(changelist, IMPORT_URL)
    assertContains(changelist, EXPORT_URL)

    viewer = make_user("outsider_staff", "viewer@example.org")
    viewer.user_permissions.add(Permission.objects.get(codename="view_casestudy"))
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 200


def test_an_import_page_explains_the_columns_in_plain_words(curator):
    page = curator.get(IMPORT_URL)

    assertContains(page, "Each row is matched by its <strong>slug</strong>", html=False)
    assertContains(page, "If one row is wrong, nothing is imported.")


def test_two_rows_with_the_same_slug_are_named_and_nothing_is_imported(curator):
    rows = example_rows(3, row3={"slug": "example-cooperation-1"})

    preview = upload(curator, as_csv(rows), "dup.csv", CSV_FORMAT)

    assertContains(preview, "Row 3, column slug: &#x27;example-cooperation-1&#x27; is also on row 2")
    assert "confirm_form" not in preview.context
    result = import_bytes(CaseStudyResource(), as_csv(rows))
    assert result.has_validation_errors()
    assert not CaseStudy.objects.filter(slug__startswith="example-cooperation-").exists()


def test_a_file_of_more_than_500_rows_is_refused_before_any_row_is_read(curator, django_assert_max_num_queries):
    content = as_csv(example_rows(501))

    with django_assert_max_num_queries(12):  # the session and the user; no row is looked up
        preview = upload(curator, content, "big.csv", CSV_FORMAT)

    assertContains(preview, "The file has more than 500 rows of entries; an import takes at most 500")
    assertContains(preview, "Split the file into files of 500 rows or fewer")
    assert "result" not in preview.context
    result = import_bytes(CaseStudyResource(), content)
    assert result.has_errors() and not result.rows
    assert "at most 500" in str(result.base_errors[0].error)
    assert not CaseStudy.objects.filter(slug__startswith="example-cooperation-").exists()


FORMULA_TITLE = '=HYPERLINK("https://example.org","Example")'


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_a_title_that_looks_like_a_formula_is_exported_as_text_and_imported_back_unchanged(curator, file_format):
    case_study = make_case_study(title=FORMULA_TITLE, summary="'@once quoted by its author", body="-1 start")
    export_form = {"resource": "0", "format": file_format}
    export_form.update({f"casestudyresource_{column}": "on" for column in COLUMNS})
    exported = curator.post(EXPORT_URL, export_form)
    content = b"".join(exported.streaming_content) if exported.streaming else exported.content

    if file_format == XLSX_FORMAT:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        title = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == case_study.slug)
        assert (title.data_type, title.value) == ("s", FORMULA_TITLE)
    else:
        [row] = [
            row for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig"))) if row["slug"] == case_study.slug
        ]
        assert (row["title"], row["summary"], row["body"]) == (
            "'" + FORMULA_TITLE,
            "''@once quoted by its author",
            "'-1 start",
        )

    preview = upload(curator, content, "again." + ("csv" if file_format == CSV_FORMAT else "xlsx"), file_format)

    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["new"], result.totals["update"]) == (0, 0)
    case_study.refresh_from_db()
    assert case_study.title == FORMULA_TITLE


def test_a_file_without_a_slug_column_or_with_unknown_columns_is_named_in_a_sentence(curator):
    preview = upload(curator, b"Title,Name\r\nfoo,bar\r\n", "wrong.csv", CSV_FORMAT)

    assertContains(preview, "it has no column slug, which matches each row to an entry")
    assertContains(preview, "it has columns this import does not know: “Title” (write title), “Name”")
    assertNotContains(preview, "Traceback")
    assertNotContains(preview, "FieldError")


def test_a_csv_file_not_in_utf8_is_refused_with_what_to_do(curator):
    content = as_csv(example_rows(1, row2={"title": "Coopération café"})).decode().encode("latin-1")

    preview = upload(curator, content, "latin1.csv", CSV_FORMAT)

    assertContains(preview, "Save the file as CSV UTF-8 and try again")
    assertNotContains(preview, "UnicodeDecodeError")


def test_a_file_that_is_not_of_the_format_chosen_is_refused_in_words(curator):
    preview = upload(curator, as_csv(example_rows(1)), "not.xlsx", XLSX_FORMAT)

    assertContains(preview, "This file cannot be read as XLSX")


def test_a_nul_byte_in_a_cell_is_a_row_and_column_error(curator):
    preview = upload(curator, as_csv(example_rows(2, row3={"title": "Nul\x00here"})), "nul.csv", CSV_FORMAT)

    assertContains(preview, "Row 3, column title: holds an invisible control character (code 0x00)")
    assert not CaseStudy.objects.filter(slug__startswith="example-cooperation-").exists()


def test_a_huge_goal_number_is_no_sdg_rather_than_an_overflow(curator):
    preview = upload(curator, as_csv(example_rows(1, row2={"sdgs": "8; 99999999999999999999"})), "sdg.csv", CSV_FORMAT)

    assertContains(preview, "Row 2, column sdgs: no SDG 99999999999999999999")
