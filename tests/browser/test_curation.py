"""A curator signs in to the admin, corrects a draft and publishes it; the public sees the change."""

import pytest
from playwright.sync_api import expect

from .server import CURATOR, CURATOR_PASSWORD, DRAFT

pytestmark = pytest.mark.browser

NEW_SUMMARY = "Zambia's ministries learned from peers how a social impact bond can fund tobacco control."


def test_a_curator_edits_and_publishes_a_draft_and_the_public_page_shows_it(page):
    public = f"/case-studies/{DRAFT}/"
    assert page.goto(public).status == 404

    page.goto("/admin/")
    page.get_by_label("Email address").fill(CURATOR)
    page.get_by_label("Password").fill(CURATOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("tr.model-casestudy").get_by_role("link", name="Case studies").click()
    page.get_by_role("textbox", name="Search").fill("tobacco")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "q=tobacco" in url)
    page.get_by_role("link", name="Peer learning from Zambia on a tobacco control social impact bond").click()
    page.get_by_label("Summary").fill(NEW_SUMMARY)
    page.get_by_role("button", name="Save and publish").click()

    expect(page.locator(".messagelist")).to_contain_text("is published")
    response = page.goto(public)
    assert response.status == 200
    expect(page.locator(".lead")).to_have_text(NEW_SUMMARY)


def sign_in(page):
    page.goto("/admin/login/")
    page.get_by_label("Email address").fill(CURATOR)
    page.get_by_label("Password").fill(CURATOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()


def choose(page, container, text):
    """Types into one of the admin's autocomplete boxes (select2) and takes the first match."""
    container.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    option = page.locator(".select2-results__option--highlighted", has_text=text)
    expect(option).to_be_visible()
    page.keyboard.press("Enter")


PARTNERS = ["City of Maputo", "City of Durban", "City of Belo Horizonte"]


def test_a_curator_adds_a_case_study_with_three_partners_and_publishes_it_without_touching_an_order(page):
    sign_in(page)
    page.goto("/admin/casestudies/casestudy/add/")
    page.get_by_label("Title").fill("Three cities share how they plan with their residents")
    page.get_by_label("Summary").fill("Maputo, Durban and Belo Horizonte compared how residents shape city budgets.")
    page.get_by_label("Body").fill("The three cities met twice.\nEach showed the others its participatory budget.")
    page.get_by_label("Modality").select_option(label="South-South cooperation")
    choose(page, page.locator(".field-countries"), "Mozambique")
    for index, name in enumerate(PARTNERS):
        page.locator("#participations-group").get_by_role("button", name="Add another Partner").click()
        choose(page, page.locator(f"#participations-{index}"), name)
    page.locator("#sources-group").get_by_role("button", name="Add another Source").click()
    page.locator("#id_sources-0-guide_section").fill("SSTC: an introduction, 2. Modalities and sub-modalities")

    page.get_by_role("button", name="Save and publish").click()

    expect(page.locator(".messagelist")).to_contain_text("is published")
    page.goto("/case-studies/three-cities-share-how-they-plan-with-their-residents/")
    for name in PARTNERS:
        expect(page.get_by_text(name).first).to_be_visible()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    "url",
    ["/admin/casestudies/casestudy/", "/admin/casestudies/casestudy/add/", "the draft's change form"],
    ids=["list", "add-form", "change-form"],
)
def test_the_case_study_list_and_form_do_not_scroll_sideways(page, width, url):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page)

    if url == "the draft's change form":  # eleven partners
        page.goto("/admin/casestudies/casestudy/?q=tobacco")
        page.get_by_role("link", name="Peer learning from Zambia on a tobacco control social impact bond").click()
        expect(page.locator("#participations-group")).to_be_visible()
    else:
        page.goto(url)

    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{url} is {scroll_width} px wide at {width} px"
    if width == 1280:
        # Nor does a table scroll inside its own box: every column, "Changed by" and a partner's
        # "Order" included, is on the screen.
        for table, box in [("#result_list", "#changelist .results"), ("#participations-group table", ".tabular")]:
            if page.locator(table).count():
                table_width, box_width = page.evaluate(
                    "([table, box]) => [document.querySelector(table).scrollWidth, "
                    "document.querySelector(table).closest(box).clientWidth]",
                    [table, box],
                )
                assert table_width <= box_width, f"{table} is {table_width} px wide in {box_width} px"
