"""Browser tests: Playwright driving the system's Chromium against a live
server with the demo data.

Each page records console errors (CSP violations among them), uncaught
script errors and any request to a host other than the test server, and the
test fails on any of them. Screenshots go to test-artifacts/screenshots/.
Without Chromium the tests are skipped with the reason.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bandung_coop.demo import load_demo_data

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "/usr/bin/chromium"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture
def browser(demo_server):
    # One browser per test: Playwright's event loop then lives only while a
    # browser test runs, never beside the rest of the suite.
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium not found (install Debian's chromium package, as .ci/run does)")
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


class PageProblems:
    def __init__(self, server_url: str):
        self.server = urlsplit(server_url).netloc
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.foreign_requests: list[str] = []

    def on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def on_request(self, route) -> None:
        url = route.request.url
        if urlsplit(url).netloc != self.server and not url.startswith(("data:", "blob:")):
            self.foreign_requests.append(url)
            route.abort()
        else:
            route.continue_()

    def assert_none(self) -> None:
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.page_errors == [], f"script errors: {self.page_errors}"
        assert self.foreign_requests == [], f"requests to other hosts: {self.foreign_requests}"


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the tests make around it are ordinary synchronous ones.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo_server(live_server, transactional_db):
    load_demo_data()
    return live_server


@pytest.fixture
def page(browser, demo_server):
    problems = PageProblems(demo_server.url)
    context = browser.new_context(
        base_url=demo_server.url, viewport={"width": 1366, "height": 768}, locale="id-ID"
    )
    context.route("**/*", problems.on_request)
    page = context.new_page()
    page.on("console", problems.on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.problems = problems
    yield page
    context.close()
    problems.assert_none()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page, username: str, password: str = "bandung-demo-2026") -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/**")


PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA, as axe-core tags its rules.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# The outermost elements that reach past the window's right edge, named by tag and classes.
WIDE_ELEMENTS = """() => {
    const past = (element) => element && element.getBoundingClientRect().right > window.innerWidth + 1;
    const name = (element) => element.tagName.toLowerCase()
        + (element.className ? "." + String(element.className).trim().split(/\\s+/).join(".") : "");
    return [...document.querySelectorAll("body *")]
        .filter((element) => past(element) && !past(element.parentElement))
        .slice(0, 3)
        .map(name);
}"""


def horizontal_overflow(page) -> str:
    """Empty if the page is no wider than the window; else by how much, and
    the outermost elements that reach past its right edge."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow <= 0:
        return ""
    culprits = page.evaluate(WIDE_ELEMENTS)
    return f"{overflow} px wider than the window ({', '.join(culprits)})"


def accessibility_problems(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 AA violations on the page, one
    line per failing element. The script is evaluated by the browser's
    debugging protocol, which the page's CSP does not govern."""
    before = len(page.problems.console_errors)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_21_AA,
    )
    # axe-core measures some colours with elements it styles itself, which
    # the page's policy refuses; those refusals are the checker's, not the page's.
    page.problems.console_errors[before:] = [
        error
        for error in page.problems.console_errors[before:]
        if not error.startswith("Applying inline style violates")
    ]
    return [
        f"{violation['impact']} {violation['id']}: {node['target']} {node['failureSummary'][:200]}"
        for violation in violations
        if violation["impact"] in ("serious", "critical")
        for node in violation["nodes"]
    ]
