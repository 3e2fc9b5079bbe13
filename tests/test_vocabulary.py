"""The guide asks never to call partners donors or recipients: everyone is a development partner."""

import json
import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
WORDS = re.compile(r"\b(donors?|recipients?)\b", re.IGNORECASE)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def test_no_template_says_donor_or_recipient():
    offending = [
        f"{path.relative_to(BASE)}: {match.group()}"
        for path in (BASE / "templates").rglob("*.html")
        for match in WORDS.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offending == []


def test_no_fixture_text_says_donor_or_recipient_except_the_guides_own_warning():
    offending = []
    paths = sorted((BASE / "fixtures").glob("*.json"))
    assert len(paths) >= 8, "the fixtures of the guide's content, case studies and reference data"
    for path in paths:
        records = json.loads(path.read_text(encoding="utf-8"))
        assert records, path.name
        for record in records:
            is_the_warning = record["model"] == "guide.guidance" and record["fields"]["kind"] == "dont"
            for text in strings_in(record["fields"]):
                if WORDS.search(text) and not is_the_warning:
                    offending.append(f"{path.name} {record['model']}: {text[:80]}")
    assert offending == []


def test_the_guides_own_warning_is_there():
    warnings = [
        record["fields"]["text"]
        for record in json.loads((BASE / "fixtures" / "guide.json").read_text(encoding="utf-8"))
        if record["model"] == "guide.guidance" and WORDS.search(record["fields"]["text"])
    ]
    assert len(warnings) == 1
    assert "development partners" in warnings[0]
