"""The case-study page as a reader sees it, its citation files and its schema.org description."""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from casestudies import related
from casestudies.models import (
    CaseStudy,
    Country,
    ExternalIdentifier,
    Grouping,
    KeyFigure,
    Participation,
    SdgGoal,
    Theme,
)
from guide.models import FinanceMechanism, SubModality
from tests.factories import add_partner, add_source, make_case_study, make_organisation

pytestmark = pytest.mark.django_db

IBSA = "/case-studies/ibsa-fund-haiti/"
HOSTILE_TITLE = "</script><script>alert(1)</script>"


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), flags=re.DOTALL
    )
    assert len(blocks) == 1
    return json.loads(blocks[0])


def parse_bibtex(text):
    """``(entry type, key, {field: value})`` of a one-entry BibTeX file whose values are braced."""
    head = re.match(r"@(\w+)\{([^,\s]+),\n", text)
    assert head, text
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},$", text, flags=re.MULTILINE))
    assert text.rstrip().endswith("}")
    return head[1], head[2], fields


def parse_ris(text):
    """RIS tags and values, in order; every line must be ``TAG  - value`` ended by CR LF."""
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    for line in lines:
        assert re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line), line
    return [(line[:2], line[6:]) for line in lines]


def test_the_page_shows_what_the_case_study_is_about(client):
    response = client.get(IBSA)

    assertContains(response, "<h1>IBSA Fund and the ILO in Haiti: vocational training for vulnerable youth</h1>")
    assertContains(response, "approved a two-year, US$ 1.5 million project")  # the summary
    assertContains(response, "<strong>The IBSA Dialogue Forum</strong>")  # the body, as HTML
    assertContains(response, '<a href="/guide/modalities/south-south/">South-South cooperation</a>')
    assertContains(response, 'href="/guide/sub-modalities/regional/"')
    assertContains(response, "<dt>Years</dt><dd>2015–2017</dd>")
    assertContains(response, "IBSA Dialogue Forum (IBSA)")  # its grouping
    assertContains(response, '<a href="/case-studies/?theme=skills-and-youth-employment">')
    assertContains(response, '<a href="/guide/mechanisms/trust-funds/">Trust funds</a>')
    assertContains(response, '<a href="/case-studies/?sdg=4">SDG 4: Quality education</a>')
    assertContains(response, "<strong>US$ 1.5 million</strong>")
    assertContains(response, "SSTC &amp; Financing Decent Work, 4. Case studies")  # its source
    assertContains(response, "Documented by the ILO; facts last checked on 27 November 2026")


def test_the_page_names_the_countries_and_links_their_regions_to_the_catalogue(client):
    response = client.get(IBSA)

    for iso2, name in [("HT", "Haiti"), ("IN", "India"), ("BR", "Brazil"), ("ZA", "South Africa")]:
        assertContains(response, f'<a href="/case-studies/?country={iso2}">{name}</a>')
    regions = re.search(r"<dt>Regions</dt><dd>(.*?)</dd>", response.content.decode())[1]
    assert re.findall(r'href="/case-studies/\?region=([a-z-]+)"', regions) == ["africa", "americas", "asia-pacific"]


def test_the_page_links_the_principles_and_process_steps_to_the_guide(client):
    response = client.get(IBSA)

    assertContains(response, 'Principle: <a href="/guide/principles/national-ownership-and-leadership/">')
    assertContains(response, 'Process step: <a href="/guide/process/stakeholder-consultation/">')
    assertContains(response, 'Process step: <a href="/guide/process/project-design/">')


def test_partners_are_grouped_under_their_role_in_the_guides_order(client):
    content = client.get(IBSA).content.decode()
    partners = content[content.index('<h2 id="partners">') : content.index('<h2 id="illustrates">')]

    headings = re.findall(r"<h3>(.*?)</h3>", partners)
    assert headings == ["Knowledge partners", "Host partner", "Facilitating partner", "Resource partner"]
    resource = partners[partners.index("<h3>Resource partner</h3>") :]
    assert "IBSA Fund (India-Brazil-South Africa Facility)" in resource
    assert "2015–2017" in resource


def test_an_ongoing_case_study_says_since_when(client):
    response = client.get("/case-studies/laos-village-bank/")

    assertContains(response, "<dt>Years</dt><dd>1997 onwards</dd>")
    assertNotContains(response, "Form of cooperation")  # it has no sub-modality


def test_the_page_links_the_same_initiative_on_other_platforms(client):
    case_study = CaseStudy.objects.get(slug="laos-village-bank")
    ExternalIdentifier.objects.create(
        case_study=case_study,
        platform=ExternalIdentifier.Platform.IATI,
        identifier="XM-DAC-41302-LA-1997",
        url="https://d-portal.org/ctrack.html#view=act&aid=XM-DAC-41302-LA-1997",
    )
    ExternalIdentifier.objects.create(
        case_study=case_study, platform=ExternalIdentifier.Platform.UNOSSC_GALAXY, identifier="GALAXY-123"
    )

    response = client.get(case_study.get_absolute_url())

    assertContains(response, "The same initiative elsewhere")
    assertContains(
        response,
        'IATI activity identifier: <a href="https://d-portal.org/ctrack.html#view=act&amp;aid=XM-DAC-41302-LA-1997">'
        "XM-DAC-41302-LA-1997</a>",
    )
    assertContains(response, "UNOSSC South-South Galaxy: GALAXY-123")


def test_the_last_change_is_written_to_the_second_as_html_dates_allow(client):
    """HTML accepts at most three digits of a second in ``datetime``; saving stores six."""
    case_study = CaseStudy.objects.get(slug="ibsa-fund-haiti")
    CaseStudy.objects.filter(pk=case_study.pk).update(updated=datetime(2027, 3, 4, 10, 0, 5, 123456, tzinfo=UTC))

    response = client.get(IBSA)

    assertContains(response, '<time datetime="2027-03-04T10:00:05+0000">4 March 2027</time>')


def test_the_cite_box_gives_the_permalink_the_last_change_and_a_citation_line(client):
    case_study = CaseStudy.objects.get(slug="ibsa-fund-haiti")
    CaseStudy.objects.filter(pk=case_study.pk).update(updated=datetime(2027, 3, 4, 10, 0, tzinfo=UTC))

    response = client.get(IBSA)

    permalink = "http://testserver/case-studies/ibsa-fund-haiti/"
    assertContains(response, f'<a class="permalink" href="{permalink}">{permalink}</a>')
    assertContains(response, '<time datetime="2027-03-04T10:00:00+0000">4 March 2027</time>')
    assertContains(
        response,
        "International Labour Organization (2027). IBSA Fund and the ILO in Haiti: vocational training for "
        "vulnerable youth. SSTC for Financing Decent Work: a knowledge base. Last changed 4 March 2027. "
        f"{permalink}",
    )
    assertContains(response, 'href="/case-studies/ibsa-fund-haiti/cite.bib"')
    assertContains(response, 'href="/case-studies/ibsa-fund-haiti/cite.ris"')


def test_the_canonical_link_is_the_absolute_permalink_whatever_the_query(client, settings):
    settings.SITE_URL = "https://sstc.example.org"
    response = client.get(IBSA + "?utm_source=newsletter", secure=True)

    assertContains(response, '<link rel="canonical" href="https://sstc.example.org/case-studies/ibsa-fund-haiti/">', 1)
    assertContains(response, 'rel="canonical"', 1)


def test_the_bibtex_file_is_a_report_entry_with_the_absolute_url(client, settings):
    settings.SITE_URL = "https://sstc.example.org"
    response = client.get(IBSA + "cite.bib", secure=True)

    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ibsa-fund-haiti.bib"'
    entry_type, key, fields = parse_bibtex(response.content.decode())
    assert (entry_type, key) == ("techreport", "ibsa-fund-haiti")
    assert fields["institution"] == "International Labour Organization"
    assert fields["type"] == "Case study"
    assert fields["title"] == "{IBSA Fund and the ILO in Haiti: vocational training for vulnerable youth}"
    assert fields["author"] == "{International Labour Organization}"
    assert fields["year"] == "2026"
    assert fields["url"] == "https://sstc.example.org/case-studies/ibsa-fund-haiti/"
    assert fields["note"] == "Last changed 2026-11-27"
    assert fields["urldate"] == timezone.localdate().isoformat()


def test_bibtex_special_characters_in_a_title_are_escaped(client):
    case_study = make_case_study(
        title="Savings & loans: 100% {local} #1_group $5 ~ ^ \\",
        status=CaseStudy.Status.PUBLISHED,
        modality="south-south",
    )

    text = client.get(f"/case-studies/{case_study.slug}/cite.bib").content.decode()

    _type, _key, fields = parse_bibtex(text)
    assert fields["title"] == (r"{Savings \& loans: 100\% \{local\} \#1\_group \$5 \~{} \^{} \textbackslash{}}")
    assert text.count("{") - text.count(r"\{") == text.count("}") - text.count(r"\}")


def test_the_ris_file_is_a_report_with_the_absolute_url(client):
    response = client.get(IBSA + "cite.ris")

    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ibsa-fund-haiti.ris"'
    tags = parse_ris(response.content.decode())
    assert tags[0] == ("TY", "RPRT")
    assert tags[-1] == ("ER", "")
    values = dict(tags)
    assert values["TI"] == "IBSA Fund and the ILO in Haiti: vocational training for vulnerable youth"
    assert values["AU"] == "International Labour Organization"
    assert values["M3"] == "Case study"
    assert values["UR"] == "http://testserver/case-studies/ibsa-fund-haiti/"
    assert values["PY"] == "2026"
    assert values["DA"] == "2026/11/27"
    assert values["AB"].startswith("In 2015 the IBSA Fund")
    assert sorted(value for tag, value in tags if tag == "KW") == [
        "Entrepreneurship and enterprise development",
        "Skills and youth employment",
    ]


def test_a_summary_on_several_lines_stays_one_ris_field(client):
    case_study = make_case_study(
        summary="First line.\r\nER  - injected\nSecond line.", status=CaseStudy.Status.PUBLISHED, modality="triangular"
    )

    tags = parse_ris(client.get(f"/case-studies/{case_study.slug}/cite.ris").content.decode())

    assert dict(tags)["AB"] == "First line. ER - injected Second line."
    assert [tag for tag, _value in tags].count("ER") == 1


def related_slugs(client, url):
    content = client.get(url).content.decode()
    if 'id="related"' not in content:
        return []
    section = content[content.index('id="related"') :]
    return re.findall(r'<li><a href="/case-studies/([\w-]+)/">', section)


def test_related_case_studies_share_countries_a_sub_modality_or_a_mechanism(client):
    related = related_slugs(client, IBSA)

    assert related[0] == "bolsa-verde"  # Brazil, India and South Africa, more than any other
    assert "ibsa-fund-haiti" not in related
    assert "kenya-roscas" not in related  # Kenya, no sub-modality, ROSCAs: nothing in common
    assert len(related) == 5
    ibsa = CaseStudy.objects.get(slug="ibsa-fund-haiti")
    for slug in related:
        other = CaseStudy.objects.get(slug=slug)
        assert other.status == CaseStudy.Status.PUBLISHED
        assert (
            set(other.countries.all()) & set(ibsa.countries.all())
            or set(other.submodalities.all()) & set(ibsa.submodalities.all())
            or set(other.mechanisms.all()) & set(ibsa.mechanisms.all())
        )


def test_related_case_studies_sharing_more_come_first_and_drafts_never(client):
    closest = make_case_study(title="Closest", status=CaseStudy.Status.PUBLISHED, modality="south-south")
    closest.countries.set(Country.objects.filter(iso2__in=["HT", "IN", "BR", "ZA"]))
    closest.mechanisms.set(FinanceMechanism.objects.filter(slug="trust-funds"))
    draft = make_case_study(title="Unpublished twin", status=CaseStudy.Status.DRAFT)
    draft.countries.set(Country.objects.filter(iso2__in=["HT", "IN", "BR", "ZA"]))
    draft.submodalities.set(SubModality.objects.filter(slug="regional"))

    related = related_slugs(client, IBSA)

    assert related[:2] == [closest.slug, "bolsa-verde"]
    assert draft.slug not in related
    assertContains(client.get(IBSA), "(in common: 4 countries, 1 finance mechanism)")


def test_each_shared_value_puts_forward_only_its_most_recent_case_studies(client, monkeypatch):
    monkeypatch.setattr(related, "CANDIDATES_PER_VALUE", 3)
    trust_funds = FinanceMechanism.objects.filter(slug="trust-funds")
    subject = make_case_study(status=CaseStudy.Status.PUBLISHED, modality="south-south")
    subject.countries.set(Country.objects.filter(iso2="IS"))
    subject.mechanisms.set(trust_funds)
    twin = make_case_study(status=CaseStudy.Status.PUBLISHED, modality="south-south")
    twin.countries.set(Country.objects.filter(iso2="IS"))
    twin.mechanisms.set(trust_funds)
    newer = []
    for _ in range(5):
        newer.append(make_case_study(status=CaseStudy.Status.PUBLISHED, modality="south-south"))
        newer[-1].mechanisms.set(trust_funds)

    shown = related_slugs(client, subject.get_absolute_url())

    # Iceland puts the twin forward, though five case studies were added with the mechanism since;
    # the mechanism puts forward its three most recent, not the two before them.
    assert shown[0] == twin.slug
    assert set(shown[1:]) == {case_study.slug for case_study in newer[2:]}


def test_a_case_study_sharing_nothing_shows_no_related_section(client):
    loner = make_case_study(status=CaseStudy.Status.PUBLISHED, modality="south-south")
    loner.countries.set(Country.objects.filter(iso2="IS"))
    add_source(loner)

    assert related_slugs(client, loner.get_absolute_url()) == []


def test_the_page_takes_the_same_few_queries_however_much_it_shows(client, django_assert_max_num_queries):
    small = make_case_study(status=CaseStudy.Status.PUBLISHED, modality="triangular")
    small.countries.set(Country.objects.filter(iso2="KE"))
    add_partner(small, make_organisation(country="KE"), Participation.Role.HOST)
    large = make_case_study(status=CaseStudy.Status.PUBLISHED, modality="triangular")
    large.countries.set(Country.objects.order_by("iso2")[:60])
    large.groupings.set(Grouping.objects.all())
    large.themes.set(Theme.objects.all())
    large.sdgs.set(SdgGoal.objects.all())
    large.submodalities.set(SubModality.objects.all())
    large.mechanisms.set(FinanceMechanism.objects.all())
    for number, country in enumerate(Country.objects.order_by("iso2")[:30]):
        add_partner(large, make_organisation(country=country), Participation.Role.choices[number % 4][0])
    for order in range(1, 11):
        KeyFigure.objects.create(case_study=large, value=str(order), label="things", order=order)
        add_source(large, order=order)
    for platform in ExternalIdentifier.Platform.values:
        ExternalIdentifier.objects.create(case_study=large, platform=platform, identifier=f"id-{platform}")

    counts = {}
    for case_study in [small, large]:
        with django_assert_max_num_queries(16), CaptureQueriesContext(connection) as queries:
            assert client.get(case_study.get_absolute_url()).status_code == 200
        counts[case_study] = len(queries)

    assert counts[small] == counts[large]
    page = client.get(large.get_absolute_url()).content.decode()
    partners = page.split('aria-labelledby="partners"')[1].split("</section>")[0]
    assert partners.count("Test organisation") == 30


def test_the_citation_files_take_a_few_queries(client, django_assert_max_num_queries):
    # The case study (and its themes, for RIS), and the catalogue's version for the ETag.
    with django_assert_max_num_queries(3):
        client.get(IBSA + "cite.bib")
    with django_assert_max_num_queries(3):
        client.get(IBSA + "cite.ris")


def test_the_page_describes_itself_in_schema_org_json_ld(client, settings):
    settings.SITE_URL = "https://sstc.example.org"
    data = json_ld(client.get(IBSA, secure=True))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["name"] == "IBSA Fund and the ILO in Haiti: vocational training for vulnerable youth"
    assert data["description"].startswith("In 2015 the IBSA Fund")
    assert data["url"] == "https://sstc.example.org/case-studies/ibsa-fund-haiti/"
    assert data["dateModified"] == "2026-11-27T00:00:00Z"
    assert data["datePublished"] == "2026-11-27T00:00:00Z"
    assert data["publisher"]["name"] == "International Labour Organization"
    assert sorted(theme["name"] for theme in data["about"]) == [
        "Entrepreneurship and enterprise development",
        "Skills and youth employment",
    ]
    assert sorted(place["name"] for place in data["spatialCoverage"]) == ["Brazil", "Haiti", "India", "South Africa"]
    assert data["temporalCoverage"] == "2015/2017"


def test_a_hostile_title_cannot_break_out_of_the_json_ld(client):
    case_study = make_case_study(
        title=HOSTILE_TITLE, summary="<!-- & -->", status=CaseStudy.Status.PUBLISHED, modality="south-south"
    )

    response = client.get(case_study.get_absolute_url())

    assertNotContains(response, "<script>alert(1)")
    assertContains(response, "</script>", 1)  # only the end of the JSON-LD element
    assertContains(response, f"<h1>{escape(HOSTILE_TITLE)}</h1>")
    data = json_ld(response)
    assert data["name"] == HOSTILE_TITLE
    assert data["description"] == "<!-- & -->"


def test_printing_a_case_study_leaves_out_the_navigation_and_prints_outside_addresses():
    stylesheet = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    print_rules = "".join(re.findall(r"@media print \{(.*?)\n\}", stylesheet, flags=re.DOTALL))

    hidden = re.search(r"([^{}]*)\{ display: none; \}", print_rules)[1]
    for selector in [".site-header nav", ".skip-link", ".site-footer"]:
        assert selector in hidden
    assert 'a[href^="http"]::after { content: " <" attr(href) ">"' in print_rules


def test_partner_headings_are_singular_or_plural_as_their_number_says(client):
    response = client.get("/case-studies/bolsa-verde/")
    content = response.content.decode()

    assert "partnerss" not in content
    groups = dict(CaseStudy.objects.get(slug="bolsa-verde").partners_by_role())
    for label, members in groups.items():
        assert f"{label}{'s' if len(members) != 1 else ''}</h3>" in content
