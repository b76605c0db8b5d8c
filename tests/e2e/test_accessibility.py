"""WCAG 2.1 AA on every parent page and the main staff pages (issue 8, "Accessibility").

Each page of PAGES is opened in Chromium and checked with axe-core (vendored, tests/e2e/axe.py)
with the WCAG 2.0/2.1 level A and AA rules; the test fails on any serious or critical violation.
Parent pages are opened on a phone (360×740) in Dutch and in Arabic (right to left), staff pages
on a desktop in Dutch. The same list drives the target-size test below, and the screenshots
(OB_SHOTS=1 writes /tmp/shots/a11y-<page>-<lang>.png).

Adding a page: append one line to PAGES, e.g.
    A11yPage("year-calendar", "yearplan:parent_year"),                       # Anna's page, phone, nl + ar
    staff("reach", "reach:dashboard", who="lea"),                           # desktop, nl
`url` is a URL name (its arguments from `args(scene, lang)`) or a function (scene, lang) → path;
`scene` (tests/e2e/parent_scene.py) holds what Anna has: an invitation with its RSVP token, a
conversation round with free slots, a booking, a published record, a message in the inbox, …;
add an attribute to Scene.build when a new page needs another object. `who` is the persona that
is logged in ("anna", a staff persona of tests/conftest.py's world, or None for a visitor);
`steps(page, scene)` runs after the page is loaded (fill a form, provoke an error state);
`actions` are CSS selectors of the parent's main buttons on it (≥44×44 CSS px).
"""

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.e2e.axe import WCAG_AA_TAGS, axe_violations, describe, serious
from tests.e2e.conftest import DESKTOP, PHONE, _page
from tests.e2e.layout import page_width
from tests.e2e.parent_scene import Scene
from tests.evaluation.support import walk_evaluation

SHOTS = Path("/tmp/shots")
TAKE_SHOTS = os.environ.get("OB_SHOTS") == "1"
# OB_AXE_REPORT=<file>: also write every violation of any impact, best practices included, there.
REPORT = Path(os.environ["OB_AXE_REPORT"]) if os.environ.get("OB_AXE_REPORT") else None
PARENT_LANGUAGES = ("nl", "ar")  # Dutch, and Arabic for right to left
MIN_TARGET = 44  # CSS px, for the parent's main actions


def _ask_code(page, scene):
    page.locator("input[name=identity]").fill("0612345678")
    page.locator("form[method=post] button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/accounts/parent/code/"))


def _submit_empty(page, scene):
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


@dataclass(frozen=True)
class A11yPage:
    """One page to check. `url`: a URL name (with `args(scene, lang)` → its arguments) or a
    function (scene, lang) → path."""

    name: str
    url: str | Callable
    args: Callable | None = None  # (scene, lang) -> reverse() args
    who: str | None = "anna"  # logged-in persona; None: a visitor
    device: str = "phone"  # "phone" (360×740, Dutch and Arabic) or "desktop" (Dutch)
    steps: Callable | None = None  # (page, scene) -> None, after loading
    actions: tuple = ()  # CSS selectors of the parent's main buttons (≥44×44)

    @property
    def languages(self):
        return PARENT_LANGUAGES if self.device == "phone" else ("nl",)

    def path(self, scene, lang):
        if callable(self.url):
            return self.url(scene, lang)
        return reverse(self.url, args=self.args(scene, lang) if self.args else ())

    def __str__(self):
        return self.name


SUBMIT = "main button[type=submit]"
ANSWERS = ("main label.btn", SUBMIT)


def staff(name, url, who="tess", args=None):
    return A11yPage(name, url, args, who=who, device="desktop")


# Every parent page (phone, Dutch and Arabic) and the main staff pages (desktop, Dutch).
# The lead adds a page with one line here (new objects: tests/e2e/parent_scene.py).
# fmt: off
PAGES = [
    # Logging in, and the pages a link in a message opens (visitors)
    A11yPage("staff-login", "accounts:login", who=None, actions=("main .btn-lg",)),
    A11yPage("parent-login", "accounts:parent_login", who=None, actions=(SUBMIT,)),
    A11yPage("parent-login-error", "accounts:parent_login", who=None, steps=_submit_empty),
    A11yPage("parent-login-sent", "accounts:parent_login_sent", who=None, actions=("main .btn-lg",)),
    A11yPage("parent-code", "accounts:parent_login", who=None, steps=_ask_code, actions=(SUBMIT, "main a.btn-lg")),
    A11yPage("magic-link-confirm", lambda s, lang: s.magic_link(lang), who=None, actions=(SUBMIT,)),
    A11yPage("magic-link-invalid", "accounts:magic_link", lambda s, lang: ["no-such-link"], who=None),
    A11yPage("rsvp", "meetings:rsvp", lambda s, lang: [s.rsvp_token], who=None, actions=ANSWERS),
    A11yPage("unsubscribe", "messaging:unsubscribe", lambda s, lang: [s.speaking(lang).unsubscribe_token], who=None,
             actions=(SUBMIT,)),
    # The portal (Anna logged in)
    A11yPage("portal-home", "portal:home", actions=("main .read-aloud",)),
    A11yPage("messages", "messaging:portal_messages", actions=("main .read-aloud",)),
    A11yPage("preferences", "messaging:preferences", actions=(SUBMIT, "main .form-check")),
    A11yPage("invitations", "meetings:my_invitations", actions=("main .card .btn",)),
    A11yPage("my-rsvp", "meetings:my_rsvp", lambda s, lang: [s.session.pk], actions=ANSWERS),
    A11yPage("bookings", "conversations:my_bookings", actions=("main .btn",)),
    A11yPage("book-slot", "conversations:book", lambda s, lang: [s.round.pk], actions=("main .btn",)),
    A11yPage("move-booking", "conversations:move", lambda s, lang: [s.booking.pk], actions=("main .btn",)),
    A11yPage("conversation-preferences", "conversations:preferences", actions=("main .btn",)),
    A11yPage("conversation-preference", "conversations:preference", lambda s, lang: [s.preference_round.pk],
             actions=ANSWERS),
    A11yPage("records", "conversations:my_records", actions=("main .btn",)),
    A11yPage("record", "conversations:my_record", lambda s, lang: [s.record.pk]),
    A11yPage("year-calendar", "yearplan:parent_year"),
    A11yPage("year-feed", "yearplan:guardian_feed_page", actions=("main .btn",)),
    A11yPage("development", "development:portal_view", lambda s, lang: [s.world.pim.pk]),
    A11yPage("my-data", "privacy:my_data", actions=("main .my-data-actions .btn",)),
    A11yPage("privacy-statement", "privacy:statement", who=None),
    A11yPage("accessibility-statement", "privacy:accessibility", who=None),
    A11yPage("contact", "threads:portal", actions=("main .btn-lg",)),
    A11yPage("ask-conversation", "threads:portal_request", actions=(SUBMIT, "main .form-check")),
    # Main staff pages (desktop, Dutch)
    staff("staff-home", "staffpages:home"),
    staff("staff-group", "staffpages:group", args=lambda s, lang: [s.world.group_3.pk]),
    staff("staff-pupil", "staffpages:pupil", args=lambda s, lang: [s.world.pim.pk]),
    staff("meetings-programme", "meetings:programme", who="lea"),
    staff("meetings-sessions", "meetings:sessions"),
    staff("conversations-day", "conversations:day"),
    staff("message-library", "messaging:library"),
    staff("development-pupil", "development:view", args=lambda s, lang: [s.world.pim.pk]),
    staff("development-group", "development:view_group", args=lambda s, lang: [s.world.group_3.pk]),
    staff("development-data", "development:data_hub", who="iris"),
    staff("year-overview", "yearplan:calendar_year", who="lea", args=lambda s, lang: [s.world.year_a.pk]),
    staff("year-setup", "yearplan:setup_year", who="lea", args=lambda s, lang: [s.world.year_a.pk]),
    staff("my-year", "yearplan:my_year"),
    staff("reach-dashboard", "reach:dashboard", who="lea"),
    staff("reach-interpreters", "reach:interpreters", who="iris"),
    staff("reach-buddies", "reach:buddies", who="iris"),
    staff("privacy-overview", "privacy:overview", who="lea"),
    staff("evaluations", "evaluation:list", who="lea"),
    staff("evaluation-setup", "evaluation:new", who="lea"),
    staff("evaluation-plan", "evaluation:detail", who="lea", args=lambda s, lang: [walk_evaluation(s.world).pk]),
    staff("evaluation-board", "evaluation:board", who="bea"),
    staff("parent-messages", "threads:inbox"),
    staff("parent-thread", "threads:thread",
          args=lambda s, lang: [__import__("tests.threads.walk", fromlist=["x"]).walk_thread(s.world).pk]),
]
# fmt: on
PARENT_PAGES = [p for p in PAGES if p.device == "phone"]


def _user_of(world, who):
    from tests.conftest import guardian_user

    person = getattr(world, who)
    return guardian_user(person) if who in ("anna", "bert", "karel") else person.user


def open_page(browser, live_server, scene, spec, lang, *, init_script=None):
    """A new browser context (phone or desktop) in `lang`, logged in as spec.who, on the page.
    `init_script`: JavaScript run in the page before its own scripts."""
    context, page = _page(browser, **(PHONE if spec.device == "phone" else DESKTOP))
    if init_script:
        context.add_init_script(init_script)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
    if spec.who:
        client = Client()
        client.force_login(_user_of(scene.world, spec.who))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url})
    context.add_cookies(cookies)
    response = page.goto(live_server.url + spec.path(scene, lang))
    assert response.status < 500, f"{spec.name}: {response.status}"
    if spec.steps:
        spec.steps(page, scene)
    return context, page


def screenshot(page, spec, lang):
    if TAKE_SHOTS:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"a11y-{spec.name}-{lang}.png"), full_page=True)


@pytest.fixture
def scene(world, live_server):
    return Scene.build(world)


@pytest.mark.parametrize("spec", PAGES, ids=str)
def test_page_has_no_serious_wcag_violation(spec, scene, browser, live_server):
    found = {}
    for lang in spec.languages:
        context, page = open_page(browser, live_server, scene, spec, lang)
        try:
            assert page.evaluate("document.documentElement.lang") == lang
            if lang == "ar":
                assert page.evaluate("document.documentElement.dir") == "rtl"
            if spec.device == "phone":
                width = page_width(page)
                assert width <= PHONE["viewport"]["width"], f"{spec.name} ({lang}) scrolls sideways: {width}px"
                screenshot(page, spec, lang)
                # A parent who reads no Dutch finds the language choice without opening a menu.
                assert page.locator("#language-select").is_visible(), f"{spec.name}: language choice hidden"
                # The menu (links, log out) is folded away on a phone: open it for axe. Visitors who are
                # not logged in have no menu, only the language choice (always visible).
                if spec.who:
                    page.locator(".navbar-toggler").click()
                    page.locator("#mainnav.show").wait_for()
                else:
                    assert page.locator(".navbar-toggler").count() == 0
            else:
                screenshot(page, spec, lang)
            everything = axe_violations(page, tags=[*WCAG_AA_TAGS, "best-practice"]) if REPORT else []
            if everything:
                with REPORT.open("a", encoding="utf-8") as report:
                    report.write(f"== {spec.name} ({lang})\n{describe(everything, nodes=2)}\n")
            violations = serious(axe_violations(page))
            if violations:
                found[lang] = describe(violations)
        finally:
            context.close()
    assert not found, "\n".join(f"{spec.name} in {lang}:\n{text}" for lang, text in found.items())


@pytest.mark.parametrize("spec", [p for p in PARENT_PAGES if p.actions], ids=str)
def test_parent_actions_are_thumb_sized(spec, scene, browser, live_server):
    """The parent's main buttons are at least 44×44 CSS px on a 360 px phone."""
    context, page = open_page(browser, live_server, scene, spec, "nl")
    try:
        small = []
        for selector in spec.actions:
            elements = page.locator(selector)
            assert elements.count(), f"{spec.name}: nothing matches {selector}"
            for i in range(elements.count()):
                element = elements.nth(i)
                if not element.is_visible():
                    continue
                box = element.bounding_box()
                if box["width"] < MIN_TARGET or box["height"] < MIN_TARGET:
                    small.append(
                        f"{selector}[{i}] {box['width']:.0f}×{box['height']:.0f}: {element.inner_text()[:40]!r}"
                    )
        assert not small, f"{spec.name}: targets smaller than {MIN_TARGET}×{MIN_TARGET}: {small}"
    finally:
        context.close()
