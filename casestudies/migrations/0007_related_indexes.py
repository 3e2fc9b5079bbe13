"""Indexes for the related case studies: each country's, sub-modality's and mechanism's case
studies, most recently added first.

The related list takes, for each value the case study has, the last fifty published case studies
added with it (``casestudies/related.py``). Django's indexes on the through tables are on the
value alone, or on ``(case study, value)``: with them, PostgreSQL read the through table backwards
from its last row until fifty matched, a few thousand rows for a country of a few hundred case
studies. With ``(value, case study)`` it reads the fifty rows and stops. Plain SQL, the same on
SQLite and PostgreSQL.
"""

from django.db import migrations

CREATE = """
CREATE INDEX casestudy_countries_by_country ON casestudies_casestudy_countries (country_id, casestudy_id);
CREATE INDEX casestudy_submodalities_by_submodality
    ON casestudies_casestudy_submodalities (submodality_id, casestudy_id);
CREATE INDEX casestudy_mechanisms_by_mechanism
    ON casestudies_casestudy_mechanisms (financemechanism_id, casestudy_id);
"""

DROP = """
DROP INDEX IF EXISTS casestudy_countries_by_country;
DROP INDEX IF EXISTS casestudy_submodalities_by_submodality;
DROP INDEX IF EXISTS casestudy_mechanisms_by_mechanism;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0006_catalogue_order_indexes"),
    ]

    operations = [
        migrations.RunSQL(CREATE, DROP),
    ]
