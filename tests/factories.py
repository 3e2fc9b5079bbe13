"""Small helpers that make the rows a test needs, with overridable defaults."""

from itertools import count

from casestudies.models import CaseStudy, Country, Organisation, Participation, Source
from guide.models import Modality

_numbers = count(1)


def make_case_study(**overrides):
    number = next(_numbers)
    fields = {
        "title": f"Test case study {number}",
        "slug": f"test-case-study-{number}",
        "summary": "Partners shared what they learned.",
        "status": CaseStudy.Status.DRAFT,
    }
    fields.update(overrides)
    if isinstance(fields.get("modality"), str):
        fields["modality"] = Modality.objects.get(slug=fields["modality"])
    return CaseStudy.objects.create(**fields)


def make_organisation(country=None, **overrides):
    number = next(_numbers)
    fields = {"name": f"Test organisation {number}", "slug": f"test-organisation-{number}"}
    fields.update(overrides)
    if isinstance(country, str):
        country = Country.objects.get(iso2=country)
    return Organisation.objects.create(country=country, **fields)


def add_partner(case_study, organisation, role, **overrides):
    order = case_study.participations.count() + 1
    return Participation.objects.create(
        case_study=case_study, organisation=organisation, role=role, order=order, **overrides
    )


def add_source(case_study, **overrides):
    fields = {"guide_section": "SSTC: an introduction, 2. Modalities and sub-modalities", "order": 1}
    fields.update(overrides)
    return Source.objects.create(case_study=case_study, **fields)
