"""Build the catalogue's index from the database and share it with every app server.

The index (``casestudies/index.py``) is derived from the database and kept in step by the change
log; a request that finds none builds it itself. Run this after a deploy (``make serve`` does) or
a restore, or when the cache that shares it was emptied, so that no reader waits for the build.
It also deletes the log's rows of more than a day before the index it built: a process whose copy
is older than that builds its own again.
"""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from casestudies import index
from casestudies.models import IndexChange


class Command(BaseCommand):
    help = (
        "Build the catalogue's facet index from the database and keep it in the shared cache, where every "
        "app server finds it. Safe at any time: readers keep being served while it runs."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        built = index.build()
        index.keep_shared(built)
        index.holder.index = None  # this process, too, reads the new one
        last_id, _at = built.last_change
        IndexChange.objects.filter(pk__lt=last_id, at__lt=timezone.now() - timedelta(days=1)).delete()
        self.stdout.write(
            f"Built the catalogue's index: {len(built.published):,} published case studies, "
            f"{sum(len(options) for options in built.options.values()):,} options, "
            f"{built.size() / 1e6:.1f} MB, in {time.monotonic() - started:.1f} s."
        )
