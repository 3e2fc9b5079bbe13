"""The catalogue's query parameters: one FilterSet drives the page and both exports.

Parameters and their meaning are a public interface (``design.md``, "Catalogue query
parameters"): repeated values of one parameter are OR-ed, different parameters AND-ed.
Bad input never fails the request: :func:`read_query` drops what it cannot understand,
keeps the rest and says in words what it dropped.
"""

from dataclasses import dataclass, field

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.http import QueryDict
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from guide.models import ActorType, FinanceMechanism, Modality, Principle, SubModality

from .models import TRANSLATION_LANGUAGES, CaseStudy, CaseStudyTranslation, Country, Region, SdgGoal, Theme
from .search import MAX_QUERY_LENGTH, clean_search_text, search_words

# No option list is this long except countries (249); more values than that are not a query.
MAX_VALUES = 250
# At most this many values in all, over every repeatable parameter: each link of the page repeats them.
MAX_CHOSEN = 50
FIRST_YEAR, LAST_YEAR = 1900, 2100

SORTS = {
    "relevance": _("Best match"),
    "-start_year": _("Newest first"),
    "start_year": _("Oldest first"),
    "title": _("Title (A–Z)"),
}
DEFAULT_SORT = "-start_year"


def chosen_sort(asked, *, searching):
    """The sort asked for, or else the default: by relevance when searching, newest first otherwise."""
    return asked or ("relevance" if searching else DEFAULT_SORT)


class ValuesField(forms.MultipleChoiceField):
    """Several values of one parameter, each checked against the option list; ``normalise`` maps
    a value to its stored form (``ke`` → ``KE``) and repeats collapse to one."""

    def __init__(self, *args, normalise=str, **kwargs):
        self.normalise = normalise
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        # An empty value (``region=``, as an emptied form field sends it) asks for nothing.
        values = (item.strip() for item in super().to_python(value))
        return list(dict.fromkeys(self.normalise(item) for item in values if item))

    def valid_value(self, value):
        # The option list is read once per form, not once per value.
        if not hasattr(self, "_keys"):
            self._keys = {str(key) for key, _label in self.choices}
        return value in self._keys

    def understands(self, raw_value):
        value = raw_value.strip()
        return not value or self.valid_value(self.normalise(value))

    def validate(self, value):
        if len(value) > MAX_VALUES:
            raise forms.ValidationError(gettext("more than %(limit)s values") % {"limit": MAX_VALUES}, code="too_many")
        super().validate(value)


class ValuesFilter(django_filters.MultipleChoiceFilter):
    """A repeatable parameter naming options by a key (a slug, an ISO code, a number), and the
    facet the catalogue page shows for it.

    ``choices`` are read from the database only when the parameter is present. ``path`` leads
    from a case study to the option's key; the values are OR-ed through one ``EXISTS``
    subquery, which needs no ``DISTINCT`` over the joined rows; without its last step it leads to
    the option itself (``option_link``), by which the catalogue's index files case studies. For
    the facet, ``shown_as`` is the option's field that names it, and a ``sparse`` facet (a long
    list) shows only the options that give results.
    ``grouped_by`` is the option's field whose value heads a group of options (a country's
    region). Where the guide defines the facet, ``about`` says in a sentence what it is, and
    ``explained_at`` names the URL of an option's page in the guide, whose ``summary`` the
    facet shows beside its name.
    """

    field_class = ValuesField

    def __init__(
        self,
        *,
        options,
        key,
        path,
        shown_as="name",
        sparse=False,
        normalise=str,
        grouped_by=None,
        about="",
        explained_at=None,
        **kwargs,
    ):
        self.option_model, self.key, self.path = options, key, path
        self.shown_as, self.sparse = shown_as, sparse
        self.grouped_by, self.about, self.explained_at = grouped_by, about, explained_at
        super().__init__(choices=self.options, normalise=normalise, **kwargs)

    def options(self):
        return [(str(key), str(key)) for key in self.option_model.objects.values_list(self.key, flat=True)]

    @property
    def option_link(self):
        """The path from a case study to the option's id (``countries__region`` for a region)."""
        return self.path.removesuffix(f"__{self.key}")

    def filter(self, qs, value):
        if not value:
            return qs
        matching = CaseStudy.objects.filter(pk=OuterRef("pk"), **{f"{self.path}__in": value})
        return qs.filter(Exists(matching))


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


def plain_number(value):
    """``08`` → ``8``; anything else as it is, to be found unknown."""
    return str(int(value)) if value.isascii() and value.isdigit() else value


def country_code(value):
    """An ISO code in any case (``ke`` → ``KE``), or a country's name as a reader types it
    (``kenya`` → ``KE``), as the find-a-country box sends it; anything else as it is, to be
    found unknown."""
    if len(value) == 2:
        return value.upper()
    if len(value) > COUNTRY_NAME_LENGTH or clean_search_text(value) != value:
        return value  # no country's name holds control characters (PostgreSQL refuses a NUL byte)
    code = Country.objects.filter(name__iexact=value).values_list("iso2", flat=True).first()
    return code or value


COUNTRY_NAME_LENGTH = Country._meta.get_field("name").max_length


class CaseStudyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=MAX_QUERY_LENGTH)
    # The facets, in the order the page shows them: countries last, as the longest list.
    region = ValuesFilter(
        label=_("Region"),
        options=Region,
        key="slug",
        path="countries__region__slug",
    )
    modality = ValuesFilter(
        label=_("Modality"),
        options=Modality,
        key="slug",
        path="modality__slug",
        about=_(
            "South-South cooperation among countries of the South, or triangular: South-South "
            "cooperation supported by a partner from the North."
        ),
        explained_at="guide:modality",
    )
    submodality = ValuesFilter(
        label=_("Form of cooperation"),
        options=SubModality,
        key="slug",
        path="submodalities__slug",
        about=_(
            "Who cooperates with whom: cities, small island States, fragile States, or countries of one"
            " region (the guide's “sub-modalities”)."
        ),
        explained_at="guide:submodality",
    )
    theme = ValuesFilter(label=_("Theme"), options=Theme, key="slug", path="themes__slug")
    mechanism = ValuesFilter(
        label=_("Finance mechanism"),
        options=FinanceMechanism,
        key="slug",
        path="mechanisms__slug",
        about=_(
            "How the money is saved, lent, invested or shared: the ways of financing decent work that "
            "the guide describes."
        ),
        explained_at="guide:mechanism",
    )
    actor = ValuesFilter(
        label=_("Kind of partner"),
        options=ActorType,
        key="slug",
        path="participations__organisation__actor_type__slug",
        about=_(
            "What kind of organisation takes part: governments, workers' and employers' organisations, "
            "cooperatives and others (the guide's “actors”)."
        ),
        explained_at="guide:actor",
    )
    principle = ValuesFilter(
        label=_("Principle"),
        options=Principle,
        key="slug",
        path="principles__slug",
        about=_(
            "The principles of South-South cooperation that a case study shows at work, as the guide sets them out."
        ),
        explained_at="guide:principle",
    )
    sdg = ValuesFilter(
        label=_("SDG"),
        options=SdgGoal,
        key="number",
        path="sdgs__number",
        shown_as="short_name",
        normalise=plain_number,
    )
    country = ValuesFilter(
        label=_("Country"),
        options=Country,
        key="iso2",
        path="countries__iso2",
        sparse=True,
        normalise=country_code,
        grouped_by="region__name",
    )
    # Case studies a reader can read in French, Spanish or Portuguese (CaseStudyTranslation).
    translated = django_filters.ChoiceFilter(
        label=_("Translated into"), choices=TRANSLATION_LANGUAGES, method="in_language", empty_label=None
    )
    year_from = YearFilter(label=_("From year"), method="years_from")
    year_to = YearFilter(label=_("To year"), method="years_to")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), method="order", empty_label=None
    )

    class Meta:
        model = CaseStudy
        fields = []

    def search(self, qs, name, value):
        return qs.search(value) if value else qs

    def in_language(self, qs, name, value):
        return qs.filter(Exists(CaseStudyTranslation.objects.filter(case_study=OuterRef("pk"), language=value)))

    def years_from(self, qs, name, value):
        # Overlaps the range: ends in or after the year, or goes on (an end year is empty while ongoing).
        return qs.filter(Q(end_year__gte=value) | Q(end_year__isnull=True, start_year__isnull=False))

    def years_to(self, qs, name, value):
        return qs.filter(Q(start_year__lte=value) | Q(start_year__isnull=True, end_year__lte=value))

    def order(self, qs, name, value):
        return qs  # applied in ``filter_queryset``, after the search has annotated its rank

    def filter_queryset(self, queryset):
        return self.ordered(super().filter_queryset(queryset))

    @property
    def facets(self):
        """The filters the page shows as facets, in their declared order."""
        return {name: filter_ for name, filter_ in self.filters.items() if isinstance(filter_, ValuesFilter)}

    def ordered(self, qs):
        searching = bool(self.form.cleaned_data.get("q"))
        sort = chosen_sort(self.form.cleaned_data.get("sort"), searching=searching)
        # The id last: case studies of the same title keep one order, so no page repeats another's.
        if sort == "relevance":
            if searching:
                return qs.order_by("-rank", "title", "pk")
            sort = DEFAULT_SORT  # nothing to rank without a search
        if sort.startswith("-"):
            return qs.order_by(F(sort[1:]).desc(nulls_last=True), "title", "pk")
        return qs.order_by(F(sort).asc(nulls_last=True), "title", "pk")


@dataclass
class Query:
    """A catalogue request understood: the bound filterset and what was left out, in words."""

    filterset: CaseStudyFilter
    params: QueryDict
    problems: list[str] = field(default_factory=list)

    @property
    def case_studies(self):
        return self.filterset.qs

    @property
    def data(self):
        """The understood values, by parameter name."""
        return self.filterset.form.cleaned_data

    def value(self, name):
        return self.data.get(name)


def read_query(asked, queryset=None):
    """Bind the catalogue's parameters, leaving out each value that is not understood.

    Returns a :class:`Query` whose ``problems`` say what was left out, so that the page can
    still answer with everything else the reader asked for.
    """
    if queryset is None:
        queryset = CaseStudy.objects.published()
    # Parameters of the contract only: anything else in the address (a tracking tag) is no part of the query.
    params = QueryDict(mutable=True)
    for name, values in asked.lists():
        if name in CaseStudyFilter.base_filters or name == "page":
            # An emptied field (``sort=``, ``year_from=``, as a form sends them) asks for nothing.
            params.setlist(name, [value for value in values if value.strip()])
    problems = []

    if "q" in params:
        text = clean_search_text(params.get("q", ""))
        if len(text) > MAX_QUERY_LENGTH:
            problems.append(
                gettext("The search was longer than %(limit)s characters; only its start was used.")
                % {"limit": MAX_QUERY_LENGTH}
            )
            text = text[:MAX_QUERY_LENGTH].strip()
        if text and not search_words(text):
            problems.append(
                gettext("The search “%(search)s” holds only very common words, so it was not used.")
                % {"search": shorten(text)}
            )
            text = ""
        params.setlist("q", [text] if text else [])

    filterset = CaseStudyFilter(params, queryset=queryset)
    if not filterset.form.is_valid():
        for name in filterset.form.errors:
            problems.append(leave_out(params, filterset.form[name]))
        filterset = CaseStudyFilter(params, queryset=queryset)
        filterset.form.is_valid()

    data = filterset.form.cleaned_data
    year_from, year_to = data.get("year_from"), data.get("year_to")
    if year_from and year_to and year_from > year_to:
        problems.append(
            gettext("The years were the wrong way round, so they are shown from %(first)s to %(last)s.")
            % {"first": year_to, "last": year_from}
        )
        params["year_from"], params["year_to"] = str(year_to), str(year_from)
        filterset = CaseStudyFilter(params, queryset=queryset)
        filterset.form.is_valid()
    if kept := chosen_within_limit(filterset.form.cleaned_data, filterset.facets):
        problems.append(
            gettext(
                "More than %(limit)s choices were given; the first %(limit)s, in the order of the filters, were used."
            )
            % {"limit": MAX_CHOSEN}
        )
        for name, values in kept.items():
            params.setlist(name, values)
        filterset = CaseStudyFilter(params, queryset=queryset)
        filterset.form.is_valid()
    # The page's links carry each value once, in its stored form (``ke`` → ``KE``, ``02010`` → ``2010``).
    for name, value in filterset.form.cleaned_data.items():
        if isinstance(filterset.filters[name], ValuesFilter):
            params.setlist(name, value)
        elif isinstance(filterset.filters[name], YearFilter) and value is not None:
            params[name] = str(value)
    return Query(filterset=filterset, params=params, problems=problems)


def chosen_within_limit(data, facets):
    """``{parameter: the values kept}`` when more than ``MAX_CHOSEN`` values are chosen in all, else ``{}``.

    Every link of the page repeats the query: an address choosing all 249 countries made a 2.2 MB
    page. No reader ticks more than a few dozen options, so the first ``MAX_CHOSEN`` are kept.
    """
    if sum(len(data.get(name) or ()) for name in facets) <= MAX_CHOSEN:
        return {}
    room, kept = MAX_CHOSEN, {}
    for name in facets:
        values = list(data.get(name) or ())
        kept[name], room = values[:room], max(room - len(values), 0)
    return kept


def leave_out(params, bound_field):
    """Drop from ``params`` what ``bound_field`` could not understand; say what was dropped."""
    name, label, field = bound_field.name, bound_field.label, bound_field.field
    if not isinstance(field, ValuesField):
        value = params.get(name, "")
        params.pop(name)
        # Translators: %(label)s names a filter, e.g. "From year"; %(value)s is what the address gave for it.
        return gettext("%(label)s: “%(value)s” is not understood, so it was left out.") % {
            "label": label,
            "value": shorten(value),
        }
    values = params.getlist(name)
    if len(set(values)) > MAX_VALUES:
        params.setlist(name, [])
        return gettext("%(label)s: more than %(limit)s values were given, so none was used.") % {
            "label": label,
            "limit": MAX_VALUES,
        }
    unknown = [value for value in dict.fromkeys(values) if not field.understands(value)]
    params.setlist(name, [value for value in values if value not in unknown])
    return describe_unknown(label, unknown)


def shorten(text, length=40):
    text = clean_search_text(text)
    return text if len(text) <= length else f"{text[: length - 1]}…"


def describe_unknown(label, values, shown=3):
    """What a filter left out of the values it did not know, naming the first ``shown`` of them."""
    names = ", ".join(f"“{shorten(value)}”" for value in values[:shown])
    more = len(values) - shown
    if more > 0:
        # Translators: %(label)s names a filter, e.g. "Country"; %(values)s lists the first values, each quoted.
        message = ngettext(
            "%(label)s: %(values)s and %(more)s more are not known, so left out.",
            "%(label)s: %(values)s and %(more)s more are not known, so left out.",
            more,
        )
        return message % {"label": label, "values": names, "more": more}
    # Translators: %(label)s names a filter, e.g. "Region"; %(values)s lists the values, each quoted.
    message = ngettext(
        "%(label)s: %(values)s is not known, so left out.",
        "%(label)s: %(values)s are not known, so left out.",
        len(values),
    )
    return message % {"label": label, "values": names}
