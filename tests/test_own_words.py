"""Fixture prose is written in our own words: facts carried over, the guide's sentences not copied."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import strip_tags

PROSE_FIELDS = {"summary", "description", "body", "text", "note", "label", "key_provision_summary", "definition"}
RUN = 12  # words in a row that count as copying; names and titles are shorter than this


def words(text):
    return re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text.lower().replace("’", "'"))


def guide_runs(guide_text):
    guide = words(guide_text)
    return {tuple(guide[i : i + RUN]) for i in range(len(guide) - RUN + 1)}


def copied_runs(text, runs):
    text = words(text)
    return [" ".join(text[i : i + RUN]) for i in range(len(text) - RUN + 1) if tuple(text[i : i + RUN]) in runs]


def test_no_fixture_prose_copies_a_run_of_the_guides_words(guide_text):
    runs = guide_runs(guide_text)
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


# The guide's pages whose words are in templates rather than fixtures.
PAGES = ["guide:ssf", "guide:sstc-in-the-ilo", "guide:why-ssc-works", "guide:glossary"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_the_prose_pages_do_not_copy_a_run_of_the_guides_words(client, guide_text, name):
    page = client.get(reverse(name)).content.decode()
    main = page.split('<main id="main"')[1].split("</main>")[0]
    # A source line cites the guide's section by its heading, as a title, not as prose.
    main = re.sub(r'<p class="source">.*?</p>', "", main, flags=re.S)
    assert copied_runs(strip_tags(main), guide_runs(guide_text)) == []
