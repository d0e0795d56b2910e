"""Browser tests: Debian's Chromium (/usr/bin/chromium, never a downloaded browser) driven by
Playwright's sync API against pytest-django's live server.

One Chromium per test session (so one per xdist worker, each with its own live server and
test database), a fresh browser context (cookies, storage, language) per test. Users sign in
through the real login form and the real second factor, typing the code an authenticator app
would show.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)

from accounts.models import User
from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
# Root in CI containers needs --no-sandbox. Without the networking switches Chromium calls
# home (updates, sync, QUIC probes); the machines that run the suite refuse every outside
# connection, which only slows it down.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# axe-core, vendored for the tests only (tests/browser/vendor/axe-core: VERSION, LICENSE).
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8")
AXE_BLOCKING_IMPACTS = {"serious", "critical"}
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests after all others, in every worker.

    Playwright's sync API leaves an asyncio loop marked as running in the worker's thread for
    as long as the browser lives, and Django refuses ORM calls and `async_to_sync` in such a
    thread. xdist hands each worker tests in collection order, so once the browser tests
    come last no other test ever runs beside that loop.
    """
    items.sort(key=lambda item: item.get_closest_marker("playwright") is not None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    # The tests' own ORM calls (fixtures, factories, TOTP codes) are plain synchronous ones in
    # this thread, beside Playwright's loop (see above); pytest-django's documented switch
    # lets Django accept them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(
    browser: Browser, live_server, django_db_serialized_rollback
) -> Iterator[Callable[..., BrowserContext]]:
    """Open fresh browser contexts on the live server; all are closed after the test.

    The live server needs a transactional database, which is emptied after each test; the
    serialized rollback brings back what migrations put there (the default dimensions) for
    the tests that run after this one.
    """
    contexts: list[BrowserContext] = []

    def open_context(**options: object) -> BrowserContext:
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-US",
            viewport={"width": 1280, "height": 800},
            **options,  # type: ignore[arg-type]
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


def authenticator_enrol(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, as after enrolment with an authenticator app."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    return device


def totp_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now.

    django-otp accepts each 30-second time step once per device (`last_t`); a test that signs
    the same user in twice within one step would be refused as a replay, so the step counter
    is reset. Nothing else about the check is bypassed.
    """
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def sign_in(page: Page, user: User, *, next_url: str = "/") -> None:
    """Sign in through the login form and the two-factor page, as an enrolled person does."""
    device = authenticator_enrol(user)
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label(re.compile("username", re.I)).fill(user.username)
    page.get_by_label(re.compile("password", re.I)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/"))
    page.get_by_role("textbox", name=re.compile("code", re.I)).fill(totp_code(device))
    page.get_by_role("button", name=re.compile("continue", re.I)).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/(login|two-factor)/"))


def axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each.

    axe is evaluated through the DevTools protocol rather than added as a <script>: the app's
    CSP (rightly) refuses inline scripts, and evaluation is not subject to it, so each page is
    audited exactly as a visitor gets it, with its CSP in force (no `bypass_csp`).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in AXE_BLOCKING_IMPACTS
    ]


def console_problems(page: Page) -> list[str]:
    """Filled as the page runs: console errors and page errors (a CSP refusal is reported as a
    console error); the browser's request for a favicon the site does not have is not the
    page's doing."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.location.get("url", "").endswith("/favicon.ico"):
            return
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(f"{message.location.get('url')}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems
