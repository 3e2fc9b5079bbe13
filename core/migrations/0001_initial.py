"""The catalogue's version moves here from the catalogue app, table and data untouched.

Its table, ``casestudies_catalogueversion``, was made by casestudies 0005 and keeps its name
(``db_table``): this migration only tells Django that the model now belongs to ``core``, and
casestudies 0009 that it no longer belongs there. A database migrated before the move keeps its
row; a new one gets the table from casestudies 0005 as before.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("casestudies", "0008_admin_order_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CatalogueVersion",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("number", models.PositiveBigIntegerField(default=0)),
                        ("changed", models.DateTimeField(default=django.utils.timezone.now)),
                    ],
                    options={"db_table": "casestudies_catalogueversion"},
                ),
            ],
            database_operations=[],
        ),
    ]
