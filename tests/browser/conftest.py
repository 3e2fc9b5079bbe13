"""Fixtures of the browser tests: the site in a process of its own, Debian's Chromium driven by
Playwright, and a fresh browser context for each test that records what a visitor's console would
show (errors, Content Security Policy violations, files that failed to load).

Only the system's Chromium is used (``CHROMIUM`` names another executable); Playwright's own
browser downloads are never needed.
"""

import os

import pytest
from playwright.sync_api import sync_playwright

from .server import Site

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Reports every Content Security Policy violation to the test, even those the console would not show.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline code";
  window.reportCspViolation(`${event.violatedDirective} blocked ${blocked} on ${event.documentURI}`);
});
"""


@pytest.fixture(scope="session")
def site():
    with Site() as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser, site):
    context = browser.new_context(base_url=site.url, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A page whose console must stay clean: no error, no CSP violation, no file that failed to load.

    A document answering 404 or 410 on purpose is not a failure; anything it loads is.
    """
    problems = []
    documents = set()

    def on_response(response):
        if response.request.resource_type == "document":
            documents.add(response.url)
        elif response.status >= 400:
            problems.append(f"{response.url} answered {response.status}")

    def on_console(message):
        text = message.text
        if message.type != "error":
            return
        if text.startswith("Failed to load resource") and message.location.get("url") in documents:
            return
        problems.append(f"console error: {text} ({message.location.get('url')})")

    context.expose_function("reportCspViolation", lambda text: problems.append(f"CSP violation: {text}"))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    yield page
    assert not problems, "the browser reported:\n" + "\n".join(problems)
