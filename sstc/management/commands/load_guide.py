"""Load the whole guide, concepts and case studies, so that a new installation has a living site at once.

It belongs to the project (``sstc``) rather than to an app, because it loads every app's content,
in the order in which the fixtures refer to each other.

``make run`` calls this every time. By default it only adds what is missing: an entry a
curator has edited (or a partner row a curator has removed) stays as the curator left it.
``--update`` loads the fixtures over the database instead, for a developer who has
corrected the fixtures themselves.
"""

import gettext
import json
from pathlib import Path

import pycountry
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from casestudies.models import CaseStudy, Country
from core.history import is_recorded, record_history
from core.models import CatalogueVersion
from core.translations import OTHER_LANGUAGES, TranslationStatus, status_field_name

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"

# The order in which the files refer to each other.
FIXTURES = [
    "guide.json",
    "geography.json",
    "sdgs.json",
    "groupings.json",
    "themes.json",
    "organisations.json",
    "case_studies_initiatives.json",
    "case_studies_ssf.json",
]

# The guide's texts in each language besides English (fixtures/translations/<language>.json): each
# entry names a row by its natural key and gives the translated fields' text.
TRANSLATIONS_DIR = FIXTURES_DIR / "translations"

# Rows that belong to a parent: added only together with a parent that is new, so that a row a
# curator removed from an existing entry does not come back.
PARENT_FIELDS = {
    "guide.guidance": "step",
    "casestudies.participation": "case_study",
    "casestudies.keyfigure": "case_study",
    "casestudies.source": "case_study",
}


class Command(BaseCommand):
    help = "Load the guide's content from fixtures/: add what is missing, or with --update overwrite it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite existing entries with the fixtures' content (loses curators' edits to them).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be added, change nothing.")

    def handle(self, *args, update=False, dry_run=False, **options):
        paths = [str(FIXTURES_DIR / name) for name in FIXTURES]
        if update:
            if dry_run:
                self.stdout.write(f"Would load over the database: {', '.join(FIXTURES)}")
                return
            with transaction.atomic():
                call_command("loaddata", *paths, verbosity=options["verbosity"])
                translated = add_translations(update=True)
                # Not the synthetic catalogue (seed_synthetic), which is not the guide's: at
                # 100,000 case studies its search vectors would take minutes.
                CaseStudy.objects.exclude(pk__in=CaseStudy.objects.synthetic()).refresh_search()
            self.stdout.write(f"Wrote {translated} translated texts.")
            return

        with transaction.atomic():
            created, kept = self.add_missing(paths)
            # Only the new case studies, whose partners and countries were loaded after them: an
            # entry that was there already kept its partners, its countries and its vector.
            new = [instance.pk for instance in created if isinstance(instance, CaseStudy)]
            CaseStudy.objects.filter(pk__in=new).refresh_search()
            translated = add_translations(update=False)
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would add" if dry_run else "Added"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(created)} entries; {kept} were there already and were kept; "
                f"{translated} translated texts were missing and {'would be' if dry_run else 'were'} added."
            )
        )

    def add_missing(self, paths):
        """Save the fixtures' entries that are not in the database; return (the new rows, how many were kept)."""
        new = set()  # (model label, pk) of the rows this run adds
        created = []
        kept = 0
        for path in paths:
            with open(path, encoding="utf-8") as fixture:
                for item in serializers.deserialize("json", fixture):
                    instance = item.object
                    label = instance._meta.label_lower
                    parent_field = PARENT_FIELDS.get(label)
                    if instance.pk is not None:
                        kept += 1
                        continue
                    if parent_field:
                        parent = instance._meta.get_field(parent_field)
                        parent_key = (parent.related_model._meta.label_lower, getattr(instance, parent.attname))
                        if parent_key not in new:
                            kept += 1
                            continue
                    # No record per relation as the fixture sets them: one record of the whole entry,
                    # below, once everything it links to is loaded.
                    instance.skip_history_when_saving = True
                    item.save()
                    del instance.skip_history_when_saving
                    new.add((label, instance.pk))
                    created.append(instance)
        for instance in created:
            if is_recorded(type(instance)):
                instance._change_reason = "Loaded from the guide's fixtures"
                record_history(instance, "+")
        return created, kept


def add_translations(update):
    """Fill each entry's texts in French, Spanish and Portuguese from fixtures/translations/ and,
    for country names, from pycountry's ISO 3166 catalogues; return how many texts were written.

    A text a curator has written is kept unless ``update``. A translation loaded here is marked
    as translated, not yet reviewed by the ILO, unless a curator has given it a status already.
    """
    written = 0
    for language in OTHER_LANGUAGES:
        path = TRANSLATIONS_DIR / f"{language}.json"
        entries = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        for entry in entries:
            model = apps.get_model(entry["model"])
            instance = model._default_manager.get_by_natural_key(*entry["key"])
            written += translate(instance, language, entry["fields"], update)
        written += translate_country_names(language, update)
    if written:
        # The writes in one statement send no signal: the pages learn of them once, here.
        CatalogueVersion.objects.bump()
    return written


def translate(instance, language, texts, update):
    changed = {}
    for field, text in texts.items():
        column = f"{field}_{language}"
        current = getattr(instance, column)
        if current != text and (update or not current):
            changed[column] = text
    status = status_field_name(language)
    if changed and hasattr(instance, status) and (update or not getattr(instance, status)):
        changed[status] = TranslationStatus.TRANSLATED
    if changed and update:
        # loaddata has just written the row from the English fixture, its translations empty: they
        # are put back as they were in one statement, as loaddata writes, without a history record.
        type(instance)._base_manager.filter(pk=instance.pk).update(**changed)
    elif changed:
        # A translation new to this database: one save, whose history record says where it came from.
        for column, value in changed.items():
            setattr(instance, column, value)
        instance._change_reason = "Translation loaded from the guide's fixtures"
        instance.save(update_fields=list(changed))
    return len(changed) - (status in changed)


def translate_country_names(language, update):
    """Country names in ``language`` from pycountry, the maintained source of ISO 3166's names.

    Written in one statement, without a record in each country's history: these names are the
    standard's, not a curator's, and a country's search vectors hold only its English name.
    """
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
    column = f"name_{language}"
    changed = []
    for country in Country.objects.all() if update else Country.objects.filter(**{f"{column}__isnull": True}):
        known = pycountry.countries.get(alpha_2=country.iso2)
        if known is None:
            continue
        english = getattr(known, "common_name", None) or known.name
        name = catalogue.gettext(english)
        if name == english:
            name = catalogue.gettext(known.name)
        if getattr(country, column) != name:
            setattr(country, column, name)
            changed.append(country)
    if changed:
        Country.objects.bulk_update(changed, [column])
    return len(changed)
