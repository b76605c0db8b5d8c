"""No page scrolls sideways on a 360 px phone (issue 13, point 11), for every role.

The pages come from the access walk (tests/test_access_walk.py: every URL of the project with the
objects of family A / school A): each persona gets every page it may open that answers 200 with
HTML, opened in Chromium at 360×740 on the parent scene's data, and the test fails on
`document.documentElement.scrollWidth > 360`, naming the pages and their widths. Wide tables
scroll inside their own box (`.table-responsive`, or `.scroll-x` in app.css) or become cards.
"""

import pytest
from django.conf import settings
from django.test import Client

from messaging.models import LibraryEntry, LibraryText
from ouderbetrokkenheid.accounts.access import policy_of
from tests.e2e.conftest import PHONE, _page
from tests.e2e.layout import page_width
from tests.e2e.parent_scene import Scene
from tests.test_access_walk import NON_PUBLIC, ROUTES, build_url, holds_role, outsiders, user_of

WIDTH = PHONE["viewport"]["width"]
# What sticks out: the outermost elements whose right edge passes the window (tag#id.class).
CULPRITS = """(width) => {
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
      out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + [...el.classList].join("."));
    }
  }
  return out.slice(0, 3);
}"""
# One persona per role: guardian, teacher, IB, leadership, board admin; and a visitor.
PERSONAS = ["anna", "tess", "iris", "lea", "bea", "anonymous"]


def pages_for(world, persona, client):
    """The paths `persona` may open that answer 200 with an HTML page."""
    routes = [r for r in ROUTES if r not in NON_PUBLIC] if persona == "anonymous" else NON_PUBLIC
    paths = [build_url(route, world) for route in routes if persona == "anonymous" or (
        holds_role(world, persona, policy_of(route.callback)) and persona not in outsiders(route))]  # fmt: skip
    for entry in LibraryEntry.objects.filter(texts__isnull=True):  # the walk's bare entry: a tip as a school has it
        LibraryText.objects.create(entry=entry, language="nl", text="Lees samen een boek. {teacher}")
    found = []
    for path in paths:
        response = client.get(path)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found.append(path)
    return found


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_scrolls_sideways_at_360px(persona, world, browser, live_server):
    Scene.build(world)
    client = Client()
    context, page = _page(browser, **PHONE)
    if persona != "anonymous":
        client.force_login(user_of(world, persona))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    paths = pages_for(world, persona, client)
    assert paths, f"{persona}: no pages to walk"
    wide = {}
    try:
        for path in paths:
            page.goto(live_server.url + path)
            width = page_width(page)
            if width > WIDTH:
                wide[path] = (width, page.evaluate(CULPRITS, WIDTH))
    finally:
        context.close()
    assert not wide, f"{persona}: pages wider than {WIDTH}px: {wide}"
