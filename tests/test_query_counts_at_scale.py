"""Every page costs as many queries at 500 case studies as at 50: no query per row anywhere.

The catalogue is filled by ``seed_synthetic``, so the rows have the shape of a real catalogue:
several countries, partners, themes and mechanisms each, drafts and withdrawn ones among them.
Each page is asked for with nothing cached, so that a cache cannot hide a query that grows.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.models import CaseStudy
from casestudies.synthetic import synthetic_case_studies

pytestmark = pytest.mark.django_db

# Asked for by a reader, not signed in.
PAGES = {
    "home": "/",
    "catalogue": "/case-studies/",
    "catalogue, three filters": "/case-studies/?region=africa&theme=financial-inclusion&modality=south-south",
    "catalogue, seven filters": "/case-studies/?region=africa&region=americas&modality=triangular"
    "&actor=governments&actor=sse-enterprises&sdg=8&principle=solidarity&year_from=2000&year_to=2024&sort=title",
    "catalogue, search": "/case-studies/?q=savings+cooperatives",
    "catalogue, page 2": "/case-studies/?page=2",
    "export.csv": "/case-studies/export.csv",
    "export.json": "/case-studies/export.json?region=asia-pacific",
    "sitemap": "/sitemap.xml",
    "feed": "/feeds/case-studies/",
}
# Asked for by a signed-in curator.
ADMIN_PAGES = {
    "admin changelist": "/admin/casestudies/casestudy/",
    "admin changelist, filtered": "/admin/casestudies/casestudy/?status__exact=published&region=africa",
}


def add_synthetic(count):
    call_command("seed_synthetic", case_studies=count, seed=1, stdout=io.StringIO())


def queries_per_page(reader, curator, case_study_url):
    counts = {}
    pages = [(reader, name, url) for name, url in [*PAGES.items(), ("case study", case_study_url)]]
    for client, name, url in pages + [(curator, name, url) for name, url in ADMIN_PAGES.items()]:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200, url
            if response.streaming:
                b"".join(response.streaming_content)  # a streamed export queries as it is read
        counts[name] = len(queries)
    return counts


def test_every_page_takes_the_same_number_of_queries_at_50_and_at_500_case_studies(client, curator):
    add_synthetic(50)
    # The first published synthetic case study: the same row at both sizes, since the seed is the same.
    case_study = synthetic_case_studies().published().order_by("slug").first()
    small = queries_per_page(client, curator, case_study.get_absolute_url())

    add_synthetic(450)
    assert synthetic_case_studies().count() == 500
    assert CaseStudy.objects.published().count() > 400
    large = queries_per_page(client, curator, case_study.get_absolute_url())

    grown = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not grown, f"queries at 50 and at 500 case studies: {grown}"
