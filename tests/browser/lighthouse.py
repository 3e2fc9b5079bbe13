"""Lighthouse's scores for the home, catalogue and case-study pages, printed as a table.

    python -m tests.browser.lighthouse      (``make check`` runs it)

Each page is audited twice, as a phone (Lighthouse's own default: a mid-range phone's screen and
network) and with the desktop preset. It fails when accessibility is below 100 or best practices
or SEO below 95, and then names the audits that cost points. Performance is printed for
information only: on a shared two-core machine it measures the machine as much as the site. The
site runs as for the browser tests (tests/browser/server.py), so this lives beside them; pytest
does not collect it.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .server import ROOT, Site

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = {
    "home": "/",
    "catalogue": "/case-studies/",
    "case study": "/case-studies/laos-village-bank/",
    # One page in each other language: its hreflang alternates are among what SEO audits.
    "home (fr)": "/fr/",
    "catalogue (es)": "/es/case-studies/?region=africa",
    "case study (pt)": "/pt/case-studies/laos-village-bank/",
}
# Lighthouse's form factors: its default (a phone) and its desktop preset.
FORM_FACTORS = {"phone": [], "desktop": ["--preset=desktop"]}
MINIMUM = {"accessibility": 100, "best-practices": 95, "seo": 95}
CATEGORIES = ["performance", *MINIMUM]


def audit(url, report_path, options=()):
    """Lighthouse's JSON report of one page, from a fresh headless Chromium.

    Tried twice: Lighthouse now and then fails to record its trace of a page load (NO_NAVSTART)
    and says to run it again. A page that really fails, fails both times.
    """
    for attempt in (1, 2):
        environment = {**os.environ, "CHROME_PATH": CHROMIUM}
        run = subprocess.run([*command(url, report_path), *options], env=environment, check=False)
        if run.returncode == 0:
            return json.loads(Path(report_path).read_text())
        print(f"Lighthouse failed on {url} (attempt {attempt} of 2)", file=sys.stderr)
    sys.exit(f"Lighthouse could not audit {url}.")


def command(url, report_path):
    return [
        LIGHTHOUSE,
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report_path}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
        "--quiet",
    ]


def lost_points(report, category):
    """The audits of a category that did not score full marks, as lines to print."""
    for ref in report["categories"][category]["auditRefs"]:
        result = report["audits"][ref["id"]]
        if ref["weight"] and result["score"] is not None and result["score"] < 1:
            yield f"  {category}: {result['title']} ({result['id']}, score {result['score']})"


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: `make check` installs it with npm ci.")
    scores, failures = {}, []
    with Site() as site, tempfile.TemporaryDirectory() as folder:
        for page, path in PAGES.items():
            for form_factor, options in FORM_FACTORS.items():
                name = f"{page}, {form_factor}"
                report = audit(site.url + path, Path(folder) / "report.json", options)
                scores[name] = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                for category, minimum in MINIMUM.items():
                    if scores[name][category] < minimum:
                        failures.append(f"{name} ({path}): {category} {scores[name][category]} < {minimum}")
                        failures.extend(lost_points(report, category))

    print(f"{'Lighthouse':<22}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for name, row in scores.items():
        print(f"{name:<26}" + "".join(f"{row[c]:>16}" for c in CATEGORIES))
    print(f"{'minimum':<22}" + "".join(f"{MINIMUM.get(c, '-'):>16}" for c in CATEGORIES))
    if failures:
        sys.exit("Below the minimum:\n" + "\n".join(failures))


if __name__ == "__main__":
    main()
