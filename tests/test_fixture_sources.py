"""Nothing from outside the guide without a source shown to readers.

An organisation's or a grouping's description may state only the guide's facts, unless the record
names, in ``outside_source``, where its other facts come from. A fact here is a number or a name:
each must be found in the guide's text, or be the record's own name, acronym or country.
"""

import json
import re
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# A number (1996, 1.5, 13,663) or a word with a capital letter (a name, an acronym: GIZ, Côte).
FACT = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b|\b[A-Z][\w'’+-]*")


def fixture_rows(model):
    rows = []
    for path in sorted(FIXTURES.glob("*.json")):
        rows += [row["fields"] for row in json.loads(path.read_text(encoding="utf-8")) if row["model"] == model]
    return rows


def country_names():
    return {
        row["fields"]["iso2"]: row["fields"]["name"]
        for row in json.loads((FIXTURES / "geography.json").read_text())
        if row["model"] == "casestudies.country"
    }


def in_the_guide(fact, guide_text):
    """The fact as the guide writes it; a name also as the start of a longer word of the guide, so that
    "Thai" and "Indonesian" count as the guide's "Thailand" and "Indonesia"."""
    if fact[0].isdigit():
        return re.search(rf"(?<![\d.,]){re.escape(fact)}(?![\d])", guide_text) is not None
    if re.search(rf"(?<!\w){re.escape(fact)}(?!\w)", guide_text):
        return True
    stems = [fact] + [fact[:-cut] for cut in (1, 2, 3) if len(fact) - cut >= 4]
    return any(re.search(rf"(?<!\w){re.escape(stem)}", guide_text) for stem in stems)


def opens_a_sentence(word, text, guide_text):
    """A capital that only opens a sentence ("Listed by the guide ...") marks no name."""
    opening = re.match(rf"{re.escape(word)}\b", text) or re.search(rf"[.!?]\s+{re.escape(word)}\b", text)
    return bool(opening) and re.search(rf"\b{re.escape(word.lower())}\b", guide_text) is not None


def facts_not_in_the_guide(fields, guide_text, countries):
    own = " ".join(
        [fields["name"], fields.get("acronym", "")] + [countries.get(code, "") for code in fields.get("country") or []]
    )
    missing = []
    description = fields["description"]
    for fact in FACT.findall(description):
        fact = re.sub(r"['’]s$", "", fact.rstrip(".,'’-"))
        if not fact or fact in own or opens_a_sentence(fact, description, guide_text):
            continue
        if not in_the_guide(fact, guide_text):
            missing.append(fact)
    return missing


def check(model, guide_text):
    countries = country_names()
    rows = fixture_rows(model)
    assert rows, f"no {model} in the fixtures"
    unsourced = {}
    for fields in rows:
        missing = facts_not_in_the_guide(fields, guide_text, countries)
        if missing and not fields.get("outside_source", "").strip():
            unsourced[fields["slug"]] = missing
    return unsourced


def test_every_organisation_description_holds_only_the_guides_facts_or_names_its_source(guide_text):
    assert check("casestudies.organisation", guide_text) == {}


def test_every_grouping_description_holds_only_the_guides_facts_or_names_its_source(guide_text):
    assert check("casestudies.grouping", guide_text) == {}


def test_a_fact_from_outside_the_guide_is_caught(guide_text):
    fields = {"name": "GTZ", "acronym": "", "country": ["DE"], "description": "Merged into GIZ in 1990, in Eschborn."}
    assert facts_not_in_the_guide(fields, guide_text, country_names()) == ["GIZ", "1990", "Eschborn"]
