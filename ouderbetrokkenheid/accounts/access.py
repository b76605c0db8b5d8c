"""Who may use a view: the one place every view goes through.

Every view carries an access policy (set with the decorators below). The
AccessPolicyMiddleware enforces it before the view runs and refuses any view
without one, so a new view cannot slip through unguarded. Object-level scoping
(which pupils, groups, guardians) lives in `selectors.py`.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import redirect
from django.urls import get_urlconf, resolve, reverse

from . import acting

STAFF_ROLES = ("teacher", "ib", "leadership", "admin")


@dataclass(frozen=True)
class Actor:
    """The person behind a request, with their roles resolved once."""

    user: object

    @cached_property
    def staff(self):
        return _related(self.user, "staff")

    @cached_property
    def memberships(self):
        """All the user's staff memberships (one per school of their board), for the chooser and menu."""
        return acting.memberships(self.user) if self.is_authenticated else []

    @property
    def needs_school_choice(self):
        return self.staff is None and len(self.memberships) > 1

    @cached_property
    def guardian(self):
        return _related(self.user, "guardian")

    @cached_property
    def board_admin(self):
        return _related(self.user, "board_admin")

    @property
    def is_authenticated(self):
        return bool(self.user and self.user.is_authenticated and self.user.is_active)

    def has_role(self, role):
        if role == "board_admin":
            return self.board_admin is not None
        if role == "guardian":
            return self.guardian is not None
        if role == "member":  # any staff membership, acting for a school or not (the chooser)
            return bool(self.memberships)
        if role == "django_admin":  # a login of Django's admin (is_staff), e.g. a superuser
            return bool(self.user and self.user.is_staff)
        return self.staff is not None and getattr(self.staff, f"is_{role}")


def _related(user, name):
    if not (user and user.is_authenticated):
        return None
    try:
        return getattr(user, name)
    except ObjectDoesNotExist:
        return None


def actor_for(request):
    if not hasattr(request, "_actor"):
        request._actor = Actor(request.user)
    return request._actor


@dataclass(frozen=True)
class Policy:
    """Allowed roles; empty means any visitor (public)."""

    roles: tuple = ()
    name: str = ""

    def allows(self, actor) -> bool:
        """Whether this actor passes the policy (the menu asks this, the middleware below too)."""
        if not self.roles:
            return True
        return actor.is_authenticated and any(actor.has_role(role) for role in self.roles)

    def check(self, request):
        """Return None if allowed, else a response (login redirect); raise PermissionDenied for wrong role."""
        if not self.roles:
            return None
        actor = actor_for(request)
        if not actor.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if self.allows(actor):
            return None
        if actor.needs_school_choice and set(self.roles) & set(STAFF_ROLES):
            return redirect(f"{reverse('accounts:choose_school')}?{urlencode({'next': request.get_full_path()})}")
        raise PermissionDenied


def _with_policy(policy):
    def decorate(view):
        target = getattr(view, "view_class", None) or view
        target.access_policy = policy
        view.access_policy = policy
        return view

    return decorate


public = _with_policy(Policy(name="public"))
guardian_required = _with_policy(Policy(roles=("guardian",), name="guardian"))
staff_required = _with_policy(Policy(roles=STAFF_ROLES + ("board_admin",), name="staff"))
school_staff_required = _with_policy(Policy(roles=STAFF_ROLES, name="school_staff"))
member_required = _with_policy(Policy(roles=("member",), name="member"))  # the school chooser


def roles_required(*roles):
    return _with_policy(Policy(roles=tuple(roles), name="+".join(roles)))


def policy_of(view_func):
    policy = getattr(view_func, "access_policy", None)
    if policy is None and hasattr(view_func, "view_class"):
        policy = getattr(view_func.view_class, "access_policy", None)
    return policy


def _policy_of_url(url_name, urlconf):
    return policy_of(resolve(reverse(url_name, urlconf=urlconf), urlconf=urlconf).func)


_policies = {}


def may_open(actor, url_name) -> bool:
    """Whether the view behind a URL name (without arguments) lets this actor in: its own access
    policy, asked rather than repeated (the menu in templates/base.html shows only such links).
    A view without a policy is refused by the middleware, so here too."""
    key = (url_name, get_urlconf())
    if key not in _policies:
        _policies[key] = _policy_of_url(url_name, key[1])
    policy = _policies[key]
    return policy is not None and policy.allows(actor)
