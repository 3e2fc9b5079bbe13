"""A small vector of each case study's title and summary, to rank what the search finds.

Ranking by the whole search vector (``0002``) read kilobytes of every match: two seconds for a
common word at 100,000 case studies. The search vector still decides what is found; this one,
set by the same trigger, decides the order, with a GIN index that finds the case studies whose
title or summary has one of the words (the only ones whose rank is above 0). Partners and
countries now enter the search vector in one order, so that the same rows give the same vector.
On SQLite both columns stay empty.
"""

import django.contrib.postgres.search
from django.db import migrations

SEARCH_VECTOR = """
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('simple', coalesce(NEW.summary, '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C')
        || setweight(to_tsvector('english', coalesce((
            SELECT string_agg(o.name || ' ' || o.acronym, ' ' ORDER BY p."order", o.name)
            FROM casestudies_participation p
            JOIN casestudies_organisation o ON o.id = p.organisation_id
            WHERE p.case_study_id = NEW.id
        ), '') || ' ' || coalesce((
            SELECT string_agg(c.name, ' ' ORDER BY c.name)
            FROM casestudies_casestudy_countries cc
            JOIN casestudies_country c ON c.id = cc.country_id
            WHERE cc.casestudy_id = NEW.id
        ), '')), 'C');
"""

RANK_VECTOR = """
        setweight(to_tsvector('english', coalesce({row}.title, '')), 'A')
        || setweight(to_tsvector('simple', coalesce({row}.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce({row}.summary, '')), 'B')
        || setweight(to_tsvector('simple', coalesce({row}.summary, '')), 'B')
"""

FUNCTION = """
CREATE OR REPLACE FUNCTION casestudies_casestudy_search_vector() RETURNS trigger AS $$
BEGIN
    -- English stems find "saving" for "savings"; the words as written ('simple') let a search for
    -- "cooperative" rank the cooperatives above the many texts about "cooperation" (both stem to "cooper").
{search_vector}
{rank_vector}
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""

CREATE = (
    FUNCTION.format(search_vector=SEARCH_VECTOR, rank_vector=f"    NEW.rank_vector := {RANK_VECTOR.format(row='NEW')};")
    + f"""
-- The rows there are get their rank vector without their search vector being made again.
ALTER TABLE casestudies_casestudy DISABLE TRIGGER casestudies_casestudy_search_vector;
UPDATE casestudies_casestudy SET rank_vector = {RANK_VECTOR.format(row="casestudies_casestudy")};
ALTER TABLE casestudies_casestudy ENABLE TRIGGER casestudies_casestudy_search_vector;
CREATE INDEX casestudy_rank_vector ON casestudies_casestudy USING gin (rank_vector);
"""
)

DROP = "DROP INDEX IF EXISTS casestudy_rank_vector;" + FUNCTION.format(search_vector=SEARCH_VECTOR, rank_vector="")


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0014_index_change"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestudy",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
