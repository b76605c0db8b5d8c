"""Who must verify a second factor, decided per request from the roles (no extra queries for a
teacher whose school does not require it: whether they linked an app is kept in the session)."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import actor_for

SESSION_ENROLLED = "mfa_enrolled"


def mfa_required(actor):
    """The rule: admin users, board admins, IB, leadership, admin staff; teachers if the school says so.

    One login, one rule: a person working at several schools of a board (a membership per school)
    verifies when any of their memberships asks for it, whichever school they act for now."""
    user = actor.user
    if user.is_staff or user.is_superuser:
        return True
    if actor.board_admin is not None:
        return True
    memberships = actor.memberships
    if any(m.is_ib or m.is_leadership or m.is_admin for m in memberships):
        return True
    return any(m.school.mfa_required_for_teachers for m in memberships)


def has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolled(request):
    """Whether this session's user linked an app (cached in the session; set at login and enrolment)."""
    if SESSION_ENROLLED not in request.session:
        request.session[SESSION_ENROLLED] = has_app(request.user)
    return request.session[SESSION_ENROLLED]


def must_verify(request):
    actor = actor_for(request)
    if not actor.is_authenticated:
        return False
    return mfa_required(actor) or enrolled(request)


def is_verified(user):
    """Verified by django-otp's OTPMiddleware in this session (False without the middleware)."""
    return bool(getattr(user, "is_verified", lambda: False)())
