"""The synthetic catalogue: the same rows for the same seed, valid by the model's rules, shaped like the real one."""

import hashlib
import io
from collections import Counter

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg2 import extensions

from casestudies import synthetic
from casestudies.models import CaseStudy, CaseStudyQuerySet, Organisation, Participation, Source, Theme
from casestudies.synthetic import synthetic_case_studies, synthetic_organisations

pytestmark = pytest.mark.django_db


def seed(count=0, **options):
    out = io.StringIO()
    call_command("seed_synthetic", case_studies=count, stdout=out, **options)
    return out.getvalue()


def digest():
    """Everything the synthetic rows say, relations by slug or code: never by database id."""
    content = hashlib.sha256()
    case_studies = (
        synthetic_case_studies()
        .order_by("slug")
        .select_related("modality")
        .prefetch_related(
            *CaseStudy.RELATIONS,
            "participations__organisation__actor_type",
            "participations__organisation__country",
            "key_figures",
            "sources",
        )
    )
    for case_study in case_studies:
        fields = [
            getattr(case_study, name)
            for name in [
                "slug",
                "title",
                "summary",
                "body",
                "start_year",
                "end_year",
                "evidence",
                "last_checked",
                "status",
                "withdrawn_reason",
                "withdrawn_at",
                "published_at",
                "created",
                "updated",
            ]
        ]
        fields.append(case_study.modality and case_study.modality.slug)
        for name in CaseStudy.RELATIONS:
            fields.append(sorted(str(related.natural_key()) for related in getattr(case_study, name).all()))
        for p in case_study.participations.all():
            organisation = p.organisation
            fields.append(
                (p.order, p.role, p.start_year, p.end_year, p.note, organisation.slug, organisation.name)
                + (
                    organisation.acronym,
                    organisation.actor_type.slug,
                    organisation.country_id and organisation.country.iso2,
                )
            )
        fields += [(f.order, f.value, f.label, f.year) for f in case_study.key_figures.all()]
        fields += [(s.order, s.guide_section, s.page, s.reference, s.url) for s in case_study.sources.all()]
        content.update(repr(fields).encode())
    return content.hexdigest()


def test_the_same_seed_gives_the_same_catalogue_and_another_seed_another():
    seed(40, seed=7)
    first = digest()
    seed(clear=True)
    seed(40, seed=7)
    assert digest() == first

    seed(40, seed=8, clear=True)
    assert digest() != first
    assert synthetic_case_studies().count() == 40


def test_a_catalogue_made_in_two_runs_is_the_one_made_in_one():
    seed(30, seed=3, batch_size=7)
    seed(20, seed=3)
    in_two_runs = digest()

    seed(50, seed=3, clear=True)

    assert digest() == in_two_runs


def test_every_row_passes_the_models_validation_and_the_domain_rules():
    seed(60, seed=11)

    case_studies = list(synthetic_case_studies().select_related("modality"))
    assert len(case_studies) == 60
    for case_study in case_studies:
        case_study.full_clean()
        case_study.validate_relations()  # publication rules, and the triangular rule for every status
        for related in [*case_study.participations.all(), *case_study.key_figures.all(), *case_study.sources.all()]:
            related.full_clean()
        if case_study.status == CaseStudy.Status.PUBLISHED:
            assert case_study.summary and case_study.modality
            assert case_study.countries.exists() and case_study.sources.exists()
        if case_study.status == CaseStudy.Status.WITHDRAWN:
            assert case_study.withdrawn_reason and case_study.withdrawn_at
    organisations = list(synthetic_organisations())
    assert organisations
    for organisation in organisations:
        organisation.full_clean()
    triangular = [c for c in case_studies if c.modality and c.modality.slug == "triangular"]
    assert triangular, "the sample holds triangular case studies, so the rule above was exercised"


def test_the_catalogue_is_shaped_like_a_real_one():
    seed(200, seed=5)
    case_studies = list(synthetic_case_studies().prefetch_related("countries__region", "themes", "mechanisms"))
    partners = Counter(Participation.objects.filter(case_study__in=case_studies).values_list("case_study", flat=True))

    for case_study in case_studies:
        assert 2 <= partners[case_study.pk] <= 8
        assert 300 <= len(case_study.body.split()) <= 1500
        assert 1 <= case_study.themes.count() <= 3
        assert 1 <= case_study.mechanisms.count() <= 3
        countries = case_study.countries.all()
        assert 1 <= len(countries) <= 6
        assert len({country.region_id for country in countries}) <= 2
        assert "\n\n" in case_study.body  # Markdown paragraphs

    statuses = Counter(case_study.status for case_study in case_studies)
    assert statuses["published"] > 150 and statuses["draft"] > 0 and statuses["withdrawn"] > 0
    assert any(c.start_year is None for c in case_studies)  # years unknown
    assert any(c.start_year and c.end_year is None for c in case_studies)  # still going on
    assert len({c.start_year for c in case_studies}) > 15
    assert CaseStudy.submodalities.through.objects.filter(casestudy__in=case_studies).exists()
    roles = set(Participation.objects.filter(case_study__in=case_studies).values_list("role", flat=True))
    assert roles == {"knowledge", "host", "facilitating", "resource"}
    # Partners from the North make cooperation triangular: South-South ones have none.
    south_south = Participation.objects.filter(case_study__in=case_studies, case_study__modality__slug="south-south")
    assert south_south.exists()
    assert not south_south.filter(organisation__country__is_global_south=False).exists()


def test_search_finds_a_synthetic_case_study_by_its_partners_and_countries():
    if connection.vendor != "postgresql":
        pytest.skip("the search vector is built by a PostgreSQL trigger; SQLite reads the related rows directly")
    seed(20, seed=2)
    case_studies = list(synthetic_case_studies())
    assert len(case_studies) == 20
    assert any(case_study.participations.exists() for case_study in case_studies)
    for case_study in case_studies:
        for participation in case_study.participations.select_related("organisation"):
            words = SearchQuery(participation.organisation.name, config="english")
            assert CaseStudy.objects.filter(pk=case_study.pk, search_vector=words).exists()
        for country in case_study.countries.all():
            words = SearchQuery(country.name, config="english")
            assert CaseStudy.objects.filter(pk=case_study.pk, search_vector=words).exists()


def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: there the rows are written with COPY; SQLite takes bulk_create")


def test_copy_writes_every_character_a_text_may_hold_as_it_is():
    on_postgresql()
    seed(1, seed=4)
    case_study = synthetic_case_studies().get()
    awkward = ["back\\slash \\N \\t", "tab\there", "two\n\nparagraphs\r\nand a CRLF", "\\", "«chômage» ✓"]
    with connection.cursor() as cursor, synthetic.database.unlimited():
        synthetic.copy_values(
            cursor,
            Source,
            ["case_study_id", "guide_section", "page", "reference", "url", "order"],
            [(case_study.pk, "", "", text, "", 10 + n) for n, text in enumerate(awkward)],
        )

    assert list(case_study.sources.filter(order__gte=10).values_list("reference", flat=True)) == awkward


def test_seeding_lifts_the_sites_time_limits_while_it_runs_and_only_then(monkeypatch):
    """A statement of a 1,000,000 load, its deletion or its vacuum takes longer than the 15 s a
    reader's query may: the seed runs without the server's limit and without psycopg2's wait
    callback (which also refuses COPY); the connection has both back afterwards."""
    on_postgresql()
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '15s'")
    callback = extensions.get_wait_callback()
    seen = []
    copy_rows = synthetic.copy_rows

    def watching(cursor, model, objects):
        cursor.execute("SHOW statement_timeout")
        seen.append((cursor.fetchone()[0], extensions.get_wait_callback()))
        return copy_rows(cursor, model, objects)

    monkeypatch.setattr(synthetic, "copy_rows", watching)
    seed(5, seed=6)
    seed(clear=True)

    assert seen and set(seen) == {("0", None)}
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "15s"
    assert extensions.get_wait_callback() is callback


def test_parallel_writers_write_each_batch_once_and_the_first_error_stops_the_run():
    """The writers a seed outside a transaction uses on PostgreSQL (inside a test's transaction
    the seed writes on the test's connection, the only one that sees its rows)."""
    batches = [[f"{n}-{i}" for i in range(n % 3 + 1)] for n in range(12)]
    written, reported = [], []
    writers = synthetic.ParallelWriters(written.append, 2, lambda done, total: reported.append((done, total)), 24)
    for batch in batches:
        writers.put(batch)
    writers.finish()

    assert sorted(written) == sorted(batches)
    assert [done for done, _total in reported] == sorted(done for done, _total in reported)
    assert reported[-1] == (sum(map(len, batches)), 24)

    def failing(batch):
        if batch == batches[3]:
            raise ValueError("the fourth batch")

    writers = synthetic.ParallelWriters(failing, 2)
    with pytest.raises(ValueError, match="the fourth batch"):
        try:
            for batch in batches:
                writers.put(batch)
        finally:
            writers.finish()  # as seed() does: the threads end whether or not put() raised
    assert not any(thread.is_alive() for thread in writers.threads)


def test_clear_removes_the_synthetic_rows_and_only_them():
    guide_case_studies = set(CaseStudy.objects.values_list("slug", flat=True))
    guide_organisations = Organisation.objects.count()
    guide_partners = Participation.objects.count()
    seed(30)

    output = seed(clear=True)

    assert "Removed 30 synthetic case studies" in output
    assert set(CaseStudy.objects.values_list("slug", flat=True)) == guide_case_studies
    assert Organisation.objects.count() == guide_organisations
    assert Participation.objects.count() == guide_partners
    assert not synthetic_organisations().exists()


def test_load_guide_leaves_the_synthetic_rows_alone(monkeypatch):
    seed(20)
    before = digest()
    refreshed = []
    refresh_search = CaseStudyQuerySet.refresh_search

    def recording(queryset):
        refreshed.extend(queryset.values_list("slug", flat=True))
        return refresh_search(queryset)

    monkeypatch.setattr(CaseStudyQuerySet, "refresh_search", recording)

    call_command("load_guide", stdout=io.StringIO())
    call_command("load_guide", update=True, verbosity=0)

    assert digest() == before
    assert refreshed, "load_guide --update refreshes the guide's case studies"
    assert not [slug for slug in refreshed if slug.startswith("synthetic-")]


def listed(client):
    return client.get("/case-studies/").context["page"].paginator.count


def test_the_catalogue_counts_the_synthetic_case_studies_as_soon_as_they_are_added_or_removed(client):
    guide_only = listed(client)  # counted once, and kept in the cache for this version of the catalogue

    seed(30)
    published = synthetic_case_studies().published().count()
    assert published
    assert listed(client) == guide_only + published

    seed(clear=True)
    assert listed(client) == guide_only


def test_the_guides_case_studies_and_organisations_are_never_synthetic():
    assert CaseStudy.objects.exists()
    assert not synthetic_case_studies().exists()
    assert not synthetic_organisations().exists()


def test_it_asks_for_load_guide_when_the_guides_concepts_are_missing():
    Theme.objects.all().delete()

    with pytest.raises(CommandError, match="load_guide"):
        seed(10)
    with pytest.raises(CommandError, match="load_guide"):
        seed(10, dry_run=True)

    assert not synthetic_case_studies().exists()


def test_a_dry_run_says_what_it_would_do_and_writes_nothing():
    seed(5)

    output = seed(10, clear=True, dry_run=True)

    assert "Would remove 5 synthetic case studies" in output
    assert "Would add synthetic case studies 1 to 10" in output
    assert synthetic_case_studies().count() == 5
    assert "Would add synthetic case studies 6 to 15" in seed(10, dry_run=True)


def test_it_asks_how_many():
    with pytest.raises(CommandError, match="--case-studies"):
        seed()
