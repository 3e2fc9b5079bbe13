"""List filters of the case-study admin that stay fast and short on a large catalogue.

Each filters through an ``Exists`` subquery rather than a join, so a case study with several
countries in one region is listed once, and lists no more options than it needs.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core import admin as core_admin
from core.translations import TranslationStatus

from ..models import CaseStudy, CaseStudyTranslation, Organisation, Participation, Region


class RegionFilter(admin.SimpleListFilter):
    """A case study is in a region when one of its countries is."""

    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(region.slug, region.name) for region in Region.objects.all()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        in_region = CaseStudy.countries.through.objects.filter(
            casestudy_id=OuterRef("pk"), country__region__slug=self.value()
        )
        return queryset.filter(Exists(in_region))


class PartnerForm(forms.Form):
    """The partner box of the case-study list: the admin's own autocomplete, over organisations."""

    def __init__(self, admin_site, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = Participation._meta.get_field("organisation")
        self.fields["partner"] = forms.ModelChoiceField(
            Organisation.objects.all(),
            required=False,
            label=_("Partner"),
            widget=AutocompleteSelect(organisation, admin_site),
        )


class PartnerFilter(admin.SimpleListFilter):
    """The case studies of one partner, chosen by typing a few letters of its name or acronym.

    It lists no options (there may be thousands of organisations): the sidebar shows an
    autocomplete box, which opens the list for the chosen partner (``static/js/partner-filter.js``);
    without JavaScript, the box and its button do the same. Each row of the organisations list
    links here too.
    """

    title = _("partner")
    parameter_name = "partner"
    template = "admin/casestudies/casestudy/partner_filter.html"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.form = PartnerForm(model_admin.admin_site, {"partner": self.organisation_id()})
        # The other filters of the list stay as they are when a partner is chosen.
        self.kept_params = [
            (name, value)
            for name, values in request.GET.lists()
            if name not in {self.parameter_name, "p"}
            for value in values
        ]

    def organisation_id(self):
        value = self.value() or ""
        # A database id; a longer number would overflow SQLite's integers.
        return int(value) if value.isdigit() and len(value) <= 18 else None

    def has_output(self):
        return True

    def lookups(self, request, model_admin):
        return []

    def queryset(self, request, queryset):
        if (organisation_id := self.organisation_id()) is None:
            return queryset
        partners = Participation.objects.filter(case_study=OuterRef("pk"), organisation_id=organisation_id)
        return queryset.filter(Exists(partners))


class RelationFilter(admin.SimpleListFilter):
    """Case studies with one option of a many-to-many relation, through an ``Exists`` subquery.

    Django's own filter for a many-to-many field adds ``DISTINCT`` over the joined rows (1 to 2 s
    at 100,000 case studies), and its "related only" variant reads every link to list the options
    (100 to 140 ms each); every option is used at that size, so all are listed.
    """

    relation = ""

    def lookups(self, request, model_admin):
        options = CaseStudy._meta.get_field(self.relation).related_model.objects.all()
        return [(str(option.pk), str(option)) for option in options]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if not (value.isdigit() and len(value) <= 18):  # a database id, within SQLite's integers
            return queryset
        field = CaseStudy._meta.get_field(self.relation)
        links = field.remote_field.through.objects.filter(
            **{f"{field.m2m_field_name()}_id": OuterRef("pk"), f"{field.m2m_reverse_field_name()}_id": int(value)}
        )
        return queryset.filter(Exists(links))


class SubModalityFilter(RelationFilter):
    title = _("form of cooperation")
    parameter_name = "submodality"
    relation = "submodalities"


class ThemeFilter(RelationFilter):
    title = _("theme")
    parameter_name = "theme"
    relation = "themes"


class MechanismFilter(RelationFilter):
    title = _("finance mechanism")
    parameter_name = "mechanism"
    relation = "mechanisms"


class TranslationFilter(core_admin.TranslationFilter):
    """Which case studies lack a language, or have a translation the ILO has not reviewed yet
    (``CaseStudyTranslation``, a row per language)."""

    def missing(self, queryset, language):
        return queryset.filter(~Exists(self.translations(language)))

    def unreviewed(self, queryset, language):
        return queryset.filter(Exists(self.translations(language).exclude(status=TranslationStatus.REVIEWED)))

    @staticmethod
    def translations(language):
        return CaseStudyTranslation.objects.filter(case_study=OuterRef("pk"), language=language)
