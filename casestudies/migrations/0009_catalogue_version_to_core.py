"""The catalogue's version now belongs to ``core`` (core 0001); its table stays as it is."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("casestudies", "0008_admin_order_index"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CatalogueVersion")],
            database_operations=[],
        ),
    ]
