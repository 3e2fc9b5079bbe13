"""The same pages as the accessibility checks are valid HTML for the Nu HTML Checker (vnu-jar)."""

import json
import subprocess
import urllib.error
import urllib.request

import pytest

from .pages import PAGES, STATUS
from .server import ROOT

pytestmark = pytest.mark.browser

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def fetch(url):
    """The page as the server sent it (not as the browser rebuilt it), with its status."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_every_page_is_valid_html(site, tmp_path):
    assert VNU.exists(), "vnu-jar is not installed: run `make check`, which runs npm ci"
    files = []
    for name, path in PAGES.items():
        status, body = fetch(site.url + path)
        assert status == STATUS.get(name, 200), name
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(body)

    # One run for every page: the checker takes seconds to start.
    result = subprocess.run(
        ["java", "-jar", VNU, "--format", "json", "--stdout", *files], capture_output=True, text=True, check=False
    )
    messages = json.loads(result.stdout)["messages"]

    errors = [m for m in messages if m["type"] != "info"]
    warnings = [m for m in messages if m["type"] == "info"]
    for warning in warnings:
        print(f"warning: {describe(warning)}")
    assert not errors, "\n".join(map(describe, errors))


def describe(message):
    page = message.get("url", "").rsplit("/", 1)[-1]
    return f"{page}:{message.get('lastLine', '?')}: {message['message']} [{message.get('extract', '').strip()}]"
