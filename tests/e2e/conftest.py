"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system's /usr/bin/chromium (`make test` installs it).
Parents get a phone-sized page (360×740), staff a desktop one.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread; the ORM calls of the test itself are
# still synchronous, and the live server answers from its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("OB_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


# Content-Security-Policy violations seen in any page of the running test (docs/security.md): every
# browser context gets a listener for `securitypolicyviolation` events, and Chromium's own console
# errors about the policy count too. The autouse fixture `no_csp_violations` fails the test.
CSP_VIOLATIONS = []
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) => console.error(
  "CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
  " in " + e.documentURI + " (" + (e.sourceFile || "") + ":" + e.lineNumber + ")"));"""


def _record_csp_error(message):
    text = message.text
    if message.type == "error" and ("CSP violation" in text or "Content Security Policy" in text):
        CSP_VIOLATIONS.append(text)


def watch_csp(context):
    context.add_init_script(CSP_LISTENER)
    context.on("console", _record_csp_error)
    return context


@pytest.fixture(scope="package")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (never `playwright install`).")
    from playwright.sync_api import expect, sync_playwright

    # a loaded machine (the suite on two workers) can take more than expect()'s default 5 s to
    # answer a click: assertions wait as long as the pages' actions do
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        new_context = browser.new_context
        browser.new_context = lambda *args, **kwargs: watch_csp(new_context(*args, **kwargs))
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def no_csp_violations():
    """Fail a browser test in whose pages the Content-Security-Policy refused something."""
    CSP_VIOLATIONS.clear()
    yield CSP_VIOLATIONS
    found, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
    if found:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(found)), pytrace=False)


def _page(browser, **options):
    from django.utils import timezone

    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.clock.set_system_time(timezone.now())  # the page's clock is the suite's (tests/plugins/clock.py)
    return context, context.new_page()


@pytest.fixture
def phone_page(browser, live_server):
    context, page = _page(browser, **PHONE)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context, page = _page(browser, **DESKTOP)
    yield page
    context.close()


@pytest.fixture
def url(live_server):
    """url("accounts:login") → the absolute URL on the live server."""
    from django.urls import reverse

    def _url(name, *args):
        return live_server.url + reverse(name, args=args)

    return _url


@pytest.fixture(autouse=True)
def fresh_login_throttle():
    """Repeated runs must not hit the login throttle (only this process's throttle keys: Redis is
    shared with parallel workers, see tests/cache_keys.py)."""
    from tests.cache_keys import delete_keys

    delete_keys("*throttle:*")
