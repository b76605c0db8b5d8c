"""The access walk: every URL of the project, requested as every persona.

It walks the URL resolver, so a new view is walked the day it is added:
- every view must carry an access policy (accounts/access.py);
- every URL kwarg must be known below (add new ones, with the object of family A / school A
  they stand for), so no URL escapes the walk;
- a non-public page sends anonymous visitors to the login page and never answers 200 to a
  persona who may not see its objects (403 for the wrong role, 403/404 for "not yours");
- the people a page is for (guardian Anna; teacher Tess, or the school's IB/leadership when
  the page needs that role) do get 200;
- a public page does not show pupil data to an anonymous visitor.

Django's admin (/admin/) guards itself; the walk only checks that it sends non-staff away.
"""

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, reverse

from ouderbetrokkenheid.accounts.access import Actor, policy_of
from tests import factories as f

SKIPPED_PREFIXES = ("admin/",)

# kwarg name -> (the object of family A / school A it stands for, who counts as an outsider)
#   "pupil":  the object belongs to Pim's family or group 3: only group 3's teacher, school A's
#             IB/leadership, the board admin and Anna may see it;
#   "school": the object belongs to school A: every member of staff of school A may see it;
#   None:     not an object (a token in a link): any value, the view decides.
OBJECT_KWARGS = {
    "group_id": (lambda w: w.group_3.pk, "pupil"),
    "pupil_id": (lambda w: w.pim.pk, "pupil"),
    # Pim, with his development view published to his guardians (development's portal page).
    "published_pupil_id": (
        lambda w: __import__("tests.development.test_view", fromlist=["x"]).walk_published_pupil(w).pk,
        "pupil",
    ),
    "guardian_id": (lambda w: w.anna.pk, "pupil"),
    "school_id": (lambda w: w.school_a.pk, "school"),
    "school_year_id": (lambda w: w.year_a.pk, "school"),
    "year_id": (lambda w: w.year_a.pk, "school"),
    "token": (lambda w: "dummy-token-0123456789", None),
    "language": (lambda w: "ar", None),
    "absence_id": (
        lambda w: __import__("tests.conversations.test_absence", fromlist=["x"]).walk_absence(w).pk,
        "school",
    ),  # a translation language (the library's review page)
    "uidb64": (lambda w: "MQ", None),
    "entry_id": (
        lambda w: w.school_a.library.get_or_create(key="walk-tip", defaults={"kind": "tip", "year_level": 3})[0].pk,
        "school",
    ),
    "session_id": (lambda w: walk_invitation(w).session_id, "school"),
    "invitation_id": (lambda w: walk_invitation(w).pk, "school"),
    "proposal_id": (
        lambda w: __import__("tests.meetings.test_session_moves", fromlist=["x"]).walk_proposal(w).pk,
        "school",
    ),
    "item_id": (lambda w: __import__("tests.meetings.walk", fromlist=["walk_item"]).walk_item(w).pk, "school"),
    "round_id": (
        lambda w: __import__("tests.conversations.test_rounds_support", fromlist=["walk_round"]).walk_round(w).pk,
        "school",
    ),
    "booking_id": (
        lambda w: __import__("tests.conversations.test_booking", fromlist=["walk_booking"]).walk_booking(w).pk,
        "pupil",
    ),
    "conversation_id": (
        lambda w: __import__("tests.conversations.test_records_support", fromlist=["x"]).walk_conversation(w).pk,
        "pupil",
    ),
    "record_id": (
        lambda w: __import__("tests.conversations.test_records_support", fromlist=["x"]).walk_record(w).pk,
        "pupil",
    ),
    "interpreter_id": (lambda w: __import__("tests.reach.support", fromlist=["x"]).walk_interpreter(w).pk, "school"),
    "pair_id": (lambda w: __import__("tests.reach.support", fromlist=["x"]).walk_pair(w).pk, "school"),
    "evaluation_id": (lambda w: __import__("tests.evaluation.support", fromlist=["x"]).walk_evaluation(w).pk, "school"),
    "export_id": (lambda w: __import__("tests.evaluation.support", fromlist=["x"]).walk_export(w).pk, "school"),
    "result_id": (lambda w: __import__("tests.development.data_helpers", fromlist=["x"]).walk_result(w).pk, "pupil"),
    "thread_id": (lambda w: __import__("tests.threads.walk", fromlist=["x"]).walk_thread(w).pk, "pupil"),
}


def walk_invitation(world):
    """Anna's invitation to a session of school A (tests/meetings/test_attendance.py)."""
    from tests.meetings.test_attendance import walk_invitation as make

    return make(world)


OUTSIDERS = {
    "pupil": {"bert", "karel", "otto", "sven", "lars"},
    "school": {"bert", "karel", "sven", "lars"},
}
PERSONAS = ["anonymous", "anna", "bert", "karel", "tess", "otto", "iris", "lea", "sven", "lars", "bea"]
# Who a page is for, in order of preference: the first one holding a role of the policy.
RIGHTFUL = {"guardian": ["anna"], "staff": ["tess", "lea", "iris", "bea"]}
PUPIL_DATA = ("Pim", "Prins")

# Public pages whose answer says something on purpose with a 5xx status (route name -> the statuses
# it may answer). The uptime monitor's /health/ answers 503 when the worker or broker is down, as it
# is in the walk (no worker beats); any other status, a crash's 500 included, still fails the walk.
DELIBERATE_STATUSES = {"health": {200, 503}}


@dataclass(frozen=True)
class Route:
    path: str  # "staff/groups/<int:group_id>/"
    name: str  # "staffpages:group"
    callback: object

    @property
    def kwargs(self):
        return re.findall(r"<(?:\w+:)?(\w+)>", self.path)

    def __str__(self):
        return f"/{self.path}"


def route_text(pattern):
    """A path() route as written; a re_path() regex turned into the same shape."""
    text = str(pattern)
    if hasattr(pattern, "converters"):  # RoutePattern
        return text
    text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text)


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        path = prefix + route_text(pattern.pattern)
        if path.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, path, inner)
        else:
            yield Route(path, f"{namespace}{pattern.name or '(zonder naam)'}", pattern.callback)


ROUTES = list(walk(get_resolver().url_patterns))
NON_PUBLIC = [r for r in ROUTES if policy_of(r.callback) is not None and policy_of(r.callback).name != "public"]


def build_url(route, world):
    def value(match):
        name = match.group(1)
        if name not in OBJECT_KWARGS:
            pytest.fail(f"{route} ({route.name}): URL kwarg '{name}' is unknown to the walk; add it to OBJECT_KWARGS")
        return str(OBJECT_KWARGS[name][0](world))

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route.path)


def outsiders(route):
    scopes = {OBJECT_KWARGS[name][1] for name in route.kwargs if name in OBJECT_KWARGS}
    return set().union(*(OUTSIDERS[scope] for scope in scopes if scope))


def user_of(world, persona):
    from tests.conftest import guardian_user

    who = getattr(world, persona)
    return guardian_user(who) if persona in ("anna", "bert", "karel") else who.user


def holds_role(world, persona, policy):
    actor = Actor(user_of(world, persona))
    return any(actor.has_role(role) for role in policy.roles)


def rightful(world, policy):
    candidates = RIGHTFUL["guardian"] if policy.roles == ("guardian",) else RIGHTFUL["staff"]
    return next((p for p in candidates if holds_role(world, p, policy)), None)


def expectation(world, route, persona):
    policy = policy_of(route.callback)
    if persona == "anonymous":
        return "login"
    if not holds_role(world, persona, policy) or persona in outsiders(route):
        return "denied"
    if persona == rightful(world, policy):
        return "ok"
    return "no error"


def test_the_walk_finds_the_pages():
    names = {route.name for route in ROUTES}
    assert {"staffpages:home", "staffpages:group", "staffpages:pupil", "portal:home", "home"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_view_has_an_access_policy(route):
    assert policy_of(route.callback) is not None, f"{route} ({route.name}) has no access policy"


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_every_url_kwarg_is_known_to_the_walk(route):
    unknown = [name for name in route.kwargs if name not in OBJECT_KWARGS]
    assert not unknown, f"{route} ({route.name}): add {unknown} to OBJECT_KWARGS in tests/test_access_walk.py"


@pytest.mark.parametrize("route", [r for r in ROUTES if r not in NON_PUBLIC], ids=str)
def test_public_page_shows_no_pupil_data_to_anonymous(route, world, client):
    url = build_url(route, world)
    response = client.get(url)
    where = f"{url} ({route.name}) as anonymous: {response.status_code}"
    if route.name in DELIBERATE_STATUSES:
        assert response.status_code in DELIBERATE_STATUSES[route.name], where
    else:
        assert response.status_code < 500, where
    body = response.content.decode(errors="replace")
    leaked = [word for word in PUPIL_DATA if word in body]
    assert not leaked, f"{url} ({route.name}) shows {leaked} to an anonymous visitor"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", NON_PUBLIC, ids=str)
def test_access(route, persona, world, client):
    url = build_url(route, world)
    if persona != "anonymous":
        client.force_login(user_of(world, persona))
    response = client.get(url)
    status = response.status_code
    expected = expectation(world, route, persona)
    where = f"{url} ({route.name}, policy {policy_of(route.callback).name}) as {persona}: {status}"
    # A page that only takes POST answers GET with 405 before it looks anything up: past the
    # policy, nothing shown. What it does with a POST is that page's own tests' business.
    post_only = status == 405 and "GET" not in response.headers.get("Allow", "")
    if expected == "login":
        assert status == 302 and response.url.startswith(resolve_url(settings.LOGIN_URL)), where
    elif expected == "denied":
        assert status in (403, 404) or post_only, f"{where}, expected 403 or 404"
    elif expected == "ok":
        assert status == 200 or post_only, f"{where}, expected 200: this page is for {persona}"
    else:
        assert status < 500, where


@pytest.mark.parametrize("persona", ["anonymous", "anna", "tess", "lea", "bea"])
def test_admin_sends_everyone_but_admin_staff_to_the_admin_login(persona, world, client):
    if persona != "anonymous":
        client.force_login(user_of(world, persona))
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/"), persona


def test_admin_opens_for_a_superuser(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root@example.nl", "geheim-wachtwoord-42"))
    assert client.get("/admin/").status_code == 200


# -- staff at two schools of one board (issue 14, point 4) ----------------------------------------
# Mira is IB at school A and leadership at school B (one login, a membership per school). Acting
# for A (chosen in the session) every page answers her exactly as it answers Iris, A's IB; acting
# for B exactly as it answers Lars, B's leadership, so A's objects are closed to her; with a school
# of another board in her session (which she cannot choose) no staff page opens: she is sent to
# the chooser (which, like her two-step login pages, opens for any membership).


def mira(world):
    from django.contrib.auth import get_user_model

    from ouderbetrokkenheid.school.models import Staff

    if not hasattr(world, "mira"):
        user = get_user_model().objects.create_user("mira@stichting.example.nl")
        Staff.objects.create(user=user, school=world.school_a, first_name="Mira", last_name="Maas", is_ib=True)
        Staff.objects.create(user=user, school=world.school_b, first_name="Mira", last_name="Maas", is_leadership=True)
        world.mira = user
        world.school_c = f.SchoolFactory(name="De Esch")  # another board
    return world.mira


def login_acting(client, user, school):
    from ouderbetrokkenheid.accounts.acting import SESSION_KEY

    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = school.pk
    session.save()
    return client


ACTING = {"a": ("school_a", "iris"), "b": ("school_b", "lars"), "other_board": ("school_c", None)}


@pytest.mark.parametrize("acting", list(ACTING))
@pytest.mark.parametrize("route", NON_PUBLIC, ids=str)
def test_staff_of_two_schools_act_for_one_school_at_a_time(route, acting, world, client):
    from django.test import Client

    url = build_url(route, world)
    school, twin = ACTING[acting]
    status = login_acting(client, mira(world), getattr(world, school)).get(url)
    where = f"{url} ({route.name}, policy {policy_of(route.callback).name}) as Mira acting for {school}"
    if twin is not None:
        other = Client()
        other.force_login(user_of(world, twin))
        expected = other.get(url).status_code
        assert status.status_code == expected, f"{where}: {status.status_code}, {twin} gets {expected}"
        if acting == "b" and outsiders(route) & {"lars"}:
            assert status.status_code in (403, 404, 405), where
        return
    roles = set(policy_of(route.callback).roles)
    if roles & {"teacher", "ib", "leadership", "admin"}:
        assert status.status_code == 302 and status.url.startswith(reverse("accounts:choose_school")), where
    elif "member" in roles:  # the chooser, and her own two-step login (one per login, not per school)
        assert status.status_code in (200, 405), where  # 405: let in, but a POST-only page
    else:
        assert status.status_code in (403, 404, 405), where
