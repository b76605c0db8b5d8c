"""Keyboard alone: a skip link first, every control reachable with Tab, a visible focus ring on
each stop, and an invitation answered without touching the mouse (issue 8, "full keyboard use;
visible focus")."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from meetings.models import Invitation
from tests.e2e.parent_scene import Scene
from tests.e2e.test_accessibility import A11yPage, open_page

# The element that has the focus, described; its focus indicator (a Bootstrap .btn-check radio
# is visually hidden: its label carries the ring).
FOCUSED = """
() => {
  const el = document.activeElement;
  const shown = el.matches('.btn-check') ? el.nextElementSibling : el;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), type: el.type || '',
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== 'none',
    visible: box.width > 0 && box.height > 0,
  };
}
"""
# What a keyboard must reach: the visible links, buttons and form controls of the page.
REACHABLE = """
() => Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea'))
  .filter(el => !el.disabled && el.tabIndex >= 0 && !el.closest('[hidden], .collapse:not(.show)'))
  .filter(el => el.matches('.btn-check') || (el.offsetWidth > 0 && el.offsetHeight > 0))
  .map(el => el.id || el.getAttribute('href') || el.getAttribute('name') || el.innerText.trim())
"""


@pytest.fixture
def scene(world, live_server):
    return Scene.build(world)


def tab(page, times=1, shift=False):
    for _ in range(times):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
    return page.evaluate(FOCUSED)


def tab_until(page, predicate, limit=60):
    for _ in range(limit):
        focused = tab(page)
        if predicate(focused):
            return focused
    raise AssertionError("not reached with Tab")


KEY = """() => { const el = document.activeElement;
  return el.id || el.getAttribute('href') || el.getAttribute('name') || el.innerText.trim(); }"""


def test_portal_home_tab_order_and_focus_ring(scene, browser, live_server):
    """Walk the whole page with Tab: every control is reached and shows a focus ring."""
    spec = A11yPage("portal-home", "portal:home", device="desktop")
    context, page = open_page(browser, live_server, scene, spec, "nl")
    try:
        expected = set(page.evaluate(REACHABLE))
        reached, stops = [], []
        for _ in range(len(expected) + 10):
            focused = tab(page)
            key = page.evaluate(KEY)
            # Stop when the focus leaves the page or comes round to the skip link again (the same link
            # may be on the page twice, e.g. in the menu and on the page itself).
            if focused["tag"] == "body" or (reached and key == reached[0]):
                break
            reached.append(key)
            stops.append(focused)
            assert focused["visible"], f"focus on something invisible: {focused}"
            assert focused["outline"] or focused["shadow"], f"no visible focus indicator on {focused}"
        assert stops[0]["text"] == "Naar de inhoud", "the skip link comes first"
        assert expected <= set(reached), f"not reachable with Tab: {expected - set(reached)}"
        assert len(stops) >= 6, stops  # skip link, menu links, language, log out, read aloud, …
    finally:
        context.close()


def test_the_skip_link_moves_the_focus_to_the_content(scene, browser, live_server):
    context, page = open_page(browser, live_server, scene, A11yPage("home", "portal:home"), "nl")
    try:
        first = tab(page)
        assert first["tag"] == "a" and first["text"] == "Naar de inhoud", first
        assert first["visible"] and first["outline"], "the skip link shows when it has the focus"
        box = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
        assert box["top"] >= 0 and box["left"] >= 0 and box["right"] <= 360, box
        page.screenshot(path="/tmp/shots/a11y-focus-skip-link.png")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", "the skip link moves the focus to the content"
        tab(page)
        assert "read-aloud" in page.evaluate("document.activeElement.className"), "then the first control of main"
    finally:
        context.close()


def test_an_invitation_is_answered_with_the_keyboard_alone(scene, browser, live_server):
    spec = A11yPage("rsvp", "meetings:rsvp", lambda s, lang: [s.rsvp_token], who=None)
    context, page = open_page(browser, live_server, scene, spec, "nl")
    try:
        # Into the answers: the radio group is one Tab stop; arrows move within it.
        focused = tab_until(page, lambda f: f["name"] == "response")
        assert focused["outline"] or focused["shadow"], "the answer shows it has the focus"
        page.keyboard.press("Space")
        assert page.evaluate("document.querySelector('input[name=response]:checked').value") == "coming"
        page.screenshot(path="/tmp/shots/a11y-focus-rsvp-answer.png")
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.querySelector('input[name=response]:checked').value") == "not_coming"
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.querySelector('input[name=response]:checked').value") == "coming"

        focused = tab(page)
        assert focused["name"] == "childcare_children", focused
        page.keyboard.press("Control+A")
        page.keyboard.type("2")
        focused = tab(page)
        assert focused["name"] == "interpreter_language", focused
        focused = tab(page)
        assert focused["name"] == "question", focused
        page.keyboard.type("Mag mijn zus ook mee?")
        focused = tab(page)
        assert focused["tag"] == "button" and focused["text"].endswith("Verstuur mijn antwoord"), focused
        assert focused["outline"], "the send button shows it has the focus"
        page.keyboard.press("Enter")

        expect(page.locator("#current-answer")).to_contain_text("Ik kom")
        invitation = Invitation.objects.get(pk=scene.invitation.pk)
        assert (invitation.response, invitation.childcare_children) == ("coming", 2)
        assert invitation.question == "Mag mijn zus ook mee?"
    finally:
        context.close()


def test_the_language_is_switched_with_the_keyboard(scene, browser, live_server):
    """Tab to the language menu, arrow to the next language: the page reloads in it."""
    spec = A11yPage("parent-login", "accounts:parent_login", who=None, device="desktop")
    context, page = open_page(browser, live_server, scene, spec, "nl")
    try:
        order = page.evaluate("Array.from(document.querySelectorAll('#language-select option')).map(o => o.value)")
        focused = tab_until(page, lambda f: f["id"] == "language-select")
        assert focused["outline"], "the language menu shows it has the focus"
        with page.expect_navigation():
            page.keyboard.press("ArrowDown")
        following = order[order.index("nl") + 1]
        expect(page.locator("html")).to_have_attribute("lang", following)
        assert {c["name"]: c["value"] for c in context.cookies()}[settings.LANGUAGE_COOKIE_NAME] == following
    finally:
        context.close()
