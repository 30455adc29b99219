"""A user makes an API token on the profile page and reads the API's
documentation page, which draws every endpoint and calls one, under the
Content-Security-Policy and with files from this server only."""

from tests.e2e.conftest import log_in, screenshot


def test_a_user_makes_a_token_and_tries_the_api_on_its_documentation_page(page):
    log_in(page, "pimpinan")
    page.goto("/profil/")
    page.fill("#id_token_name", "Portal data")
    page.get_by_role("button", name="Buat token").click()
    page.wait_for_load_state()
    secret = page.input_value("#new-api-token")
    assert secret.startswith("bdg_")
    screenshot(page, "profile-api-token")

    page.get_by_role("link", name="Dokumentasi API").click()
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() >= 14
    meetings = page.locator(".opblock", has_text="/api/v1/meetings/").first
    meetings.locator(".opblock-summary").click()
    meetings.get_by_role("button", name="Try it out").click()
    meetings.get_by_role("button", name="Execute").click()
    page.wait_for_selector(".live-responses-table tbody .response-col_status", timeout=30_000)
    assert (
        meetings.locator(".live-responses-table tbody .response-col_status").first.inner_text().strip()
        == "200"
    )
    screenshot(page, "api-docs")
