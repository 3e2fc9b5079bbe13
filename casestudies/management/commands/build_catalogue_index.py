"""Build the catalogue's index from the database and share it with every app server.

The index (``casestudies/index.py``) is derived from the database and kept in step by the change
log; a request that finds none builds it itself. Run this after a deploy (``make serve`` does) or
a restore, or when the cache that shares it was emptied, so that no reader waits for the build.
"""

import time

from django.core.management.base import BaseCommand

from casestudies import index


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
        self.stdout.write(
            f"Built the catalogue's index: {len(built.published):,} published case studies, "
            f"{sum(len(options) for options in built.options.values()):,} options, "
            f"{built.size() / 1e6:.1f} MB, in {time.monotonic() - started:.1f} s."
        )
