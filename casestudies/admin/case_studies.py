"""The case-study admin: its list (filters, search, the countries column), its change form with the
inlines of partners, key figures, sources and identifiers, the publish, withdraw and delete actions,
and the history of a case study with that of its rows.

The form and its rules are in ``forms.py``, the list filters in ``filters.py``, the spreadsheet
import and export in ``spreadsheets.py`` and ``resources.py``.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin
from core.roles import is_editor_in_chief

from .. import models
from .filters import (
    MechanismFilter,
    PartnerFilter,
    PartnerForm,
    RegionFilter,
    SubModalityFilter,
    ThemeFilter,
    TranslationFilter,
)
from .forms import (
    PUBLICATION_NEEDS,
    PUBLISH_BUTTON,
    WITHDRAW_A_DRAFT,
    CaseStudyAdminForm,
    CaseStudyPartForm,
    CaseStudyPartFormSet,
    LoadedAutocompleteSelect,
    ParticipationFormSet,
    WithdrawForm,
)
from .internals import InlineFormsetsBeforeValidation
from .resources import CaseStudyResource
from .spreadsheets import SpreadsheetImportExportMixin


class CaseStudyPartInline:
    """The rows edited on a case study's form: each says so when another curator removed it meanwhile."""

    form = CaseStudyPartForm
    formset = CaseStudyPartFormSet
    extra = 0


class ParticipationInline(CaseStudyPartInline, admin.TabularInline):
    model = models.Participation
    fields = ["organisation", "role", "start_year", "end_year", "note", "order"]
    formset = ParticipationFormSet
    autocomplete_fields = ["organisation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["widget"] = LoadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            # The triangular rule reads each partner's country when the form is checked.
            kwargs["queryset"] = models.Organisation.objects.select_related("country")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class KeyFigureInline(CaseStudyPartInline, admin.TabularInline):
    model = models.KeyFigure


class SourceInline(CaseStudyPartInline, admin.StackedInline):
    model = models.Source


class ExternalIdentifierInline(CaseStudyPartInline, admin.TabularInline):
    model = models.ExternalIdentifier


class TranslationInline(CaseStudyPartInline, admin.TabularInline):
    """The case study in French, Spanish or Portuguese, a row per language, below the English.

    A table, as the key figures are: its columns are headed once, so that no field of a
    translation carries the same label as the English field above it."""

    model = models.CaseStudyTranslation
    fields = ["language", "status", "title", "summary", "body"]


class FormerSlugInline(admin.TabularInline):
    model = models.FormerSlug
    fields = ["slug", "created"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CaseStudyChangeList(ChangeList):
    """The case-study list, which reads only the columns it shows (a page of 100 rows with their
    bodies and search vectors is 1.2 MB to fetch and decode at 100,000), and each row's countries as a
    plain list rather than through a related manager made for every row."""

    def get_results(self, request):
        countries = Prefetch("countries", to_attr="listed_countries")
        self.queryset = (
            self.queryset.defer("body", "summary", "search_vector").prefetch_related(None).prefetch_related(countries)
        )
        super().get_results(request)


WITHDRAW_INSTEAD = _(
    "“%(case_study)s” is published, so it is not deleted: withdraw it instead. Set its status to Withdrawn and "
    "say why; its page will tell readers when and why, and its links keep answering."
)


@admin.register(models.CaseStudy)
class CaseStudyAdmin(InlineFormsetsBeforeValidation, SpreadsheetImportExportMixin, HistoryAdmin):
    resource_classes = [CaseStudyResource]
    form = CaseStudyAdminForm
    object_history_template = "admin/casestudies/casestudy/object_history.html"
    object_history_form_template = "admin/casestudies/casestudy/object_history_form.html"
    list_display = ["title", "modality", "country_names", "status", "last_updated", "last_changed_by"]
    list_filter = [
        PartnerFilter,
        "status",
        "modality",
        SubModalityFilter,
        RegionFilter,
        ThemeFilter,
        MechanismFilter,
        TranslationFilter,
    ]
    list_select_related = ["modality"]
    # Each word must match one of these: a few letters of a partner's name or acronym, or of a
    # country, find the case study.
    search_fields = ["title", "summary", "=slug", "organisations__name", "organisations__acronym", "countries__name"]
    search_help_text = _("Words of the title or summary, a partner's name or acronym, a country.")

    def get_search_results(self, request, queryset, search_term):
        """The search of ``search_fields``, as the case studies' queryset does it (``search``)."""
        return queryset.search(search_term, fragments=True), False

    show_full_result_count = False

    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["countries", "groupings", "themes", "mechanisms"]
    filter_horizontal = ["submodalities", "sdgs", "principles", "process_steps"]
    readonly_fields = ["published_at", "withdrawn_at", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("Cooperation"),
            {"fields": ["modality", *models.CaseStudy.RELATIONS]},
        ),
        (_("Years and evidence"), {"fields": [("start_year", "end_year"), "evidence", "last_checked"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "withdrawn_reason",
                    ("published_at", "withdrawn_at"),
                    ("created", "updated"),
                    "based_on_version",
                ]
            },
        ),
    ]
    inlines = [
        ParticipationInline,
        KeyFigureInline,
        SourceInline,
        ExternalIdentifierInline,
        TranslationInline,
        FormerSlugInline,
    ]
    actions = ["publish", "withdraw", "delete_selected"]

    @property
    def media(self):
        partner_box = PartnerForm(self.admin_site).media + forms.Media(js=["js/partner-filter.js"])
        return super().media + partner_box

    def get_queryset(self, request):
        last_record = models.CaseStudy.history.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
        return (
            super()
            .get_queryset(request)
            .annotate(last_changed_by_name=Subquery(last_record.values("history_user__username")[:1]))
            .prefetch_related("countries")
        )

    def get_changelist(self, request, **kwargs):
        return CaseStudyChangeList

    def action_checkbox(self, case_study):
        """The row's checkbox for the actions, written out: Django renders a form widget through the
        template engine for each of the 100 rows, a sixth of the page's time."""
        label = format_html(gettext("Select this object for an action - {}"), str(case_study))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            case_study.pk,
            label,
        )

    @admin.display(description=_("countries"))
    def country_names(self, case_study):
        names = [country.name for country in case_study.listed_countries]
        if len(names) > 5:
            more = len(names) - 5
            # Translators: the first five countries of a case study, then how many more it has.
            return ngettext("%(countries)s and %(more)s more", "%(countries)s and %(more)s more", more) % {
                "countries": ", ".join(names[:5]),
                "more": more,
            }
        return ", ".join(names)

    @admin.display(description=_("updated"), ordering="updated")
    def last_updated(self, case_study):
        """The day only: the list fits a 1280 px screen (the time is on the case study's history)."""
        return date_format(timezone.localtime(case_study.updated), "j M Y")

    @admin.display(description=_("changed by"), ordering="last_changed_by_name")
    def last_changed_by(self, case_study):
        return case_study.last_changed_by_name or "–"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            fields += ["status", "withdrawn_reason"]
        return fields

    def has_publish_permission(self, request, obj=None):
        return request.user.has_perm("casestudies.publish_casestudy")

    def has_delete_permission(self, request, obj=None):
        """Curators do not delete; a published case study is withdrawn unless one may delete even those."""
        allowed = super().has_delete_permission(request, obj)
        if allowed and obj is not None and obj.status == models.CaseStudy.Status.PUBLISHED:
            return is_editor_in_chief(request.user)
        return allowed

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["show_publish"] = self.has_publish_permission(request) and (
            obj is None or obj.status != models.CaseStudy.Status.PUBLISHED
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if PUBLISH_BUTTON in request.POST:
            return self._published_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if PUBLISH_BUTTON in request.POST:
            return self._published_response(request, obj)
        return super().response_change(request, obj)

    def _published_response(self, request, case_study):
        self.message_user(
            request,
            format_html(
                gettext('“{}” is published: <a href="{}">see its page</a>.'), case_study, case_study.get_absolute_url()
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:casestudies_casestudy_change", args=[case_study.pk]))

    def delete_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied  # before the case study is read: staff in no group learn nothing of it
        case_study = self.get_object(request, unquote(object_id))
        if (
            case_study is not None
            and case_study.status == models.CaseStudy.Status.PUBLISHED
            and not self.has_delete_permission(request, case_study)
        ):
            self.message_user(request, WITHDRAW_INSTEAD % {"case_study": case_study}, messages.WARNING)
            return HttpResponseRedirect(reverse("admin:casestudies_casestudy_change", args=[case_study.pk]))
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description=_("Publish selected case studies"), permissions=["publish"])
    def publish(self, request, queryset):
        """Publish those that meet the rules of publication; name the others and what they lack."""
        published = []
        for case_study in queryset.select_related("modality"):
            if case_study.status == models.CaseStudy.Status.PUBLISHED:
                continue
            case_study.status = models.CaseStudy.Status.PUBLISHED
            problems = case_study.publication_problems()
            if not case_study.body.strip():
                problems.append(str(PUBLICATION_NEEDS["body"]))
            if problems:
                # Translators: %(problems)s says, in one or more sentences, what the case study lacks.
                message = gettext("“%(case_study)s” was not published. %(problems)s") % {
                    "case_study": case_study,
                    "problems": " ".join(problems),
                }
                self.message_user(request, message, messages.ERROR)
                continue
            case_study._history_user = request.user
            case_study.save()
            published.append(str(case_study))
        if published:
            # Translators: %(titles)s lists the titles of the case studies published, separated by semicolons.
            message = ngettext("Published %(count)s: %(titles)s.", "Published %(count)s: %(titles)s.", len(published))
            self.message_user(
                request, message % {"count": len(published), "titles": "; ".join(published)}, messages.SUCCESS
            )

    @admin.action(description=_("Withdraw selected case studies…"), permissions=["publish"])
    def withdraw(self, request, queryset):
        """Withdraw the published ones among the selected, after asking why (readers will see it).

        Drafts are refused by name, as on the form: a draft was never public.
        """
        selected = list(queryset.exclude(status=models.CaseStudy.Status.WITHDRAWN))
        published = [case_study for case_study in selected if case_study.status == models.CaseStudy.Status.PUBLISHED]
        drafts = [case_study for case_study in selected if case_study.status == models.CaseStudy.Status.DRAFT]
        if drafts:
            titles = "; ".join(f"“{case_study}”" for case_study in drafts)
            message = gettext("Not withdrawn: %(titles)s. %(reason)s") % {"titles": titles, "reason": WITHDRAW_A_DRAFT}
            self.message_user(request, message, messages.ERROR)
        if not published:
            if not drafts:
                self.message_user(
                    request, gettext("Only published case studies can be withdrawn; none of those selected is.")
                )
            return None
        form = WithdrawForm(request.POST if "post" in request.POST else None)
        if form.is_valid():
            for case_study in published:
                case_study.status = models.CaseStudy.Status.WITHDRAWN
                case_study.withdrawn_reason = form.cleaned_data["reason"]
                case_study._history_user = request.user
                case_study.save()
            titles = "; ".join(str(case_study) for case_study in published)
            message = ngettext("Withdrawn %(count)s: %(titles)s.", "Withdrawn %(count)s: %(titles)s.", len(published))
            self.message_user(request, message % {"count": len(published), "titles": titles}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Withdraw case studies"),
            "opts": self.opts,
            "case_studies": published,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/casestudies/casestudy/withdraw.html", context)

    @admin.action(description=_("Delete selected case studies"), permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's delete, which refuses at once when published ones are selected and may not be deleted."""
        if not is_editor_in_chief(request.user):
            published = [str(case_study) for case_study in queryset.filter(status=models.CaseStudy.Status.PUBLISHED)]
            if published:
                self.message_user(
                    request,
                    ngettext(
                        "Nothing was deleted: %(titles)s is published. Withdraw published case studies instead.",
                        "Nothing was deleted: %(titles)s are published. Withdraw published case studies instead.",
                        len(published),
                    )
                    % {"titles": "; ".join(published)},
                    messages.ERROR,
                )
                return None
        return delete_selected(self, request, queryset)

    def history_view(self, request, object_id, extra_context=None):
        """The history of the case study, and below it the changes to its partners, sources, figures and identifiers."""
        extra_context = {**(extra_context or {}), "part_changes": self.part_changes(object_id)}
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The revert form, which says that a revert leaves the partners, sources, figures and identifiers
        as they are, and lists their own history below it."""
        extra_context = {**(extra_context or {}), "part_changes": self.part_changes(object_id)}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def part_changes(self, object_id):
        """The latest 100 changes to the case study's partners, sources, key figures and identifiers."""
        changes = []
        for model in [models.Participation, models.Source, models.KeyFigure, models.ExternalIdentifier]:
            records = model.history.filter(case_study_id=unquote(object_id)).select_related("history_user")
            if model is models.Participation:
                records = records.select_related("organisation")
            for record in records.order_by("-history_date")[:100]:
                if model is models.Participation:
                    entry = f"{record.organisation}: {record.get_role_display() or gettext('partner')}"
                else:
                    entry = str(record.history_object)
                kind = f"{model._meta.verbose_name.capitalize()} {record.get_history_type_display().lower()}"
                changes.append({"record": record, "kind": kind, "entry": entry})
        changes.sort(key=lambda change: change["record"].history_date, reverse=True)
        return changes[:100]
