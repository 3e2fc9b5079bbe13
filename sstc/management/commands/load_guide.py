"""Load the whole guide, concepts and case studies, so that a new installation has a living site at once.

It belongs to the project (``sstc``) rather than to an app, because it loads every app's content,
in the order in which the fixtures refer to each other.

``make run`` calls this every time. By default it only adds what is missing: an entry a
curator has edited (or a partner row a curator has removed) stays as the curator left it.
``--update`` loads the fixtures over the database instead, for a developer who has
corrected the fixtures themselves.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from casestudies.models import CaseStudy
from core.history import is_recorded, record_history

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
                # Not the synthetic catalogue (seed_synthetic), which is not the guide's: at
                # 100,000 case studies its search vectors would take minutes.
                CaseStudy.objects.exclude(pk__in=CaseStudy.objects.synthetic()).refresh_search()
            return

        with transaction.atomic():
            created, kept = self.add_missing(paths)
            # Only the new case studies, whose partners and countries were loaded after them: an
            # entry that was there already kept its partners, its countries and its vector.
            new = [instance.pk for instance in created if isinstance(instance, CaseStudy)]
            CaseStudy.objects.filter(pk__in=new).refresh_search()
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would add" if dry_run else "Added"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(created)} entries; {kept} were there already and were kept.")
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
