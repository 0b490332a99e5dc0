"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, storage) per test. Each page records the
console errors, uncaught exceptions and Content-Security-Policy violations it meets, and a failing test
leaves a full-page screenshot in test-artifacts/<test name>.png."""

import os

# Playwright's sync API runs an event loop in this thread; Django would then refuse synchronous database
# calls from the test body. Must be set before Django touches the database.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD = "mat-khau-thu-nghiem"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Reported by the page itself, so that a CSP violation is caught even if Chromium stops logging it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                " at " + e.sourceFile + ":" + e.lineNumber);
});
"""

expect.set_options(timeout=10_000)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so that fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Chromium, once per session.

    While Playwright's event loop runs in this thread, Django hands out database connections from
    context-local storage instead of the thread-local one (asgiref's thread-critical Local): new connection
    objects that lack the migrated reference data that the test-database set-up serialized for
    `django_db_serialized_rollback`. Hand that data over, whether or not other tests set the database up
    before the browser started."""
    from django.db import connections

    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
                connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, transactional_db, django_db_serialized_rollback, request):
    """A page in a fresh browser context, pointed at the live server.

    `django_db_serialized_rollback` restores the reference data (provinces, sectors) that the migrations
    load and that the flush after each transactional test would otherwise wipe."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.problems = []

    def on_console(msg):
        where = msg.location.get("url", "")
        # Chromium asks for /favicon.ico on its own, at a moment of its choosing; the app has no favicon.
        if msg.type == "error" and not where.endswith("/favicon.ico"):
            page.problems.append(f"console.error: {msg.text} ({where})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"uncaught: {error}"))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is None or report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as error:  # the page may be gone; the failure itself is what matters
            print(f"Không chụp được màn hình: {error}")
    context.close()


@pytest.fixture
def log_in():
    """log_in(page, "username"): the real log-in form, as a user types it."""

    def do(page, username, password=PASSWORD):
        page.goto("/tai-khoan/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#login-form button[type=submit]")
        expect(page.locator("#current-user")).to_be_visible()
        return page

    return do
