"""Who must verify a second factor, decided per request from the roles (no extra queries for a
teacher whose school does not require it: whether they linked an app is kept in the session)."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from ..access import actor_for

SESSION_ENROLLED = "mfa_enrolled"


def mfa_required(actor):
    """The rule: admin users, board admins, IB, leadership, admin staff; teachers if the school says so."""
    user = actor.user
    if user.is_staff or user.is_superuser:
        return True
    staff = actor.staff
    if staff is not None and (staff.is_ib or staff.is_leadership or staff.is_admin):
        return True
    if actor.board_admin is not None:
        return True
    return staff is not None and staff.school.mfa_required_for_teachers


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
