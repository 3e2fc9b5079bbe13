"""Fixture prose is written in our own words: facts carried over, the guide's sentences not copied."""

import json
import re
from pathlib import Path

from django.conf import settings

PROSE_FIELDS = {"summary", "description", "body", "text", "note", "label", "key_provision_summary"}
RUN = 12  # words in a row that count as copying; names and titles are shorter than this


def words(text):
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text.lower().replace("’", "'"))


def test_no_fixture_prose_copies_a_run_of_the_guides_words(guide_text):
    guide = words(guide_text)
    runs = {tuple(guide[i : i + RUN]) for i in range(len(guide) - RUN + 1)}
    copied = []
    paths = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
    assert len(paths) >= 8, "the fixtures of the guide's content, case studies and reference data"
    for path in paths:
        records = json.loads(path.read_text(encoding="utf-8"))
        assert records, path.name
        for record in records:
            for field, value in record["fields"].items():
                if field not in PROSE_FIELDS or not isinstance(value, str):
                    continue
                text = words(value)
                for i in range(len(text) - RUN + 1):
                    if tuple(text[i : i + RUN]) in runs:
                        copied.append(f"{path.name} {record['model']}.{field}: {' '.join(text[i : i + RUN])}")
                        break
    assert copied == []
