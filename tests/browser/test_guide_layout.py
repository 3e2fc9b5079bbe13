"""The guide on a phone and on a wide screen: nothing scrolls sideways, the contents' links are
easy to tap, and a process step leads to the next one."""

import pytest

from .pages import PAGES

pytestmark = pytest.mark.browser

GUIDE_PAGES = [
    "guide-contents",
    "principle",
    "modality",
    "sub-modality",
    "actor",
    "process-step",
    "mechanism",
    "resources",
    "framework",
    "ilo-role",
    "glossary",
    "ssf",
]

WIDTHS = [320, 390, 1280]

PAGE_WIDTH = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", GUIDE_PAGES)
def test_the_guide_page_does_not_scroll_sideways(page, name, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(PAGES[name])

    scroll_width, client_width = page.evaluate(PAGE_WIDTH)

    assert scroll_width <= client_width, f"{name} at {width} px is {scroll_width} px wide"


def test_every_link_of_the_contents_is_at_least_44_px_tall_on_a_phone(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(PAGES["guide-contents"])

    heights = page.eval_on_selector_all(
        ".toc .guide-list a", "links => links.map(a => a.getBoundingClientRect().height)"
    )

    assert len(heights) > 60
    assert min(heights) >= 44


def test_a_reader_walks_the_six_steps_with_the_next_links_and_back(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(PAGES["guide-contents"])
    page.locator("#steps").get_by_role("link").first.click()
    for number in range(1, 7):
        assert page.locator(".step-of").inner_text() == f"Step {number} of 6"
        if number < 6:
            page.get_by_role("link", name=f"Next: step {number + 1}").click()
    page.get_by_role("link", name="Previous: step 5").click()
    assert page.locator(".step-of").inner_text() == "Step 5 of 6"
