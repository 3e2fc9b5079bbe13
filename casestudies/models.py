"""The catalogue: where cooperation happened, who took part, and the case studies themselves."""

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import Case, Exists, ExpressionWrapper, F, IntegerField, OuterRef, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import get_language, gettext, npgettext
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from core.models import NaturalKeyManager
from core.translations import DEFAULT_LANGUAGE, OTHER_LANGUAGES, TranslatedContent, TranslationStatus
from guide.models import (
    ActorType,
    FinanceMechanism,
    Modality,
    Principle,
    ProcessStep,
    SubModality,
)

from .search import SEARCH_CONFIG, TRANSLATION_SEARCH_CONFIGS, search_words

# What only the database's search reads: kilobytes per case study that no page shows.
VECTORS = ["search_vector", "rank_vector"]
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]
# The slugs of the synthetic catalogue (``seed_synthetic``) start with this, and only theirs.
SYNTHETIC_PREFIX = "synthetic-"
# The languages a case study may be translated into (CaseStudyTranslation), named as in settings.LANGUAGES.
TRANSLATION_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code in OTHER_LANGUAGES]
# The fewest letters that a trigram index can look up (the admin's search, migration 0016).
TRIGRAM_LENGTH = 3
# The columns of a case study's own row that the exports write (``CaseStudyQuerySet.for_export``).
EXPORTED_FIELDS = [
    "pk",
    "title",
    "slug",
    "summary",
    "modality__slug",
    "start_year",
    "end_year",
    "evidence",
    "last_checked",
    "updated",
]


def fragment_words(text):
    """The words of an admin search, as Django's admin splits them: a quoted phrase is one word."""
    words = []
    for word in smart_split(text):
        if word[:1] in {'"', "'"} and word[0] == word[-1]:
            word = unescape_string_literal(word)
        words.append(word)
    return words


@models.BigAutoField.register_lookup
class AnyOf(models.Lookup):
    """``id = ANY(%s)`` with the ids as one array (PostgreSQL): thousands of ids written out as
    as many parameters cost more to build than to read (``CaseStudyQuerySet.with_ids``)."""

    lookup_name = "any"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def any_word(text, config):
    """A query that any one of the words of ``text`` matches (for ranking, not for finding)."""
    return reduce(or_, (SearchQuery(word, config=config) for word in search_words(text) or [text]))


def years_out_of_order(start_year, end_year):
    """The error for an end year before the start year, or ``None``."""
    if start_year and end_year and end_year < start_year:
        return {
            "end_year": gettext("The end year (%(end)s) is before the start year (%(start)s).")
            % {"end": end_year, "start": start_year}
        }
    return None


def catalogue_url(**params):
    return f"{reverse('casestudies:list')}?{urlencode(params)}"


class Region(TranslatedContent):
    """One of the five ILO regions."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return catalogue_url(region=self.slug)

    def natural_key(self):
        return (self.slug,)


class Country(models.Model):
    """A country or territory of ISO 3166-1, with the flags the domain rules use."""

    iso2 = models.CharField(_("ISO alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO alpha-3"), max_length=3, unique=True)
    name = models.CharField(max_length=100)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="countries",
        help_text=_("Empty only for places outside every ILO region, such as Antarctica."),
    )
    is_global_south = models.BooleanField(
        _("Global South"),
        default=False,
        help_text=_("Counts as a Southern partner for the triangular rule."),
    )
    is_sids = models.BooleanField(_("SIDS"), default=False, help_text=_("A small island developing State."))
    is_ldc = models.BooleanField(_("LDC"), default=False, help_text=_("On the UN list of least developed countries."))
    is_fragile = models.BooleanField(
        _("fragile"),
        default=False,
        help_text=_("In a fragile or conflict-affected situation (World Bank list) or a member of the g7+."),
    )

    objects = NaturalKeyManager("iso2")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return catalogue_url(country=self.iso2)

    def natural_key(self):
        return (self.iso2,)

    natural_key.dependencies = ["casestudies.region"]


class Grouping(TranslatedContent):
    """A regional, sub-regional or interregional grouping of countries: the African Union, IBSA, ..."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional")
        SUBREGIONAL = "sub-regional", _("Sub-regional")
        INTERREGIONAL = "interregional", _("Interregional")

    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind)
    description = models.TextField(blank=True)
    section = models.CharField(max_length=200, blank=True, help_text=_("Where the guide names this grouping."))
    outside_source = models.TextField(
        blank=True,
        help_text=_(
            "Where the description's facts come from when they are not the guide's: publication or "
            "address, and the date consulted. Shown to readers as not from the guide."
        ),
    )
    members = models.ManyToManyField(Country, blank=True, related_name="groupings")

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def natural_key(self):
        return (self.slug,)


class Organisation(models.Model):
    """A development partner: a ministry, a union, a cooperative, a university, a UN agency, ..."""

    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    actor_type = models.ForeignKey(
        ActorType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("kind of partner"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("Where it is based. Empty for an international organisation."),
    )
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    outside_source = models.TextField(
        blank=True,
        help_text=_(
            "Where the description's facts come from when they are not the guide's: publication or "
            "address, and the date consulted. Shown to readers as not from the guide."
        ),
    )

    objects = NaturalKeyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["casestudies.country", "guide.actortype"]

    @property
    def is_southern(self):
        return self.country is not None and self.country.is_global_south

    @property
    def is_northern(self):
        """Based in a country outside the Global South; an international organisation is neither."""
        return self.country is not None and not self.country.is_global_south


class Theme(TranslatedContent):
    """A decent-work theme: skills and youth employment, social protection, ..."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    section = models.CharField(max_length=200, blank=True, help_text=_("Where the guide speaks of this theme."))

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return catalogue_url(theme=self.slug)

    def natural_key(self):
        return (self.slug,)


class SdgGoal(models.Model):
    """One of the 17 Sustainable Development Goals of the 2030 Agenda."""

    number = models.PositiveSmallIntegerField(unique=True)
    short_name = models.CharField(max_length=100)
    name = models.CharField(max_length=300, blank=True)

    objects = NaturalKeyManager("number")

    class Meta:
        ordering = ["number"]
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="casestudies_sdggoal_number_1_to_17"
            ),
        ]

    def __str__(self):
        # Translators: an SDG as lists name it, e.g. "SDG 8: Decent work and economic growth".
        return gettext("SDG %(number)s: %(name)s") % {"number": self.number, "name": self.short_name}

    def get_absolute_url(self):
        return catalogue_url(sdg=self.number)

    def natural_key(self):
        return (self.number,)


def page_relations():
    """The relations a case study's page shows, as lookups for ``prefetch_related``: one query each,
    whatever the number of rows (for a case study read already, ``prefetch_related_objects``)."""
    return [
        *(name for name in CaseStudy.RELATIONS if name != "countries"),
        Prefetch("countries", queryset=Country.objects.select_related("region")),
        "key_figures",
        "sources",
        Prefetch("participations", queryset=Participation.objects.select_related("organisation__country")),
        "external_identifiers",
    ]


class CaseStudyQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        """A fixture naming a slug that a curator has since changed still finds its case study."""
        try:
            return self.get(slug=slug)
        except self.model.DoesNotExist:
            return self.get(former_slugs__slug=slug)

    def published(self):
        return self.filter(status=CaseStudy.Status.PUBLISHED)

    def for_list(self):
        """What a list of case studies shows of each one, fetched in a fixed number of queries:
        its countries with their regions, its forms of cooperation and finance mechanisms; not its
        search vectors (about 10 KB each), which only the database reads."""
        return (
            self.defer(*VECTORS)
            .select_related("modality")
            .prefetch_related(
                Prefetch("countries", queryset=Country.objects.select_related("region")),
                "submodalities",
                "mechanisms",
            )
        )

    def for_page(self):
        """Everything a case study's page shows: one query per relation, whatever the number of rows."""
        return self.defer(*VECTORS).select_related("modality").prefetch_related(*page_relations())

    def for_export(self):
        """The columns of its own row that the CSV and JSON exports write of each case study, as
        plain values in the list's order (``exports.py`` reads the relations per chunk of rows).
        Model instances with their relations prefetched cost 87 s at 100,000 case studies."""
        return self.prefetch_related(None).values(*EXPORTED_FIELDS)

    def for_spreadsheet(self):
        """What the admin's spreadsheet export writes of each case study (``admin/spreadsheets``)."""
        return self.select_related("modality").prefetch_related(
            "submodalities",
            "countries",
            "themes",
            "mechanisms",
            "principles",
            "process_steps",
            "sdgs",
            "participations__organisation",
            "translations",
        )

    def with_ids(self, ids):
        """The case studies of these ids (any number of them: an array on PostgreSQL)."""
        if connection.vendor == "postgresql":
            return self.filter(pk__any=ids)
        return self.filter(pk__in=list(ids))

    def synthetic(self):
        """The made-up case studies of ``seed_synthetic``, for tests and benchmarks only."""
        return self.filter(slug__startswith=SYNTHETIC_PREFIX)

    def search(self, text, *, fragments=False):
        """The case studies that every word of ``text`` finds.

        The catalogue's search (``fragments=False``) reads each word as a word: on PostgreSQL the
        weighted search vector in its web-search syntax, annotated with a ``rank`` in which a word
        as written counts twice its stemmed form; on SQLite each word somewhere in the title,
        summary, body, a partner's name or acronym or a country, ranked by where the whole text
        appears. The admin's search (``fragments=True``) finds a few letters of the title, the
        summary, a partner's name or acronym or a country, or the whole slug, with no rank.
        """
        if fragments:
            return self._with_every_fragment(fragment_words(text))
        return self.matching(text).ranked(text)

    def matching(self, text):
        """The case studies that every word of ``text`` finds, unranked (see :meth:`search`).

        In another language than English, also those whose translation into it the words find
        (:meth:`CaseStudyTranslationQuerySet.matching`): a French search finds the French text, and
        the English text of every case study, translated or not.
        """
        language = get_language()
        if connection.vendor == "postgresql":
            found = self.in_english(text)
            if language != DEFAULT_LANGUAGE:
                found |= self.translated_matching(text, language)
            return found
        return self._with_every_word(search_words(text), language)

    def in_english(self, text):
        """On PostgreSQL, the case studies whose English text, partners or countries every word finds."""
        return self.filter(search_vector=SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG))

    def translated_matching(self, text, language):
        """The case studies whose translation into ``language`` every word of ``text`` finds."""
        return self.filter(pk__in=CaseStudyTranslation.objects.matching(text, language).values("case_study_id"))

    def ranked(self, text):
        """These case studies with the ``rank`` of :meth:`search`, for case studies it found.

        On PostgreSQL the rank reads the small vector of the title and summary (``rank_vector``),
        not the whole text's: a case study that has none of the words there ranks 0, after those
        that have (:meth:`marked_rankable`). Each word counts, whether or not
        the others are there too.
        """
        if connection.vendor == "postgresql":
            english, as_written = any_word(text, SEARCH_CONFIG), any_word(text, "simple")
            return self.annotate(
                rank=SearchRank(F("rank_vector"), english) + 2 * SearchRank(F("rank_vector"), as_written)
            )
        return self.annotate(
            rank=Case(
                When(title__icontains=text, then=Value(2)),
                When(summary__icontains=text, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )

    def marked_rankable(self, text):
        """On PostgreSQL, these case studies with ``rankable``: whether their rank for ``text`` is
        above 0, that is whether one of its words is in their title or summary."""
        words = Q(rank_vector=any_word(text, SEARCH_CONFIG) | any_word(text, "simple"))
        return self.annotate(rankable=ExpressionWrapper(words, output_field=models.BooleanField()))

    def _with_every_word(self, words, language=DEFAULT_LANGUAGE):
        """The catalogue's search on SQLite: each word in the text, a partner or a country, or, in
        another language than English, in the case study's translation into it; partners,
        countries and translations through ``Exists``, as a join would make the list ``DISTINCT``
        over every joined row (7 to 14 s at 100,000)."""
        queryset = self
        for word in words:
            partners = Participation.objects.filter(
                Q(organisation__name__icontains=word) | Q(organisation__acronym__iexact=word), case_study=OuterRef("pk")
            )
            countries = CaseStudy.countries.through.objects.filter(
                casestudy=OuterRef("pk"), country__name__icontains=word
            )
            in_text = Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
            found = in_text | Exists(partners) | Exists(countries)
            if language != DEFAULT_LANGUAGE:
                translated = CaseStudyTranslation.objects.matching(word, language).filter(case_study=OuterRef("pk"))
                found |= Exists(translated)
            queryset = queryset.filter(found)
        return queryset

    def _with_every_fragment(self, words):
        """The admin's search: each word a few letters of the title, the summary, a partner's name
        or acronym or a country, or the whole slug.

        A word of three letters or more finds its case studies as one set of ids, the union of a
        lookup per place it may be found, which PostgreSQL answers from the trigram indexes of
        migration 0016 and the index of partners by organisation. Inside an ``OR`` with ``Exists``
        no index could serve: PostgreSQL read every row, 0.4 to 1.3 s at 100,000 case studies.
        A shorter word has no trigram to look up; for it the ``OR`` stays, with which PostgreSQL
        reads the list in its order and stops at the end of the page (the union took 1 to 2 s).
        """
        queryset = self
        for word in words:
            in_text = Q(title__icontains=word) | Q(summary__icontains=word) | Q(slug__iexact=word)
            partners = Participation.objects.filter(
                Q(organisation__name__icontains=word) | Q(organisation__acronym__icontains=word)
            )
            countries = CaseStudy.countries.through.objects.filter(country__name__icontains=word)
            if len(word) < TRIGRAM_LENGTH:
                found = (
                    in_text
                    | Exists(partners.filter(case_study=OuterRef("pk")))
                    | Exists(countries.filter(casestudy=OuterRef("pk")))
                )
            else:
                ids = CaseStudy.objects.filter(in_text).values("pk").order_by()
                ids = ids.union(
                    partners.values("case_study_id").order_by(), countries.values("casestudy_id").order_by()
                )
                found = Q(pk__in=ids)
            queryset = queryset.filter(found)
        return queryset

    def drafts(self):
        return self.filter(status=CaseStudy.Status.DRAFT)

    def refresh_search(self):
        """Rebuild the search vector of these case studies after their partners or countries changed.

        On PostgreSQL a trigger (migration 0002) builds the vector whenever a row is written, from
        the row and from its partners and countries; writing the column is what sets it off. On
        SQLite the column stays empty and search reads the text itself.
        """
        return self.update(search_vector=None)

    def withdrawn(self):
        return self.filter(status=CaseStudy.Status.WITHDRAWN)

    def change(self, **fields):
        """``update(**fields)`` for a change that readers see: an update in bulk sends no signal, so
        this raises the catalogue's version and notes the rows for its index itself, in the same
        transaction."""
        from .index import record

        with transaction.atomic():
            changed = list(self.values_list("pk", flat=True))
            rows = self.update(**fields)
            if rows:
                record(changed)
        return rows


class CaseStudy(models.Model):
    """One documented experience of South-South or triangular cooperation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Evidence(models.TextChoices):
        INDEPENDENT_EVALUATION = "independent-evaluation", _("Independent evaluation")
        ILO_DOCUMENTED = "ilo-documented", _("Documented by the ILO")
        PARTNER_REPORTED = "partner-reported", _("Reported by the partners")

    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text=_("The permanent name in its web address. If you change it, the old address keeps working."),
    )
    summary = models.TextField(blank=True, help_text=_("Two or three plain sentences: who learned what from whom."))
    body = models.TextField(
        blank=True,
        max_length=50_000,
        help_text=_("The full account, in Markdown. Write in your own words; carry over names, years and figures."),
    )
    modality = models.ForeignKey(
        Modality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_studies",
        help_text=_("Leave empty where the source does not make it clear."),
    )
    submodalities = models.ManyToManyField(
        SubModality, blank=True, related_name="case_studies", verbose_name=_("forms of cooperation")
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="case_studies")
    groupings = models.ManyToManyField(Grouping, blank=True, related_name="case_studies")
    organisations = models.ManyToManyField(
        Organisation, through="Participation", blank=True, related_name="case_studies"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="case_studies")
    mechanisms = models.ManyToManyField(FinanceMechanism, blank=True, related_name="case_studies")
    sdgs = models.ManyToManyField(SdgGoal, blank=True, related_name="case_studies", verbose_name=_("SDGs"))
    principles = models.ManyToManyField(Principle, blank=True, related_name="case_studies")
    process_steps = models.ManyToManyField(ProcessStep, blank=True, related_name="case_studies")
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS, help_text=_("Empty while the initiative goes on.")
    )
    evidence = models.CharField(
        max_length=30, choices=Evidence, blank=True, help_text=_("What the facts of this case study rest on.")
    )
    last_checked = models.DateField(null=True, blank=True, help_text=_("When its facts were last checked."))
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    withdrawn_reason = models.TextField(blank=True, help_text=_("Shown on the public page of a withdrawn case study."))
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    # Title (A), summary (B), body, partners and countries (C); kept by a PostgreSQL trigger.
    search_vector = SearchVectorField(null=True, editable=False)
    # Title and summary alone, to rank what the search vector finds without reading it (0015).
    rank_vector = SearchVectorField(null=True, editable=False)
    # Counts the saves: the admin form carries the version it started from and refuses to save
    # over a newer one, so that no curator's edit is silently overwritten by another's.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseStudyQuerySet.as_manager()
    # The many-to-many relations a curator sets on the case study itself (partners have their own rows).
    RELATIONS = [
        "submodalities",
        "countries",
        "groupings",
        "themes",
        "mechanisms",
        "sdgs",
        "principles",
        "process_steps",
    ]
    history = HistoricalRecords(m2m_fields=RELATIONS, excluded_fields=["search_vector", "rank_vector"])

    class Meta:
        ordering = ["-start_year", "title"]
        verbose_name_plural = _("case studies")
        permissions = [
            ("publish_casestudy", "Can publish and withdraw case studies"),
            ("delete_published_casestudy", "Can delete a published case study"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(start_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="casestudies_casestudy_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | (~Q(summary="") & Q(modality__isnull=False)),
                name="casestudies_casestudy_published_has_summary_and_modality",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="casestudies_casestudy_withdrawn_has_reason",
            ),
        ]
        indexes = [
            # The catalogue lists published case studies, newest first.
            models.Index(fields=["status", "-start_year", "title"], name="casestudy_status_year_title"),
            # year_from / year_to: a case study overlaps the asked range.
            models.Index(fields=["start_year", "end_year"], name="casestudy_years"),
            # The admin's list, in the model's order and then newest id first (Django's tie-break):
            # its first page reads 100 rows instead of sorting the newest year's thousands.
            models.Index(fields=["-start_year", "title", "-id"], name="casestudy_admin_order"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.updated = timezone.now()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = self.updated
        if self.status == self.Status.WITHDRAWN:
            self.withdrawn_at = self.withdrawn_at or self.updated
        else:
            self.withdrawn_at = None
        if not self._state.adding:
            self.version += 1
        saved_slug = CaseStudy.objects.filter(pk=self.pk).values_list("slug", flat=True).first() if self.pk else None
        with transaction.atomic():
            super().save(*args, **kwargs)
            if saved_slug and saved_slug != self.slug:
                # The old address keeps answering; a slug taken back is current again.
                FormerSlug.objects.get_or_create(slug=saved_slug, defaults={"case_study": self})
                FormerSlug.objects.filter(slug=self.slug, case_study=self).delete()

    def get_absolute_url(self):
        return reverse("casestudies:detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["guide.modality", "casestudies.country", "casestudies.organisation"]

    @property
    def years(self):
        """The years as the pages write them: “1997 onwards” while it goes on, “2019” for one year."""
        if not self.start_year:
            return str(self.end_year or "")
        if not self.end_year:
            return gettext("%(start)s onwards") % {"start": self.start_year}
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"

    @property
    def regions(self):
        """The regions of its countries, in the regions' order (from the prefetched countries)."""
        regions = {country.region for country in self.countries.all() if country.region}
        return sorted(regions, key=lambda region: (region.order, region.name))

    def partners_by_role(self):
        """``(role label, participations)`` in the order of ``Participation.Role``, unstated roles last."""
        participations = list(self.participations.all())
        groups = [(label, [p for p in participations if p.role == role]) for role, label in Participation.Role.choices]
        groups.append((_("Other partner"), [p for p in participations if not p.role]))
        return [(label, members) for label, members in groups if members]

    def partner_groups(self):
        """``(heading, participations)`` as :meth:`partners_by_role`, each heading singular or plural as
        its number of partners asks (the page's headings)."""
        return [(partner_heading(role, len(members)), members) for role, members in self.participations_by_role()]

    def participations_by_role(self):
        """``(role, participations)`` in the order of ``Participation.Role``, unstated roles (``""``) last."""
        participations = list(self.participations.all())
        groups = [(role, [p for p in participations if p.role == role]) for role in [*Participation.Role, ""]]
        return [(role, members) for role, members in groups if members]

    def clean(self):
        errors = years_out_of_order(self.start_year, self.end_year) or {}
        if self.status == self.Status.WITHDRAWN and not self.withdrawn_reason.strip():
            errors["withdrawn_reason"] = gettext(
                "Say why the case study is withdrawn: readers of its page will see it."
            )
        if self.slug and FormerSlug.objects.filter(slug=self.slug).exclude(case_study_id=self.pk).exists():
            errors["slug"] = gettext("Another case study used this slug before, and its old links still point there.")
        if errors:
            raise ValidationError(errors)

    def publication_problems(self, *, countries=None, sources=None, participations=None):
        """What keeps this case study from being published, in words a curator can act on.

        ``countries``, ``sources`` and ``participations`` default to what is saved; a form
        passes what it is about to save, since the saved rows are still the old ones.
        ``participations`` is a list of ``(organisation, role)`` pairs.
        """
        if countries is None:
            countries = self.pk is not None and self.countries.exists()
        if sources is None:
            sources = self.pk is not None and self.sources.exists()
        problems = []
        if not self.summary.strip():
            problems.append(gettext("a summary"))
        if self.modality_id is None:
            problems.append(gettext("a modality"))
        if not countries:
            problems.append(gettext("at least one country"))
        if not sources:
            problems.append(gettext("at least one source"))
        # Translators: %(missing)s lists what is missing, e.g. "a summary, a modality, at least one source".
        needs = gettext("A published case study needs %(missing)s.")
        problems = [needs % {"missing": ", ".join(problems)}] if problems else []
        return problems + self.partnership_problems(participations)

    def partnership_problems(self, participations=None):
        """The triangular rule (``fixtures/README.md``): Southern partners, and beside them a partner
        from the North, that is an organisation based outside the Global South, recorded as a resource
        or facilitating partner. An international organisation (no country) does not make cooperation
        triangular by its facilitation or funding alone."""
        if self.modality_id is None or self.modality.slug != "triangular":
            return []
        if participations is None:
            participations = (
                [(p.organisation, p.role) for p in self.participations.select_related("organisation__country")]
                if self.pk
                else []
            )
        problems = []
        if not any(organisation.is_southern for organisation, _role in participations):
            problems.append(gettext("A triangular case study needs at least one partner from the Global South."))
        if not any(makes_triangular(organisation, role) for organisation, role in participations):
            problems.append(
                gettext(
                    "A triangular case study needs a partner from the North (an organisation based outside the "
                    "Global South) as a resource or facilitating partner; an international organisation's "
                    "support alone does not make cooperation triangular."
                )
            )
        return problems

    def modality_reasons(self):
        """What the triangular rule finds among the partners, for the page to show why the case study has
        its modality: the partners from the North that make it triangular, the other partners from the
        North (no role the rule counts, or none the guide states), and the international organisations
        whose support does not count."""
        reasons = {"makers": [], "other_northern": [], "international": []}
        for p in self.participations.all():
            if makes_triangular(p.organisation, p.role):
                reasons["makers"].append(p)
            elif p.organisation.is_northern:
                reasons["other_northern"].append(p)
            elif (
                p.organisation.country_id is None
                and p.role in Participation.SUPPORTING_ROLES
                and p.organisation not in [q.organisation for q in reasons["international"]]
            ):
                reasons["international"].append(p)
        return reasons

    def validate_relations(self, **relations):
        """Raise ``ValidationError`` if the rules that span related rows do not hold."""
        problems = (
            self.publication_problems(**relations)
            if self.status == self.Status.PUBLISHED
            else self.partnership_problems(relations.get("participations"))
        )
        if problems:
            raise ValidationError(problems)


def partner_heading(role, count):
    """The heading of ``count`` partners in this role (``""``: no role stated) on a case study's page."""
    if role == Participation.Role.KNOWLEDGE:
        return npgettext("heading", "Knowledge partner", "Knowledge partners", count)
    if role == Participation.Role.HOST:
        return npgettext("heading", "Host partner", "Host partners", count)
    if role == Participation.Role.FACILITATING:
        return npgettext("heading", "Facilitating partner", "Facilitating partners", count)
    if role == Participation.Role.RESOURCE:
        return npgettext("heading", "Resource partner", "Resource partners", count)
    return npgettext("heading", "Other partner", "Other partners", count)


def makes_triangular(organisation, role):
    """Whether this partner, in this role, is the partner from the North that the guide's definition of
    triangular cooperation asks for (section 2, following BAPA+40)."""
    return organisation.is_northern and role in Participation.SUPPORTING_ROLES


class FormerSlug(models.Model):
    """A slug a case study had before: its old links answer with a permanent redirect."""

    slug = models.SlugField(max_length=120, unique=True)
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="former_slugs")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class CaseStudyPartQuerySet(models.QuerySet):
    def get_by_natural_key(self, case_study_slug, order):
        return self.get(case_study=CaseStudy.objects.get_by_natural_key(case_study_slug), order=order)


class Participation(models.Model):
    """An organisation's role in a case study, for the whole of it or for some years only."""

    class Role(models.TextChoices):
        KNOWLEDGE = "knowledge", _("Knowledge partner")
        HOST = "host", _("Host partner")
        FACILITATING = "facilitating", _("Facilitating partner")
        RESOURCE = "resource", _("Resource partner")

    SUPPORTING_ROLES = {Role.RESOURCE, Role.FACILITATING}

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(
        max_length=20,
        choices=Role,
        blank=True,
        help_text=_("Leave empty where the source names the partner without saying what it did."),
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    note = models.CharField(max_length=300, blank=True, help_text=_("What this partner did, in a few words."))
    order = models.PositiveSmallIntegerField(default=0)

    objects = CaseStudyPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # Every organisation that takes part is a partner, in the admin as on the site.
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["case_study", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "organisation", "role"], name="casestudies_participation_unique_role"
            ),
            models.UniqueConstraint(fields=["case_study", "order"], name="casestudies_participation_unique_order"),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(start_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="casestudies_participation_end_not_before_start",
            ),
        ]
        indexes = [
            # The admin's search by a partner's name: the case studies of the organisations found,
            # read from the index alone (migration 0016).
            models.Index(fields=["organisation", "case_study"], name="participation_by_organisation"),
        ]

    def __str__(self):
        role = self.get_role_display() or "Partner"
        return f"{self.organisation}: {role}"

    def natural_key(self):
        return (self.case_study.slug, self.order)

    natural_key.dependencies = ["casestudies.casestudy", "casestudies.organisation"]

    def clean(self):
        if errors := years_out_of_order(self.start_year, self.end_year):
            raise ValidationError(errors)


class KeyFigure(models.Model):
    """A figure a reader will quote: '13,663 tribal families', 'US$ 1.5 million'."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="key_figures")
    value = models.CharField(max_length=50, help_text=_("As the source gives it, e.g. '13,663' or 'US$ 1.5 million'."))
    label = models.CharField(max_length=300, help_text=_("What it counts, e.g. 'tribal families'."))
    year = models.PositiveSmallIntegerField(null=True, blank=True, validators=YEAR_VALIDATORS)
    order = models.PositiveSmallIntegerField(default=0)

    objects = CaseStudyPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_study", "order"]
        constraints = [
            models.UniqueConstraint(fields=["case_study", "order"], name="casestudies_keyfigure_unique_order"),
        ]

    def __str__(self):
        return f"{self.value} {self.label}"

    def natural_key(self):
        return (self.case_study.slug, self.order)

    natural_key.dependencies = ["casestudies.casestudy"]


class CaseStudyTranslationQuerySet(models.QuerySet):
    def get_by_natural_key(self, case_study_slug, language):
        return self.get(case_study=CaseStudy.objects.get_by_natural_key(case_study_slug), language=language)

    def matching(self, text, language):
        """The translations into ``language`` that every word of ``text`` finds: on PostgreSQL
        through their search vector, in that language's stemming with accents ignored; on SQLite
        each word somewhere in the title, summary or account, as written."""
        queryset = self.filter(language=language)
        if connection.vendor == "postgresql":
            config = TRANSLATION_SEARCH_CONFIGS[language]
            return queryset.filter(search_vector=SearchQuery(text, search_type="websearch", config=config))
        for word in search_words(text):
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word))
        return queryset


class CaseStudyTranslation(models.Model):
    """A case study's title, summary and account in one language besides English.

    A row of its own rather than a column per language on the case study (as the guide's concepts
    have, django-modeltranslation): the case study's row, its English text, its indexes, its search
    vectors and every query of the catalogue stay as they are, and only a translated case study
    takes room. On PostgreSQL a trigger keeps ``search_vector`` in the language's own stemming,
    accents ignored (migration 0020).
    """

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=5, choices=TRANSLATION_LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=TranslationStatus, default=TranslationStatus.TRANSLATED
    )
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("account"), blank=True, help_text=_("In Markdown, as the English account."))
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CaseStudyTranslationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["case_study", "language"]
        verbose_name = _("translation")
        constraints = [
            models.UniqueConstraint(fields=["case_study", "language"], name="casestudies_translation_one_per_language"),
        ]

    def __str__(self):
        return f"{self.case_study} ({self.get_language_display()})"

    def natural_key(self):
        return (self.case_study.slug, self.language)

    natural_key.dependencies = ["casestudies.casestudy"]


class ShownText:
    """What a page shows of a case study's words in the active language: its translation's title,
    summary and account where it has one, or the English, and what the reader is told of it
    (``shown_language``, ``translation_state``: the interface of ``core.translations``)."""

    FIELDS = ("title", "summary", "body")

    def __init__(self, case_study, translation=None):
        self.language = get_language()
        source = translation if translation is not None and self.language != DEFAULT_LANGUAGE else case_study
        self.translation = translation if source is translation else None
        for field in self.FIELDS:
            setattr(self, field, getattr(source, field) or getattr(case_study, field))

    def shown_language(self, field, language=None):
        if self.translation is not None and getattr(self.translation, field):
            return self.translation.language
        return DEFAULT_LANGUAGE

    def translation_state(self, field, language=None):
        if self.language == DEFAULT_LANGUAGE:
            return None
        if self.shown_language(field) != self.language:
            return "missing"
        return None if self.translation.status == TranslationStatus.REVIEWED else self.translation.status


def with_shown_text(case_studies):
    """``case_studies`` (a page of them), each with ``shown`` (:class:`ShownText`) in the active
    language: its translations read in one query, none in English."""
    case_studies = list(case_studies)
    translations = {}
    if get_language() != DEFAULT_LANGUAGE and case_studies:
        translations = {
            t.case_study_id: t
            for t in CaseStudyTranslation.objects.filter(
                case_study__in=[c.pk for c in case_studies], language=get_language()
            ).only("case_study_id", "language", "status", "title", "summary", "body")
        }
    for case_study in case_studies:
        case_study.shown = ShownText(case_study, translations.get(case_study.pk))
    return case_studies


class Source(models.Model):
    """Where the facts of a case study come from: a section of the guide or an outside reference."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="sources")
    guide_section = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The guide's section and heading, e.g. 'SSTC & Financing Decent Work, 3'."),
    )
    page = models.CharField(max_length=20, blank=True, help_text=_("Page or page range in the guide."))
    reference = models.TextField(blank=True, help_text=_("An outside publication, cited in full."))
    url = models.URLField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = CaseStudyPartQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["case_study", "order"]
        constraints = [
            models.UniqueConstraint(fields=["case_study", "order"], name="casestudies_source_unique_order"),
            models.CheckConstraint(
                condition=~Q(guide_section="") | ~Q(reference=""), name="casestudies_source_names_something"
            ),
        ]

    def __str__(self):
        if self.guide_section:
            if self.page:
                # Translators: a source; %(section)s is the guide's section and heading, %(page)s a page or range.
                return gettext("ILO peer-learning guide, %(section)s, p. %(page)s") % {
                    "section": self.guide_section,
                    "page": self.page,
                }
            return gettext("ILO peer-learning guide, %(section)s") % {"section": self.guide_section}
        return self.reference

    def natural_key(self):
        return (self.case_study.slug, self.order)

    natural_key.dependencies = ["casestudies.casestudy"]


class ExternalIdentifier(models.Model):
    """The same initiative on another platform, so that readers and machines can join the records."""

    class Platform(models.TextChoices):
        IATI = "iati", _("IATI activity identifier")
        OECD_TRIANGULAR = "oecd-triangular", _("OECD triangular co-operation repository")
        UNOSSC_GALAXY = "unossc-galaxy", _("UNOSSC South-South Galaxy")
        OTHER = "other", _("Other")

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="external_identifiers")
    platform = models.CharField(max_length=20, choices=Platform)
    identifier = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["case_study", "platform"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(identifier="") | ~Q(url=""), name="casestudies_externalidentifier_names_something"
            ),
        ]

    def __str__(self):
        return f"{self.get_platform_display()}: {self.identifier or self.url}"


class IndexChange(models.Model):
    """A case study whose place in the catalogue's index (``index.py``) may have changed.

    Written in the transaction of the change itself, just after the catalogue's version was raised
    (``index.record``): that write holds the version's row lock until the commit, so the changes of
    different transactions are numbered in the order they commit, and an app server that has read
    up to one number has missed none before it. No ``case_study_id`` asks for the whole index to be
    built again (a seed, a deleted option). ``at`` tells a change from another that reused its
    number after a rollback (SQLite reuses the numbers of rolled-back rows).
    """

    # Not a foreign key: a deleted case study is a change too.
    case_study_id = models.IntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Change {self.pk}: case study {self.case_study_id or 'all'}"
