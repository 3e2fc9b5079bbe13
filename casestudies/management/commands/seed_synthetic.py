"""Fill the catalogue with made-up case studies, to measure and test the site at the sizes it must handle.

The guide holds a handful of case studies; the site must stay fast at 100,000. This command adds
as many synthetic ones as asked, drawn from a seed so that a benchmark can be repeated row for
row (see ``casestudies/synthetic.py``). They are written in bulk, batch by batch (with ``COPY`` on
PostgreSQL, where the site's statement timeout does not apply to this command), and are never
mixed with the guide's: their slugs and their organisations' slugs start with ``synthetic-``,
``--clear`` removes only them, and ``load_guide`` leaves them alone.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from casestudies import synthetic


class Command(BaseCommand):
    help = (
        "Add N synthetic case studies (slugs starting with 'synthetic-'), drawn from a seed, after any "
        "already there; --clear first removes the synthetic case studies and organisations, and only them. "
        "Needs the guide's concepts (run load_guide first). Written in bulk (COPY on PostgreSQL): no history "
        "records and no signals for synthetic rows. Not for a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--case-studies",
            type=int,
            default=0,
            metavar="N",
            help="How many synthetic case studies to add (numbered on from those already there).",
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same rows (default 1).")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="First remove every synthetic case study and organisation; the guide's rows stay.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=synthetic.BATCH_SIZE,
            help=f"Case studies written per transaction (default {synthetic.BATCH_SIZE}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Say what would be done, change nothing.")

    def handle(self, *args, case_studies, seed, clear, batch_size, dry_run, **options):
        if case_studies < 0 or batch_size < 1:
            raise CommandError("--case-studies must be 0 or more, and --batch-size 1 or more.")
        if not case_studies and not clear:
            raise CommandError("Say how many case studies to add (--case-studies N), or --clear.")
        if dry_run:
            self.describe(case_studies, seed, clear)
            return
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        if clear:
            removed, organisations = synthetic.clear()
            self.stdout.write(
                f"Removed {removed:,} synthetic case studies and {organisations:,} organisations "
                f"({time.monotonic() - started:.1f} s)."
            )
        if case_studies:
            self.add(case_studies, seed, batch_size, started)
        synthetic.analyse()
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))

    def add(self, count, seed, batch_size, started):
        def progress(done, total):
            if self.verbosity:
                self.stdout.write(f"  {done:,} / {total:,} case studies ({time.monotonic() - started:.1f} s)")

        try:
            first, organisations = synthetic.seed(count, seed=seed, batch_size=batch_size, progress=progress)
        except (synthetic.GuideNotLoaded, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Added synthetic case studies {first:,} to {first + count - 1:,} (seed {seed}) "
            f"and {organisations:,} synthetic organisations."
        )

    def describe(self, count, seed, clear):
        if clear:
            self.stdout.write(
                f"Would remove {synthetic.synthetic_case_studies().count():,} synthetic case studies "
                f"and {synthetic.synthetic_organisations().count():,} synthetic organisations."
            )
        if count:
            try:
                synthetic.load_concepts()
            except synthetic.GuideNotLoaded as error:
                raise CommandError(str(error)) from None
            first = 1 if clear else synthetic.next_number()
            self.stdout.write(f"Would add synthetic case studies {first:,} to {first + count - 1:,} (seed {seed}).")
