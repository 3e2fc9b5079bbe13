"""The concepts of the ILO peer-learning guide on SSTC for Financing Decent Work.

Every entry carries the guide section it comes from (``section``), so that a
reader, a curator and a test can trace each fact back to the source.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import NaturalKeyManager
from core.translations import TranslatedContent


class GuideConcept(TranslatedContent):
    """What every concept of the guide has: a name, a permanent slug, words and a source."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(
        blank=True,
        help_text=_("One or two plain sentences shown in lists and link previews."),
    )
    description = models.TextField(
        blank=True,
        help_text=_("The longer explanation, in Markdown. Write in your own words; cite the guide by section."),
    )
    section = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Where the guide explains this, e.g. 'SSTC: an introduction, 2. Modalities and sub-modalities'."),
    )
    order = models.PositiveSmallIntegerField(default=0, help_text=_("Position in lists; the guide's order."))

    objects = NaturalKeyManager()
    # Every concrete concept has its own history table (HistoricalPrinciple, ...), registered in
    # translation.py after its translated fields so that it records every language.

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Principle(GuideConcept):
    """One of the seven principles that South-South and triangular cooperation follows."""

    class Meta(GuideConcept.Meta):
        pass

    def get_absolute_url(self):
        return reverse("guide:principle", args=[self.slug])


class Modality(GuideConcept):
    """South-South or triangular cooperation, as BAPA+40 defines them."""

    class Meta(GuideConcept.Meta):
        verbose_name_plural = _("modalities")

    def get_absolute_url(self):
        return reverse("guide:modality", args=[self.slug])


class SubModality(GuideConcept):
    """A form of cooperation (city-to-city, SIDS-to-SIDS, ...) that belongs to neither modality alone."""

    short_name = models.CharField(max_length=20, blank=True, help_text=_("The guide's abbreviation, e.g. C2C."))

    class Meta(GuideConcept.Meta):
        # The guide's "sub-modality": one name for it across the site and the admin.
        verbose_name = _("form of cooperation")
        verbose_name_plural = _("forms of cooperation")

    def get_absolute_url(self):
        return reverse("guide:submodality", args=[self.slug])


class ActorType(GuideConcept):
    """A kind of actor that takes part in SSTC: governments, unions, cooperatives, ..."""

    is_tripartite_constituent = models.BooleanField(
        default=False,
        help_text=_("Governments, workers' and employers' organisations: the ILO's tripartite constituents."),
    )

    class Meta(GuideConcept.Meta):
        # The guide's "actor": one name for it across the site and the admin.
        verbose_name = _("kind of partner")
        verbose_name_plural = _("kinds of partner")

    def get_absolute_url(self):
        return reverse("guide:actor", args=[self.slug])


class ProcessStep(GuideConcept):
    """One of the six steps of an SSTC initiative, in order, with its do's and don'ts."""

    class Meta(GuideConcept.Meta):
        constraints = [
            models.UniqueConstraint(fields=["order"], name="guide_processstep_unique_order"),
        ]

    def get_absolute_url(self):
        return reverse("guide:process-step", args=[self.slug])


class GuidanceQuerySet(models.QuerySet):
    def get_by_natural_key(self, step_slug, kind, order):
        return self.get(step__slug=step_slug, kind=kind, order=order)


class Guidance(TranslatedContent):
    """A do or a don't for one process step, from the guide's table of do's and don'ts."""

    class Kind(models.TextChoices):
        DO = "do", _("Do")
        DONT = "dont", _("Don't")

    step = models.ForeignKey(ProcessStep, on_delete=models.CASCADE, related_name="guidance")
    kind = models.CharField(max_length=4, choices=Kind)
    text = models.TextField(help_text=_("The advice, in your own words."))
    order = models.PositiveSmallIntegerField(default=0)

    objects = GuidanceQuerySet.as_manager()

    class Meta:
        ordering = ["step__order", "kind", "order"]
        verbose_name_plural = _("guidance")
        constraints = [
            models.UniqueConstraint(fields=["step", "kind", "order"], name="guide_guidance_unique_position"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def natural_key(self):
        return (self.step.slug, self.kind, self.order)

    natural_key.dependencies = ["guide.processstep"]


class FinanceMechanism(GuideConcept):
    """A way of financing decent work that the guide names: credit unions, ROSCAs, social impact bonds, ..."""

    is_social_solidarity_finance = models.BooleanField(
        default=False,
        help_text=_("Part of social and solidarity finance (SSF) as the guide describes it."),
    )

    class Meta(GuideConcept.Meta):
        pass

    def get_absolute_url(self):
        return reverse("guide:mechanism", args=[self.slug])


class Framework(GuideConcept):
    """An international framework for SSTC: BAPA+40, the Addis Ababa Action Agenda, ..."""

    short_name = models.CharField(max_length=30, blank=True, help_text=_("e.g. BAPA+40, AAAA."))
    year = models.PositiveSmallIntegerField(null=True, blank=True, help_text=_("The year it was adopted."))
    key_provision = models.CharField(
        max_length=100, blank=True, help_text=_("The provision on SSTC the guide points to, e.g. 'Paragraph 57'.")
    )
    key_provision_summary = models.TextField(blank=True, help_text=_("What that provision says, in your own words."))

    class Meta(GuideConcept.Meta):
        ordering = ["year", "name"]

    def get_absolute_url(self):
        return reverse("guide:framework", args=[self.slug])


class Language(models.Model):
    """A language a resource is available in, by its ISO 639-1 code."""

    code = models.CharField(max_length=3, unique=True, help_text=_("ISO 639-1 code, e.g. 'en'."))
    name = models.CharField(max_length=50)

    objects = NaturalKeyManager("code")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Resource(GuideConcept):
    """A publication for further reading, from the guide's additional resources."""

    year = models.PositiveSmallIntegerField(null=True, blank=True)
    author = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="resources")

    class Meta(GuideConcept.Meta):
        ordering = ["year", "name"]

    def get_absolute_url(self):
        return reverse("guide:resources") + f"#{self.slug}"


class IloRole(GuideConcept):
    """Something the ILO does in SSTC: knowledge broker, facilitator, ..."""

    class Meta(GuideConcept.Meta):
        verbose_name = _("ILO role")

    def get_absolute_url(self):
        return reverse("guide:ilo-role", args=[self.slug])


class GlossaryTerm(TranslatedContent):
    """An acronym or term the guide uses (SSTC, DWCP, T-SIB, ...), explained once and linked from the other pages."""

    term = models.CharField(max_length=40, help_text=_("As the guide writes it, e.g. 'BAPA+40'."))
    slug = models.SlugField(
        max_length=60, unique=True, help_text=_("The anchor on the glossary page: /guide/glossary/#slug.")
    )
    expansion = models.CharField(max_length=200, blank=True, help_text=_("What the acronym stands for."))
    definition = models.TextField(blank=True, help_text=_("One or two sentences in your own words."))
    section = models.CharField(max_length=200, blank=True, help_text=_("Where the guide uses or explains it."))

    objects = NaturalKeyManager()

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("guide:glossary") + f"#{self.slug}"

    def natural_key(self):
        return (self.slug,)
