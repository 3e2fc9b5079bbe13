"""The few models and managers that both apps build on."""

from datetime import UTC, datetime

from django.db import connections, models
from django.db.models import F
from django.utils import timezone


class NaturalKeyManager(models.Manager):
    """Fixtures refer to rows by a key that is the same on every installation: a slug, an ISO code."""

    def __init__(self, key_field="slug"):
        super().__init__()
        self.key_field = key_field

    def get_by_natural_key(self, key):
        return self.get(**{self.key_field: key})


class CatalogueVersionQuerySet(models.QuerySet):
    def current(self):
        """``(number, changed)`` of the catalogue as it stands, in one query by primary key.

        Every public page asks it, a page kept whole (core/caching.py) nothing else: written out,
        since building it through the ORM took a third of such a page's CPU (cProfile).
        """
        connection = connections[self.db]
        table = connection.ops.quote_name(CatalogueVersion._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number, changed FROM {table} WHERE id = %s", [CatalogueVersion.ROW])
            row = cursor.fetchone()
        if row is None:
            return 0, None
        number, changed = row
        if isinstance(changed, str):  # SQLite keeps the time as text, in UTC
            changed = datetime.fromisoformat(changed).replace(tzinfo=UTC)
        return number, changed

    def bump(self):
        """Count one more change, in the transaction of the change itself, so that nobody reads the
        new content under the old number; the first change of a new database makes the row."""
        now = timezone.now()
        if not self.filter(pk=CatalogueVersion.ROW).update(number=F("number") + 1, changed=now):
            self.update_or_create(pk=CatalogueVersion.ROW, defaults={"number": 1, "changed": now})


class CatalogueVersion(models.Model):
    """One row whose number grows with every change to what the public pages show.

    The pages' ETags and the cached facet counts are keyed by it (``core/caching.py``): a publish,
    an edit, a withdrawal or a renamed concept makes every page and count new. Its table is the one
    the catalogue app made (migration casestudies 0005) before the model moved here.
    """

    ROW = 1

    number = models.PositiveBigIntegerField(default=0)
    changed = models.DateTimeField(default=timezone.now)

    objects = CatalogueVersionQuerySet.as_manager()

    class Meta:
        db_table = "casestudies_catalogueversion"

    def __str__(self):
        return f"Catalogue version {self.number} ({self.changed:%Y-%m-%d %H:%M:%S})"
