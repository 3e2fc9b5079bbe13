"""The domain rules of the design: in model validation, and in the database where it can hold them."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from casestudies.models import CaseStudy, Country, FormerSlug, Participation
from tests.factories import add_partner, add_source, make_case_study, make_organisation

pytestmark = pytest.mark.django_db

ROLE = Participation.Role


def test_an_end_year_before_the_start_year_is_refused_by_validation():
    case_study = make_case_study(start_year=2015, end_year=2015)
    case_study.end_year = 2014

    with pytest.raises(ValidationError) as refused:
        case_study.full_clean()

    assert "end_year" in refused.value.message_dict
    assert "before the start year" in refused.value.message_dict["end_year"][0]


def test_an_end_year_before_the_start_year_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_case_study(start_year=2017, end_year=2015)


def test_an_ongoing_case_study_has_no_end_year():
    case_study = make_case_study(start_year=2018, end_year=None)

    case_study.full_clean()


def test_a_partner_role_cannot_end_before_it_starts():
    case_study = make_case_study()
    with pytest.raises(IntegrityError), transaction.atomic():
        add_partner(case_study, make_organisation("KE"), ROLE.HOST, start_year=2020, end_year=2019)


def test_a_partner_may_hold_several_roles_each_for_a_period():
    case_study = make_case_study()
    organisation = make_organisation("BR")
    add_partner(case_study, organisation, ROLE.HOST, start_year=2010, end_year=2014)
    add_partner(case_study, organisation, ROLE.KNOWLEDGE, start_year=2015)

    assert [p.role for p in case_study.participations.all()] == [ROLE.HOST, ROLE.KNOWLEDGE]


def test_a_triangular_case_study_with_only_southern_partners_is_refused():
    case_study = make_case_study(modality="triangular")
    add_partner(case_study, make_organisation("BR"), ROLE.KNOWLEDGE)
    add_partner(case_study, make_organisation("MZ"), ROLE.HOST)
    add_partner(case_study, make_organisation("IN"), ROLE.RESOURCE)

    with pytest.raises(ValidationError) as refused:
        case_study.validate_relations()

    assert "resource or facilitating partner" in " ".join(refused.value.messages)


def test_a_triangular_case_study_needs_a_southern_partner_too():
    case_study = make_case_study(modality="triangular")
    add_partner(case_study, make_organisation("NO"), ROLE.RESOURCE)

    with pytest.raises(ValidationError) as refused:
        case_study.validate_relations()

    assert refused.value.messages == ["A triangular case study needs at least one partner from the Global South."]


def test_a_northern_partner_that_only_shares_knowledge_does_not_make_it_triangular():
    case_study = make_case_study(modality="triangular")
    add_partner(case_study, make_organisation("MZ"), ROLE.HOST)
    add_partner(case_study, make_organisation("DE"), ROLE.KNOWLEDGE)

    with pytest.raises(ValidationError):
        case_study.validate_relations()


@pytest.mark.parametrize(
    ("country", "role"),
    [("NO", ROLE.RESOURCE), ("JP", ROLE.FACILITATING)],
    ids=["northern-resource", "northern-facilitating"],
)
def test_a_triangular_case_study_with_a_northern_supporter_is_accepted(country, role):
    case_study = make_case_study(modality="triangular")
    add_partner(case_study, make_organisation("BR"), ROLE.KNOWLEDGE)
    add_partner(case_study, make_organisation("MZ"), ROLE.HOST)
    add_partner(case_study, make_organisation(country), role)

    case_study.validate_relations()


@pytest.mark.parametrize("role", [ROLE.FACILITATING, ROLE.RESOURCE])
def test_an_international_organisations_support_alone_does_not_make_it_triangular(role):
    """The guide's definition (section 2, after BAPA+40) asks for a partner "from the North"; the ILO or
    a UN agency has no country and is neither North nor South."""
    case_study = make_case_study(modality="triangular")
    add_partner(case_study, make_organisation("BR"), ROLE.KNOWLEDGE)
    add_partner(case_study, make_organisation("MZ"), ROLE.HOST)
    add_partner(case_study, make_organisation(None), role)

    with pytest.raises(ValidationError) as refused:
        case_study.validate_relations()

    assert "partner from the North" in " ".join(refused.value.messages)


def test_a_northern_partner_whose_role_is_not_stated_does_not_make_it_triangular():
    case_study = make_case_study(modality="triangular")
    add_partner(case_study, make_organisation("ID"), ROLE.HOST)
    add_partner(case_study, make_organisation("DE"), "")

    with pytest.raises(ValidationError):
        case_study.validate_relations()


def test_the_triangular_rule_checks_the_partners_a_form_is_about_to_save():
    case_study = make_case_study(modality="triangular")
    southern, northern = make_organisation("KE"), make_organisation("DE")

    assert case_study.partnership_problems([(southern, ROLE.HOST), (northern, ROLE.RESOURCE)]) == []
    assert len(case_study.partnership_problems([(southern, ROLE.HOST)])) == 1


def test_a_south_south_case_study_has_no_partner_rule():
    case_study = make_case_study(modality="south-south")
    add_partner(case_study, make_organisation("KE"), ROLE.HOST)

    case_study.validate_relations()


def test_publishing_an_incomplete_case_study_names_everything_missing():
    case_study = make_case_study(summary="", status=CaseStudy.Status.DRAFT)
    case_study.status = CaseStudy.Status.PUBLISHED

    assert case_study.publication_problems() == [
        "A published case study needs a summary, a modality, at least one country, at least one source."
    ]


def test_a_complete_case_study_can_be_published():
    case_study = make_case_study(modality="south-south")
    case_study.countries.add(Country.objects.get(iso2="KE"))
    add_source(case_study)
    case_study.status = CaseStudy.Status.PUBLISHED

    case_study.full_clean()
    case_study.validate_relations()
    case_study.save()
    assert case_study.published_at is not None


def test_the_database_refuses_a_published_case_study_without_summary_or_modality():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_case_study(summary="", modality="south-south", status=CaseStudy.Status.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_case_study(modality=None, status=CaseStudy.Status.PUBLISHED)


def test_a_withdrawn_case_study_says_why():
    case_study = make_case_study()
    case_study.status = CaseStudy.Status.WITHDRAWN

    with pytest.raises(ValidationError) as refused:
        case_study.full_clean()
    assert "withdrawn_reason" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        case_study.save()


def test_slugs_are_unique():
    make_case_study(slug="same-slug")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_case_study(slug="same-slug")


def test_a_changed_slug_is_kept_as_a_former_slug():
    case_study = make_case_study(slug="old-name")

    case_study.slug = "new-name"
    case_study.save()

    assert list(case_study.former_slugs.values_list("slug", flat=True)) == ["old-name"]
    assert CaseStudy.objects.get_by_natural_key("old-name") == case_study


def test_changing_a_slug_back_retires_the_former_slug():
    case_study = make_case_study(slug="first-name")
    case_study.slug = "second-name"
    case_study.save()

    case_study.slug = "first-name"
    case_study.save()

    assert list(FormerSlug.objects.filter(case_study=case_study).values_list("slug", flat=True)) == ["second-name"]


def test_a_former_slug_of_another_case_study_cannot_be_taken():
    moved = make_case_study(slug="taken-once")
    moved.slug = "moved-on"
    moved.save()
    newcomer = make_case_study()
    newcomer.slug = "taken-once"

    with pytest.raises(ValidationError) as refused:
        newcomer.full_clean()
    assert "slug" in refused.value.message_dict
