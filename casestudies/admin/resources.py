"""Case studies and organisations as spreadsheet rows (CSV and XLSX), for the admin's import and export.

Every column holds what a curator can read and type: slugs, ISO country codes, goal numbers and
years, never database ids. Lists are joined with "; " and read back with or without the spaces.
A row names its case study by its slug: a known slug updates that case study, a new one adds it.

An import is all or nothing. Each row is checked like the admin's form checks it (the model's
``full_clean()``, the triangular rule, the publication rules when the row says "published"), and
one bad row rolls back every row, with a message naming the row, the column and the value. A row
that changes nothing is skipped and writes nothing, so a file exported and imported again leaves
the database and the history as they were.
"""

import logging
import re
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.results import Error

from guide.models import ActorType, FinanceMechanism, Modality, Principle, ProcessStep, SubModality

from ..models import (
    TRANSLATION_LANGUAGES,
    CaseStudy,
    CaseStudyTranslation,
    Country,
    Organisation,
    Participation,
    SdgGoal,
    Theme,
)

SEPARATOR = "; "
_SPLIT = re.compile(r"\s*;\s*")
# Control characters that neither a database column nor an XLSX cell can hold (NUL among them).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


FILE_FAILED = _("The file could not be imported, and nothing was. Check the file, or ask for help.")
logger = logging.getLogger(__name__)


def quoted(value):
    """A cell's value in a message, never all of a long cell: 'abc…' after ``IMPORT_MAX_QUOTED_CHARS``."""
    return repr(Truncator(value).chars(settings.IMPORT_MAX_QUOTED_CHARS))


def shortened(message):
    """A message that may quote a whole cell, cut to a few quoted lengths."""
    return Truncator(message).chars(settings.IMPORT_MAX_QUOTED_CHARS * 4)


class FileProblem(ValueError):
    """What keeps a whole file from being imported, in a sentence for the curator."""


def _text(value):
    """A cell as text: spreadsheets give numbers for cells such as "8" or "2019"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def split_list(value):
    """``"KE; br ;IN"`` → ``["KE", "br", "IN"]``; an empty cell is an empty list."""
    return [item for item in _SPLIT.split(_text(value)) if item]


def _goal_number(item):
    try:
        number = int(item)
    except ValueError:
        raise ValueError(gettext("%(item)s is not a goal number (1 to 17)") % {"item": repr(item)}) from None
    if not 1 <= number <= 17:
        # Checked here: a number beyond the database's integers would overflow the query.
        raise ValueError(gettext("no SDG %(number)s") % {"number": number})
    return number


class KeyWidget(widgets.ForeignKeyWidget):
    """One related row named by its key (a slug, an ISO code); an unknown key is an error that names it."""

    def __init__(self, model, field="slug", *, missing, normalise=str, **kwargs):
        self.missing = missing
        self.normalise = normalise
        super().__init__(model, field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        key = _text(value)
        if not key:
            return None
        key = self.normalise(key)
        try:
            return self.model.objects.get(**{self.field: key})
        except self.model.DoesNotExist:
            found = by_label(self.model, self.field, key)
            if found is None:
                raise ValueError(self.missing % {"key": repr(key)}) from None
            return found


def by_label(model, field, text):
    """The row that ``text`` names as a curator sees it in the admin and on the site, or ``None``:
    its slug in any case ("South-South" for ``south-south``) or its name ("South-South
    cooperation"), where the column is otherwise keyed by slug."""
    if field != "slug":
        return None
    rows = model.objects.filter(slug=slugify(text))
    if not rows:
        rows = model.objects.filter(name__iexact=text.strip())
    rows = list(rows[:2])
    return rows[0] if len(rows) == 1 else None


class KeyListWidget(widgets.ManyToManyWidget):
    """Several related rows named by their keys, joined with "; ". Every key must exist."""

    def __init__(self, model, field="slug", *, missing, normalise=str):
        self.missing = missing
        self.normalise = normalise
        super().__init__(model, separator=SEPARATOR, field=field)

    def clean(self, value, row=None, **kwargs):
        keys = list(dict.fromkeys(self.normalise(item) for item in split_list(value)))
        if not keys:
            return []
        found = {getattr(obj, self.field): obj for obj in self.model.objects.filter(**{f"{self.field}__in": keys})}
        for key in [key for key in keys if key not in found]:
            if (row := by_label(self.model, self.field, key)) is not None:
                found[key] = row
        if unknown := [key for key in keys if key not in found]:
            raise ValueError("; ".join(self.missing % {"key": repr(key)} for key in unknown))
        return [found[key] for key in keys]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return SEPARATOR.join(str(getattr(related, self.field)) for related in value.all())


def _same_lines(value):
    """Text with one kind of line end: the admin's upload reads files in text mode, which turns
    the "\r\n" that browsers send from text areas into "\n"."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return _same_lines(_text(value) if isinstance(value, int | float) else super().clean(value, row, **kwargs))


class ChoiceWidget(widgets.CharWidget):
    """A choice typed as its value or its label, in any case: "published", "Published"."""

    def __init__(self, choices, *, noun):
        self.choices = choices
        self.noun = noun
        super().__init__(allow_blank=True)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return ""
        for choice_value, label in self.choices:
            if text.lower() in {choice_value.lower(), str(label).lower()}:
                return choice_value
        allowed = ", ".join(choice_value for choice_value, _label in self.choices)
        # Translators: %(text)s is what the cell holds, quoted; %(noun)s e.g. "a status";
        # %(allowed)s lists the values to write.
        raise ValueError(
            gettext("%(text)s is not %(noun)s: write one of %(allowed)s")
            % {"text": repr(text), "noun": self.noun, "allowed": allowed}
        )


class StatusWidget(ChoiceWidget):
    """An empty status keeps the case study's status (a new one is a draft)."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or None


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(gettext("%(text)s is not a year") % {"text": repr(text)})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DayWidget(widgets.DateWidget):
    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):  # a date cell of a spreadsheet
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if not text:
            return None
        try:
            return datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            raise ValueError(gettext("%(text)s is not a date: write it as 2024-05-31") % {"text": repr(text)}) from None


class PartnersWidget(widgets.Widget):
    """Partners as "organisation-slug (role); organisation-slug": the role is optional."""

    ITEM = re.compile(r"(?P<slug>[^()]+?)\s*(?:\((?P<role>[^()]*)\))?")

    def clean(self, value, row=None, **kwargs):
        pairs = []
        for item in split_list(value):
            match = self.ITEM.fullmatch(item)
            if match is None:
                raise ValueError(
                    gettext("%(item)s is not a partner: write organisation-slug (role)") % {"item": repr(item)}
                )
            slug, role = match["slug"].strip(), self.role(match["role"] or "")
            try:
                organisation = Organisation.objects.select_related("country").get(slug=slug)
            except Organisation.DoesNotExist:
                organisation = by_label(Organisation, "slug", slug)
                if organisation is None:
                    raise ValueError(
                        gettext(
                            "no organisation with slug %(slug)s: the organisations' list in the admin shows each slug"
                        )
                        % {"slug": repr(slug)}
                    ) from None
            if (organisation, role) in pairs:
                raise ValueError(gettext("%(item)s is listed twice") % {"item": repr(item)})
            pairs.append((organisation, role))
        return pairs

    @staticmethod
    def role(text):
        text = text.strip().lower()
        if not text:
            return ""
        for value, label in Participation.Role.choices:
            if text in {value, label.lower()}:
                return value
        allowed = ", ".join(Participation.Role.values)
        raise ValueError(
            gettext("%(text)s is not a partner's role: write one of %(allowed)s")
            % {"text": repr(text), "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        if value is None or value.instance.pk is None:
            return ""
        return SEPARATOR.join(
            f"{p.organisation.slug} ({p.role})" if p.role else p.organisation.slug for p in value.all()
        )


class PartnersField(fields.Field):
    """Written after the case study itself, like its many-to-many fields (``save_partners``)."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        pass


def save_partners(case_study, pairs):
    """Make the case study's partners these ``(organisation, role)`` pairs, in this order.

    A partner that stays keeps its years and note; one left out is removed.
    """
    current = list(case_study.participations.all())
    wanted = [(organisation.pk, role) for organisation, role in pairs]
    if [(p.organisation_id, p.role) for p in current] == wanted:
        return
    by_key = {(p.organisation_id, p.role): p for p in current}
    Participation.objects.filter(pk__in=[p.pk for key, p in by_key.items() if key not in wanted]).delete()
    # Orders are unique per case study: a partner that moves first steps past every old order.
    offset = max((p.order for p in current), default=0) + len(pairs) + 1
    moved = set()
    for position, key in enumerate(wanted, start=1):
        participation = by_key.get(key)
        if participation is not None and participation.order != position:
            participation.order = offset + position
            participation.save(update_fields=["order"])
            moved.add(key)
    for position, (organisation, role) in enumerate(pairs, start=1):
        participation = by_key.get((organisation.pk, role))
        if participation is None:
            Participation.objects.create(case_study=case_study, organisation=organisation, role=role, order=position)
        elif (organisation.pk, role) in moved:
            participation.order = position
            participation.save(update_fields=["order"])


class TranslationColumn(fields.Field):
    """A case study's title, summary or account in one language besides English (``title_fr``,
    ``summary_es``, ...): read from its translation, and written to it after the case study itself
    (``CaseStudyResource.save_m2m``). An empty cell leaves the saved text as it is: a translation
    is removed on the case study's form, never by a cell left empty in a file."""

    def __init__(self, language, part):
        name = f"{part}_{language}"
        super().__init__(attribute=name, column_name=name, widget=TextWidget())
        self.language, self.part = language, part

    def saved(self, case_study):
        translation = next((t for t in case_study.translations.all() if t.language == self.language), None)
        return getattr(translation, self.part, "") if translation else ""

    def get_value(self, instance):
        """The text the file gives (kept on the case study by :meth:`save`), else the saved one."""
        given = getattr(instance, "translation_cells", {}).get((self.language, self.part))
        if given or instance.pk is None:
            return given or ""
        return self.saved(instance)

    def save(self, instance, row, is_m2m=False, **kwargs):
        if not hasattr(instance, "translation_cells"):
            instance.translation_cells = {}
        instance.translation_cells[(self.language, self.part)] = self.clean(row, **kwargs) or ""


TRANSLATION_PARTS = ["title", "summary", "body"]


# title_fr, summary_fr, body_fr, title_es, ...
TRANSLATION_COLUMNS = [f"{part}_{language}" for language, _name in TRANSLATION_LANGUAGES for part in TRANSLATION_PARTS]


def save_translations(case_study):
    """Write the translations a file gave for ``case_study`` (see :class:`TranslationColumn`)."""
    cells = getattr(case_study, "translation_cells", {})
    for language, _name in TRANSLATION_LANGUAGES:
        given = {part: cells.get((language, part), "") for part in TRANSLATION_PARTS}
        given = {part: text for part, text in given.items() if text}
        if not given:
            continue
        translation = CaseStudyTranslation.objects.filter(case_study=case_study, language=language).first()
        if translation is None:
            CaseStudyTranslation.objects.create(case_study=case_study, language=language, **given)
        elif any(getattr(translation, part) != text for part, text in given.items()):
            for part, text in given.items():
                setattr(translation, part, text)
            translation.save()


class SpreadsheetResource(resources.ModelResource):
    """What both resources share: row-numbered messages, and all-or-nothing imports."""

    def import_data(self, dataset, *args, rollback_on_validation_errors=True, **kwargs):
        """All or nothing, and nothing at all from a file whose columns or size are wrong."""
        if problems := self.dataset_problems(dataset):
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(Error(FileProblem(problem)))
            return result
        # The admin's confirm step would otherwise keep the good rows of a file with a bad one.
        result = super().import_data(dataset, *args, rollback_on_validation_errors=True, **kwargs)
        # An unexpected failure is logged with its traceback; the curator reads a sentence.
        for number, error in enumerate(result.base_errors):
            if not isinstance(error.error, FileProblem):
                logger.error("An import failed", exc_info=error.error)
                result.base_errors[number] = Error(FileProblem(FILE_FAILED))
        return result

    def dataset_problems(self, dataset):
        """What keeps the whole file from being imported, before any row is read: a list of sentences."""
        problems = []
        headers = [_text(header) for header in dataset.headers or []]
        columns = [field.column_name for field in self.get_import_fields()]
        missing = [column for column in self._meta.import_id_fields if column not in headers]
        unknown = [header for header in headers if header not in columns]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(
                    gettext("it has no column %(column)s, which matches each row to an entry")
                    % {"column": " or ".join(missing)}
                    if len(missing) == 1
                    else gettext("it lacks the columns %(columns)s") % {"columns": ", ".join(missing)}
                )
            if unknown:
                named = ", ".join(
                    gettext("“%(header)s” (write %(column)s)") % {"header": header, "column": header.lower()}
                    if header.lower() in columns
                    else f"“{header or gettext('(empty)')}”"
                    for header in unknown
                )
                parts.append(gettext("it has columns this import does not know: %(columns)s") % {"columns": named})
            # Translators: %(problems)s is one or two clauses, e.g. "it lacks the columns slug, title".
            message = gettext(
                "The file's first row names the columns, and %(problems)s. "
                "Columns are written in lower case, as an export writes them: %(columns)s."
            )
            problems.append(message % {"problems": "; ".join(parts), "columns": ", ".join(columns)})
        # More rows than a curator can check in one preview; a bigger file is split. Reading
        # stopped at one row past the limit (spreadsheets.bounded_dataset).
        if len(dataset) > settings.IMPORT_MAX_ROWS:
            problems.append(too_many_rows())
        problems.extend(self.long_cells(dataset, headers))
        return problems

    @staticmethod
    def long_cells(dataset, headers):
        """Cells longer than any field holds, named by row and column (at most five)."""
        found = []
        for number, row in enumerate(dataset, start=2):
            for header, cell in zip(headers, row, strict=False):
                if len(str(cell)) > settings.IMPORT_MAX_CELL_CHARS:
                    found.append(
                        gettext(
                            "Row %(row)s, column %(column)s: the cell holds %(length)s characters; "
                            "a cell holds at most %(limit)s."
                        )
                        % {
                            "row": number,
                            "column": header or gettext("(empty)"),
                            "length": f"{len(str(cell)):,}",
                            "limit": f"{settings.IMPORT_MAX_CELL_CHARS:,}",
                        }
                    )
                    if len(found) == 5:
                        return found
        return found

    def before_import(self, dataset, **kwargs):
        self.rows_of_keys = {}

    def before_import_row(self, row, row_number=None, **kwargs):
        # The spreadsheet's own numbering: the header is row 1, the first case study row 2.
        self.sheet_row = (row_number or 0) + 1
        self.related = {}

    def describe(self, column, message, row=None):
        """``Row 4, column countries: no country with code 'XX'``, adding the cell's value when
        the message does not name it."""
        if column not in self.fields:
            return gettext("Row %(row)s: %(message)s") % {"row": self.sheet_row, "message": message}
        value = _text(row.get(column)) if row is not None else ""
        place = {"row": self.sheet_row, "column": column, "message": shortened(message)}
        if value and repr(value) not in message:
            # Translators: %(message)s says what is wrong with the cell; %(value)s is what it holds, quoted.
            return gettext("Row %(row)s, column %(column)s: %(message)s (the cell holds %(value)s)") % {
                **place,
                "value": quoted(value),
            }
        return gettext("Row %(row)s, column %(column)s: %(message)s") % place

    def is_related(self, field):
        return isinstance(field.widget, widgets.ManyToManyWidget | PartnersWidget)

    def import_instance(self, instance, row, **kwargs):
        """Read every cell, keeping each error under its column; related rows wait for ``save_m2m``."""
        errors = {}
        self.check_key(row, errors)
        for field in self.get_import_fields():
            if field.readonly or field.column_name not in row:
                continue
            value = row[field.column_name]
            if isinstance(value, str) and (found := CONTROL_CHARACTERS.search(value)):
                message = gettext(
                    "holds an invisible control character (code %(code)s) that cannot be "
                    "stored: delete it from the cell"
                ) % {"code": f"{ord(found.group()):#04x}"}
                errors.setdefault(field.column_name, ValidationError(self.describe(field.column_name, message)))
                continue
            try:
                if self.is_related(field):
                    self.related[field.attribute] = field.clean(row, **kwargs)
                else:
                    field.save(instance, row, **kwargs)
            except ValueError as error:
                errors[field.column_name] = ValidationError(self.describe(field.column_name, str(error)))
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def check_key(self, row, errors):
        """Each entry once per file: a second row with the same slug would overwrite the first."""
        [column] = self._meta.import_id_fields
        key = _text(row.get(column))
        if not key:
            return
        # "dupcase" and "DUPCASE" are one address to a reader: compared without case.
        if key.casefold() in self.rows_of_keys:
            errors[column] = ValidationError(
                self.describe(
                    column,
                    gettext("%(key)s is also on row %(row)s")
                    % {"key": repr(key), "row": self.rows_of_keys[key.casefold()]},
                    row,
                )
            )
        else:
            self.rows_of_keys[key.casefold()] = self.sheet_row

    def check_row(self, instance, row, errors):
        """Rules beyond a single cell; add messages to ``errors``."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            # The model's constraints repeat rules that clean() and the publication rules state
            # in a curator's words; those messages are the ones shown.
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique, validate_constraints=False)
        except ValidationError as error:
            # Keyed by model field, which is the column's name in both resources.
            for column, messages in error.message_dict.items():
                errors[column] = ValidationError(
                    [self.describe(column, message, self.current_row) for message in messages]
                )
        if not errors:
            self.check_relations(instance, errors)
        if errors:
            raise ValidationError(errors)

    def check_relations(self, instance, errors):
        """Rules that span related rows, checked once the row itself is valid."""

    def import_row(self, row, instance_loader, **kwargs):
        self.current_row = row
        return super().import_row(row, instance_loader, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """A known row whose every cell matches what is saved writes nothing, not even history."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        for field in self.get_import_fields():
            if field.readonly or field.column_name not in row:
                continue
            if field.attribute in self.related:
                if self.related_keys(field, self.related[field.attribute]) != self.saved_keys(field, original):
                    return False
            elif _same_lines(field.get_value(instance)) != _same_lines(field.get_value(original)):
                return False
        return True

    def related_keys(self, field, cleaned):
        return sorted(obj.pk for obj in cleaned)

    def saved_keys(self, field, instance):
        return sorted(obj.pk for obj in field.get_value(instance).all())

    def save_m2m(self, instance, row, **kwargs):
        for attribute, cleaned in self.related.items():
            getattr(instance, attribute).set(cleaned)


def too_many_rows():
    """The refusal of a file with more rows of entries than one preview can show."""
    limit = settings.IMPORT_MAX_ROWS
    return gettext(
        "The file has more than %(limit)s rows of entries; an import takes at most %(limit)s, so that "
        "its preview can be checked. Split the file into files of %(limit)s rows or fewer, each with "
        "the header row, and import them one after the other."
    ) % {"limit": limit}


def column(name, widget, **options):
    """A spreadsheet column named as the model field it fills."""
    return fields.Field(attribute=name, column_name=name, widget=widget, **options)


class CaseStudyResource(SpreadsheetResource):
    slug = column("slug", TextWidget())
    title = column("title", TextWidget())
    summary = column("summary", TextWidget())
    body = column("body", TextWidget())
    modality = column(
        "modality",
        KeyWidget(Modality, missing=_("no modality %(key)s: write south-south or triangular")),
    )
    submodalities = column(
        "submodalities",
        KeyListWidget(SubModality, missing=_("no sub-modality %(key)s")),
    )
    countries = column(
        "countries",
        KeyListWidget(Country, "iso2", missing=_("no country with code %(key)s"), normalise=str.upper),
    )
    themes = column("themes", KeyListWidget(Theme, missing=_("no theme %(key)s")))
    mechanisms = column(
        "mechanisms",
        KeyListWidget(FinanceMechanism, missing=_("no finance mechanism %(key)s")),
    )
    principles = column(
        "principles",
        KeyListWidget(Principle, missing=_("no principle %(key)s")),
    )
    process_steps = column(
        "process_steps",
        KeyListWidget(ProcessStep, missing=_("no process step %(key)s")),
    )
    sdgs = column(
        "sdgs",
        KeyListWidget(SdgGoal, "number", missing=_("no SDG %(key)s"), normalise=_goal_number),
    )
    partners = PartnersField(attribute="participations", column_name="partners", widget=PartnersWidget())
    start_year = column("start_year", YearWidget())
    end_year = column("end_year", YearWidget())
    evidence = column(
        "evidence",
        ChoiceWidget(CaseStudy.Evidence.choices, noun=_("a kind of evidence")),
    )
    last_checked = column("last_checked", DayWidget())
    status = column(
        "status",
        StatusWidget(CaseStudy.Status.choices, noun=_("a status")),
        saves_null_values=False,
    )
    # The case study in each language besides English (settings.LANGUAGES).
    title_fr, summary_fr, body_fr = (TranslationColumn("fr", part) for part in TRANSLATION_PARTS)
    title_es, summary_es, body_es = (TranslationColumn("es", part) for part in TRANSLATION_PARTS)
    title_pt, summary_pt, body_pt = (TranslationColumn("pt", part) for part in TRANSLATION_PARTS)

    class Meta:
        model = CaseStudy
        name = _("Case studies")
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "modality",
            "submodalities",
            "countries",
            "themes",
            "mechanisms",
            "principles",
            "process_steps",
            "sdgs",
            "partners",
            "start_year",
            "end_year",
            "evidence",
            "last_checked",
            "status",
            *TRANSLATION_COLUMNS,
        ]
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def filter_export(self, queryset, **kwargs):
        return queryset.for_spreadsheet()

    def after_init_instance(self, instance, new, row, **kwargs):
        self.saved_status = None if new else instance.status

    def check_row(self, instance, row, errors):
        """An import adds drafts or published case studies, and publishes drafts; the other steps
        of the workflow (withdrawing with a reason, taking a case study back) happen in the admin.
        A translation the file gives has a title, in the file or saved."""
        self.check_translations(instance, row, errors)
        draft, published = CaseStudy.Status.DRAFT, CaseStudy.Status.PUBLISHED
        if "status" in errors or instance.status == self.saved_status:
            return
        if instance.status in {draft, published} and self.saved_status in {None, draft}:
            return
        if self.saved_status is None:
            message = gettext("a new case study is a draft or published, not %(status)s") % {"status": instance.status}
        else:
            # Translators: %(saved)s and %(status)s are statuses as the file writes them: draft, published, withdrawn.
            message = gettext(
                "a %(saved)s case study cannot become %(status)s by import: use the admin, which records why"
            ) % {"saved": self.saved_status, "status": instance.status}
        errors["status"] = ValidationError(self.describe("status", message, row))

    def check_translations(self, instance, row, errors):
        cells = getattr(instance, "translation_cells", {})
        for language, _name in TRANSLATION_LANGUAGES:
            title = self.fields[f"title_{language}"]
            if any(cells.get((language, part)) for part in TRANSLATION_PARTS) and not title.get_value(instance):
                message = gettext("a translation needs its title: write it in %(column)s") % {
                    "column": title.column_name
                }
                errors[title.column_name] = ValidationError(self.describe(title.column_name, message, row))

    def check_relations(self, instance, errors):
        """The triangular rule, and the publication rules for a row that says "published", on the
        related rows the file gives (or, for a column it leaves out, those already saved)."""
        relations = {}
        if "countries" in self.related:
            relations["countries"] = bool(self.related["countries"])
        if "participations" in self.related:
            relations["participations"] = self.related["participations"]
        partnership = instance.partnership_problems(relations.get("participations"))
        publication = []
        if instance.status == CaseStudy.Status.PUBLISHED:
            publication = [p for p in instance.publication_problems(**relations) if p not in partnership]
        if partnership:
            errors["partners"] = ValidationError([self.describe("partners", p) for p in partnership])
        if publication:
            errors["status"] = ValidationError([self.describe("status", p) for p in publication])

    def related_keys(self, field, cleaned):
        if isinstance(field.widget, PartnersWidget):
            return [(organisation.pk, role) for organisation, role in cleaned]
        return super().related_keys(field, cleaned)

    def saved_keys(self, field, instance):
        if isinstance(field.widget, PartnersWidget):
            return [(p.organisation_id, p.role) for p in instance.participations.all()]
        return super().saved_keys(field, instance)

    def save_m2m(self, instance, row, **kwargs):
        partners = self.related.pop("participations", None)
        with transaction.atomic():
            super().save_m2m(instance, row, **kwargs)
            if partners is not None:
                save_partners(instance, partners)
            save_translations(instance)
            # Partners and countries feed the search vector, which a trigger rebuilds on write.
            CaseStudy.objects.filter(pk=instance.pk).refresh_search()


class OrganisationResource(SpreadsheetResource):
    slug = column("slug", TextWidget())
    name = column("name", TextWidget())
    acronym = column("acronym", TextWidget())
    actor_type = column(
        "actor_type",
        KeyWidget(ActorType, missing=_("no actor type %(key)s")),
    )
    country = column(
        "country",
        KeyWidget(Country, "iso2", missing=_("no country with code %(key)s"), normalise=str.upper),
    )
    url = column("url", TextWidget())
    description = column("description", TextWidget())

    class Meta:
        model = Organisation
        name = _("Organisations")
        fields = ["slug", "name", "acronym", "actor_type", "country", "url", "description"]
        import_id_fields = ["slug"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("actor_type", "country")
