"""What crawlers and feed readers get: the sitemap, robots.txt and the Atom feed."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from pytest_django.asserts import assertContains

from casestudies.models import CaseStudy
from casestudies.sitemaps import CaseStudySitemap
from guide.models import ActorType, FinanceMechanism, Modality, Principle, ProcessStep, SubModality
from tests.factories import make_case_study

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def xml(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def sitemap_entries(client, **extra):
    """Every address of every sitemap that /sitemap.xml, the index, names."""
    entries = {}
    for section in xml(client, "/sitemap.xml", **extra).iter(f"{SITEMAP}sitemap"):
        path = "/" + section.findtext(f"{SITEMAP}loc").split("://", 1)[1].split("/", 1)[1]
        for url in xml(client, path, **extra).iter(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc")] = url.findtext(f"{SITEMAP}lastmod")
    return entries


@pytest.fixture
def unpublished():
    draft = make_case_study(title="A draft", status=CaseStudy.Status.DRAFT)
    withdrawn = make_case_study(
        title="A withdrawn one", status=CaseStudy.Status.WITHDRAWN, withdrawn_reason="Facts not confirmed."
    )
    return draft, withdrawn


def test_the_sitemap_lists_every_published_case_study_with_its_last_change(client):
    CaseStudy.objects.filter(slug="laos-village-bank").update(updated=datetime(2027, 2, 3, 12, tzinfo=UTC))

    entries = sitemap_entries(client)

    published = list(CaseStudy.objects.published())
    assert len(published) >= 16  # the guide's case studies, all published
    for case_study in published:
        assert f"http://testserver{case_study.get_absolute_url()}" in entries
    assert entries["http://testserver/case-studies/laos-village-bank/"] == "2027-02-03"


def test_the_sitemap_leaves_out_drafts_and_withdrawn_case_studies(client, unpublished):
    entries = sitemap_entries(client)

    for case_study in unpublished:
        assert f"http://testserver{case_study.get_absolute_url()}" not in entries


def test_the_sitemap_lists_the_guide_and_the_static_pages(client, settings):
    settings.SITE_URL = "https://sstc.example.org"
    entries = sitemap_entries(client, secure=True)

    for path in ["/", "/case-studies/", "/guide/", "/guide/resources/"]:
        assert f"https://sstc.example.org{path}" in entries
    for model in [Principle, Modality, SubModality, ActorType, ProcessStep, FinanceMechanism]:
        concepts = list(model.objects.all())
        assert concepts, model.__name__
        for entry in concepts:
            assert f"https://sstc.example.org{entry.get_absolute_url()}" in entries


def test_a_long_list_of_case_studies_comes_in_pages_that_the_index_names(client, monkeypatch):
    monkeypatch.setattr(CaseStudySitemap, "limit", 2)
    published = CaseStudy.objects.published().count()
    assert published > 2

    index = [loc.text for loc in xml(client, "/sitemap.xml").iter(f"{SITEMAP}loc")]
    entries = sitemap_entries(client)

    pages = -(-published // 2)
    assert [loc for loc in index if "case-studies" in loc] == ["http://testserver/sitemap-case-studies.xml"] + [
        f"http://testserver/sitemap-case-studies.xml?p={page}" for page in range(2, pages + 1)
    ]
    listed = list(CaseStudy.objects.published())
    assert len(listed) == published
    for case_study in listed:
        assert f"http://testserver{case_study.get_absolute_url()}" in entries


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemap-case-studies.xml", "/sitemap-guide.xml"])
def test_the_sitemap_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries, url):
    # With the catalogue's version, for the ETag; the guide's section asks each of its eight kinds of
    # concept with a page (guide/sitemaps.py) once.
    with django_assert_max_num_queries(11):
        assert client.get(url).status_code == 200


def test_robots_allows_all_but_the_admin_and_points_to_the_sitemap(client, settings):
    settings.SITE_URL = "https://sstc.example.org"
    response = client.get("/robots.txt", secure=True)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: https://sstc.example.org/sitemap.xml" in lines


def feed_entries(client):
    response = client.get("/feeds/case-studies/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated"]:
        assert root.findtext(f"{ATOM}{required}")
    return root.findall(f"{ATOM}entry")


def test_the_feed_is_atom_listing_published_case_studies_newest_first(client, unpublished):
    newest = make_case_study(title="Newest case study", status=CaseStudy.Status.PUBLISHED, modality="south-south")
    CaseStudy.objects.filter(pk=newest.pk).update(published_at=datetime(2030, 1, 1, tzinfo=UTC))

    entries = feed_entries(client)

    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles[0] == "Newest case study"
    assert len(titles) == CaseStudy.objects.published().count()
    assert "A draft" not in titles
    assert "A withdrawn one" not in titles
    first = entries[0]
    assert first.findtext(f"{ATOM}published") == "2030-01-01T00:00:00+00:00"
    assert first.findtext(f"{ATOM}updated")
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver{newest.get_absolute_url()}"
    assert first.findtext(f"{ATOM}summary") == newest.summary


def test_the_feed_holds_the_twenty_most_recently_published(client):
    start = datetime(2031, 1, 1, tzinfo=UTC)
    for number in range(25):
        case_study = make_case_study(
            title=f"Recent {number:02}", status=CaseStudy.Status.PUBLISHED, modality="triangular"
        )
        CaseStudy.objects.filter(pk=case_study.pk).update(published_at=start + timedelta(days=number))

    titles = [entry.findtext(f"{ATOM}title") for entry in feed_entries(client)]

    assert titles == [f"Recent {number:02}" for number in range(24, 4, -1)]


def test_a_case_study_published_without_a_date_does_not_top_the_feed(client):
    undated = make_case_study(title="Undated", status=CaseStudy.Status.PUBLISHED, modality="south-south")
    CaseStudy.objects.filter(pk=undated.pk).update(published_at=None)

    titles = [entry.findtext(f"{ATOM}title") for entry in feed_entries(client)]

    assert titles[-1] == "Undated"


def test_the_feed_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # with the catalogue's version, for the ETag
        client.get("/feeds/case-studies/")


def test_every_page_announces_the_feed(client):
    assertContains(
        client.get("/"),
        '<link rel="alternate" type="application/atom+xml" title="Recently published case studies" '
        'href="/feeds/case-studies/">',
    )


def test_a_feed_entry_keeps_its_identity_when_the_slug_changes(client):
    case_study = CaseStudy.objects.get(slug="kenya-roscas")

    def entry_id():
        for entry in feed_entries(client):
            if entry.findtext(f"{ATOM}title") == case_study.title:
                return entry.findtext(f"{ATOM}id")
        raise AssertionError("the case study is not in the feed")

    before = entry_id()
    case_study.slug = "kenya-savings-circles"
    case_study.save()

    assert before == entry_id() == f"tag:testserver,2026:case-study:{case_study.pk}"
