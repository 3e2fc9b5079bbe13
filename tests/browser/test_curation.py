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
    page.get_by_label("Username").fill(CURATOR)
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
