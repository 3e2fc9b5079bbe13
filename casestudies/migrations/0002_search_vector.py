"""Full-text search on PostgreSQL: a weighted search vector kept by a trigger, with a GIN index.

The vector is built in the database whenever a case study row is written: title (A), summary (B),
body (C), and the names of its partners and countries (C); title and summary also as written. A change to partners or countries
touches the row (``CaseStudyQuerySet.refresh_search``) so the trigger runs again. On SQLite the
column stays empty: search there reads the text with ``icontains``.
"""

import django.contrib.postgres.search
from django.db import migrations

CREATE = """
CREATE FUNCTION casestudies_casestudy_search_vector() RETURNS trigger AS $$
BEGIN
    -- English stems find "saving" for "savings"; the words as written ('simple') let a search for
    -- "cooperative" rank the cooperatives above the many texts about "cooperation" (both stem to "cooper").
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('simple', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C')
        || setweight(to_tsvector('english', coalesce((
            SELECT string_agg(o.name || ' ' || o.acronym, ' ')
            FROM casestudies_participation p
            JOIN casestudies_organisation o ON o.id = p.organisation_id
            WHERE p.case_study_id = NEW.id
        ), '') || ' ' || coalesce((
            SELECT string_agg(c.name, ' ')
            FROM casestudies_casestudy_countries cc
            JOIN casestudies_country c ON c.id = cc.country_id
            WHERE cc.casestudy_id = NEW.id
        ), '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER casestudies_casestudy_search_vector
BEFORE INSERT OR UPDATE ON casestudies_casestudy
FOR EACH ROW EXECUTE FUNCTION casestudies_casestudy_search_vector();

CREATE INDEX casestudy_search_vector ON casestudies_casestudy USING gin (search_vector);

UPDATE casestudies_casestudy SET search_vector = NULL;
"""

DROP = """
DROP INDEX IF EXISTS casestudy_search_vector;
DROP TRIGGER IF EXISTS casestudies_casestudy_search_vector ON casestudies_casestudy;
DROP FUNCTION IF EXISTS casestudies_casestudy_search_vector();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestudy",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
