"""What a reader does in a real browser: find case studies by clicking filters, cite one, use the
filter form with the keyboard alone, and download the filtered list."""

import csv
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# What marks the element that has the keyboard's focus.
FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(" ");
}"""


def facet_option(page, facet, option):
    """A filter option's link, named by its label followed by its count."""
    facet = page.get_by_role("navigation", name="Filters").get_by_role("region", name=facet, exact=True)
    return facet.get_by_role("link", name=re.compile(rf"^{re.escape(option)} \d+$"))


def follow(page, link):
    """Click a link, then wait until the page it leads to has loaded (not only started to)."""
    target = urljoin(page.url, link.get_attribute("href"))
    link.click()
    page.wait_for_url(lambda url: url == target)


def result_titles(page):
    return page.get_by_role("region", name=re.compile(r"case stud(y|ies)$")).locator(".card h3").all_inner_texts()


def query(page):
    return parse_qs(urlsplit(page.url).query)


@pytest.mark.parametrize(
    ("region", "facet", "option", "expected_query", "title"),
    [
        (
            "Asia and the Pacific",
            "Finance mechanism",
            "Village banks",
            {"region": ["asia-pacific"], "mechanism": ["village-banks"]},
            "Village banks run by the Lao Women's Union",
        ),
        (
            "Africa",
            "Form of cooperation",
            "Fragile-to-fragile cooperation",
            {"region": ["africa"], "submodality": ["fragile-to-fragile"]},
            "Empowering cross-border traders of the Mano River Union",
        ),
    ],
)
def test_a_reader_filters_by_clicking_opens_a_case_study_and_follows_its_permalink(
    page, site, region, facet, option, expected_query, title
):
    page.goto("/")
    follow(page, page.get_by_role("link", name="Browse the case studies"))
    assert page.url == f"{site.url}/case-studies/"

    follow(page, facet_option(page, "Region", region))
    follow(page, facet_option(page, facet, option))

    assert query(page) == expected_query
    assert result_titles(page) == [title]
    follow(page, page.get_by_role("link", name=title))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    cite = page.get_by_role("region", name="Cite this case study")
    permalink = cite.locator("a.permalink").get_attribute("href")
    assert permalink == page.url
    assert re.fullmatch(rf"{re.escape(site.url)}/case-studies/[a-z0-9-]+/", permalink)
    expect(cite.locator("a.permalink")).to_have_text(permalink)
    expect(cite.locator(".citation")).to_contain_text(title)
    expect(cite.locator(".citation")).to_contain_text(permalink)
    shown = page.locator("main").inner_text()

    response = page.goto(permalink)

    assert response.status == 200
    assert page.url == permalink
    assert page.locator("main").inner_text() == shown


def test_the_filter_form_works_with_the_keyboard_alone(page, site):
    page.goto("/case-studies/?region=africa")
    form = page.locator("form.search")
    reached = []
    focus_styles = {}
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        key = focused.evaluate("el => el.form && el.form.matches('form.search') ? (el.id || el.type) : null")
        if key:
            reached.append(key)
            focus_styles[key] = focused.evaluate(FOCUS_STYLE)
        if key == "submit":
            break

    assert reached == ["q", "year_from", "year_to", "sort", "submit"]
    page.evaluate("document.activeElement.blur()")
    for key, focused_style in focus_styles.items():
        element = form.locator(f"#{key}") if key != "submit" else form.locator("button[type=submit]")
        assert element.evaluate(FOCUS_STYLE) != focused_style, f"{key} looks the same with and without focus"

    # Back to the search box, and the whole form filled from the keyboard.
    for _ in range(4):
        page.keyboard.press("Shift+Tab")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("women")
    page.keyboard.press("Tab")
    page.keyboard.type("2000")
    page.keyboard.press("Tab")
    page.keyboard.type("2025")
    page.keyboard.press("Tab")
    for _ in range(5):
        if page.locator("#sort").input_value() == "title":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "q=women" in url)

    assert query(page) == {
        "q": ["women"],
        "year_from": ["2000"],
        "year_to": ["2025"],
        "sort": ["title"],
        "region": ["africa"],
    }
    expect(page.locator("#q")).to_have_value("women")
    expect(page.locator("#sort")).to_have_value("title")


def test_the_csv_export_downloads_exactly_the_filtered_case_studies(page):
    page.goto("/case-studies/")
    follow(page, facet_option(page, "Region", "Africa"))
    shown = result_titles(page)
    count = int(page.locator("#results-heading").inner_text().split()[0])
    assert 1 < len(shown) == count, "the filter should list several case studies, all on one page"

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()

    path = download.value.path()
    assert download.value.suggested_filename.endswith(".csv")
    with open(path, encoding="utf-8-sig", newline="") as exported:
        rows = list(csv.DictReader(exported))
    assert sorted(row["title"] for row in rows) == sorted(shown)
    assert all("africa" in row["regions"].split("; ") for row in rows)
