"""The public pages on a phone and a desktop: nothing wider than the screen, and the filters one
tap from the results and back."""

import re

import pytest

from .pages import PAGES, STATUS

pytestmark = pytest.mark.browser

PUBLIC = ["home", "catalogue", "catalogue-filtered", "catalogue-empty", "case-study"]
# Longer words in French, Spanish and Portuguese, and the language switcher in the header.
PUBLIC += [
    f"{name}-{language}" for language in ["fr", "es", "pt"] for name in ["home", "catalogue-filtered", "case-study"]
]
WIDTHS = [320, 390, 1280]

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
    .slice(0, 5)
    .map(el => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`);
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PUBLIC)
def test_no_public_page_scrolls_sideways(page, name, width):
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(PAGES[name])
    assert response.status == STATUS.get(name, 200)

    measured = page.evaluate(OVERFLOW)

    assert measured["scroll"] <= measured["inner"], measured["wide"]


def in_view(page, locator):
    box = locator.bounding_box()
    height = page.evaluate("window.innerHeight")
    return box is not None and 0 <= box["y"] < height


def test_on_a_phone_the_filters_are_one_tap_away_and_a_choice_lands_on_the_results(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/case-studies/")
    filters_heading = page.get_by_role("heading", name="Filters", exact=True)
    assert not in_view(page, filters_heading), "the filters come after the results on a phone"

    page.get_by_role("link", name=re.compile(r"^Filters")).first.click()
    assert in_view(page, filters_heading)

    africa = page.get_by_role("region", name="Region", exact=True).get_by_role("link", name=re.compile(r"^Africa \d+$"))
    assert in_view(page, africa)
    africa.click()
    page.wait_for_url(re.compile(r"region=africa#results$"))

    results = page.get_by_role("heading", name=re.compile(r"case stud(y|ies)$"))
    assert in_view(page, results), "after a choice the reader sees the results without scrolling back"
    assert page.evaluate("window.scrollY") > 0
    assert page.get_by_role("link", name="Filters (1)").is_visible()


def test_a_keyboard_reader_skips_to_the_filters(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/case-studies/")

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to filters"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert page.evaluate("document.activeElement.closest('#filters') !== null")


def test_a_country_is_found_by_typing_its_name(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/case-studies/")

    page.get_by_label("Find a country by name").fill("Kenya")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(re.compile(r"country=Kenya#results$"))

    assert page.get_by_role("link", name=re.compile(r"^Country: Kenya")).is_visible()
