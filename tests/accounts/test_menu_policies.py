"""The menu asks the views' own access policies (accounts.access.may_open), so it shows a person
every page of the menu they may open and no page that would refuse them."""

import re

import pytest
from django.urls import reverse

from ouderbetrokkenheid.accounts.access import Actor, may_open
from tests.conftest import guardian_user

MENU = re.compile(r'<nav class="navbar.*?</nav>', re.S)
LINK = re.compile(r'href="(/[^"#]*)"')
# Every URL name the menu may show; each one is shown exactly when its view's policy allows it.
NAMES = re.compile(r'may_open:"([a-z_]+:[a-z_]+)"')


def _user(world, persona):
    who = getattr(world, persona)
    return guardian_user(who) if persona in ("anna", "bert") else who.user


def _menu_names(block):
    """The URL names guarded in one audience's menu block of base.html (staff, board, guardian)."""
    from django.conf import settings

    text = (settings.BASE_DIR / "templates" / "base.html").read_text()
    staff, rest = text.split("{% elif actor.board_admin %}")
    board, guardian = rest.split("{% elif actor.guardian %}")
    return set(NAMES.findall({"staff": staff, "board": board, "guardian": guardian}[block]))


@pytest.mark.parametrize(("persona", "block"), [("anna", "guardian"), ("tess", "staff"), ("otto", "staff"),
                                                ("iris", "staff"), ("lea", "staff"), ("bea", "board")])  # fmt: skip
def test_the_menu_shows_exactly_the_pages_the_policies_allow(world, client, persona, block):
    user = _user(world, persona)
    client.force_login(user)
    page = client.get(reverse("home"), follow=True).content.decode()
    links = set(LINK.findall(MENU.search(page).group(0)))
    actor = Actor(user)
    names = _menu_names(block)
    assert names
    for name in names:
        assert (reverse(name) in links) == may_open(actor, name), (persona, name)


@pytest.mark.parametrize("persona", ["anna", "tess", "iris", "lea", "bea"])
def test_no_menu_link_refuses_the_person(world, client, persona):
    client.force_login(_user(world, persona))
    page = client.get(reverse("home"), follow=True).content.decode()
    for url in sorted(set(LINK.findall(MENU.search(page).group(0)))):
        if url.startswith(("/static", "/i18n")):
            continue
        assert client.get(url).status_code in (200, 302), url


def test_the_teachers_menu_leaves_out_the_leaderships_pages(world, client):
    client.force_login(world.tess.user)
    menu = MENU.search(client.get(reverse("staffpages:home")).content.decode()).group(0)
    links = set(LINK.findall(menu))
    assert reverse("conversations:day") in links and reverse("threads:inbox") in links
    assert reverse("reach:dashboard") not in links and reverse("staffpages:import") not in links


def test_may_open_is_the_policy_of_the_view(world):
    assert may_open(Actor(world.lea.user), "staffpages:import")
    assert not may_open(Actor(world.tess.user), "staffpages:import")
    assert not may_open(Actor(guardian_user(world.anna)), "conversations:day")
