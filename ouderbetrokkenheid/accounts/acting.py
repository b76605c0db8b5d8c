"""The school a member of staff acts for.

A login may hold a staff membership (school.Staff) at several schools of one board. A request
acts for one of them: the one chosen on the chooser page and kept in the session, or the only
one. `user.staff` returns that membership, so every accessor that read "the user's staff
record" (Actor.staff, scoping, the views) works for the acting school and never mixes schools.
A login with several memberships and no (valid) choice has no acting membership: `user.staff`
raises NoActingStaff (an ObjectDoesNotExist, as a missing one-to-one did), and the access
policy sends them to the chooser.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.functional import LazyObject, empty

SESSION_KEY = "accounts_acting_school"


class NoActingStaff(ObjectDoesNotExist, AttributeError):
    """No membership to act for (none, or several and none chosen); an AttributeError as well,
    like Django's RelatedObjectDoesNotExist, so hasattr(user, "staff") keeps its meaning."""


def _unwrapped(user):
    """The user itself behind request.user's lazy wrapper: the wrapper keeps a __dict__ of its own,
    so a cache or choice kept there would be missed (and the memberships read twice) by `user.staff`,
    which runs on the user itself."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def memberships(user) -> list:
    """The user's memberships with their schools, by school name; read once per user."""
    user = _unwrapped(user)
    cached = user.__dict__.get("_staff_memberships")
    if cached is None:
        if not user.pk:
            return []
        cached = list(user.staff_memberships.select_related("school").order_by("school__name", "pk"))
        user._staff_memberships = cached
    return cached


def acting_staff(user):
    """The membership `user` acts for: the chosen school's, else the only one; NoActingStaff otherwise.
    A chosen school the user holds no membership at (removed since, or a tampered session) counts
    as no choice."""
    user = _unwrapped(user)
    mine = memberships(user)
    chosen = getattr(user, "acting_school_id", None)
    for staff in mine:
        if staff.school_id == chosen:
            return staff
    if len(mine) == 1:
        return mine[0]
    raise NoActingStaff("no acting staff membership")


def attach(request):
    """Tell the request's user which school the session chose (the middleware, every request)."""
    school_id = request.session.get(SESSION_KEY)
    if school_id is not None:  # only then: a visitor who never chose costs no user lookup here
        request.user.acting_school_id = school_id


def choose(request, staff):
    """Act for `staff`'s school from now on in this session."""
    request.session[SESSION_KEY] = staff.school_id
    request.user.acting_school_id = staff.school_id
