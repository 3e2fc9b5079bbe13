"""Small helpers that make the rows a test needs, with overridable defaults."""

from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from casestudies.models import CaseStudy, Country, Organisation, Participation, Source
from core.roles import CURATOR_GROUP, EDITOR_IN_CHIEF_GROUP
from guide.models import Modality

_numbers = count(1)

# The roles of the curation team (core/roles.py, migration casestudies 0004): the group each is in.
# "outsider_staff" may sign in to the admin and is in no group: it holds no permission at all.
ROLES = {"curator": CURATOR_GROUP, "editor_in_chief": EDITOR_IN_CHIEF_GROUP, "outsider_staff": None}


def make_user(role="curator", username=None, **fields):
    """A staff account in the group of ``role`` (a key of ``ROLES``); ``is_staff=False`` makes an
    account that cannot open the admin at all."""
    group = ROLES[role]
    username = username or f"{role.replace('_', '-')}@example.org"
    user = get_user_model().objects.create_user(username=username, password="not used", **{"is_staff": True, **fields})
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def signed_in(user):
    """A browser of its own, signed in as ``user`` (reachable again as its ``user``)."""
    browser = Client()
    browser.force_login(user)
    browser.user = user
    return browser


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
