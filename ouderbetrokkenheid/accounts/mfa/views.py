"""The pages of the two-step login: link an app, verify a login, recovery codes, and the school's
setting for teachers (leadership). Views stay thin: the rules are in rules.py and services.py."""

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from ouderbetrokkenheid.school.models import Staff

from .. import throttle
from ..access import actor_for, roles_required
from ..forms import add_throttled_error, is_throttled
from . import services
from .forms import CodeForm, SchoolMFAForm
from .middleware import unverified_allowed
from .rules import has_app, is_verified, mfa_required

# Everyone who may (or must) use a second factor: staff, board admins and Django admin users.
# Staff as "member" (any membership, acting for a school or not): the second step belongs to the
# login, not to a school, so it comes before the school chooser; with a staff role here a person
# of several schools who has not chosen yet was sent to the chooser, which sent them back here.
mfa_user = roles_required("member", "board_admin", "django_admin")
SESSION_NEW_CODES = "mfa_new_recovery_codes"
THROTTLE_SCOPE = "staff-mfa"
WRONG_CODE = gettext_lazy("Deze code klopt niet. Kijk in de app en probeer het opnieuw.")


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _attempt(request, form):
    """Count an attempt (throttled like the password login); False, with the error on the form, when over."""
    if throttle.attempt(THROTTLE_SCOPE, identity=f"user:{request.user.pk}", ip=throttle.client_ip(request)):
        return True
    add_throttled_error(form)
    return False


@mfa_user
@unverified_allowed
@require_http_methods(["GET", "POST"])
def setup(request):
    """Link an authenticator app: QR code and secret key, then a first code to confirm."""
    verified = is_verified(request.user)
    if has_app(request.user) and not verified:
        return redirect("accounts:mfa_verify")  # a linked app is replaced only from a verified session
    device = services.pending_app(request.user)
    form = CodeForm(request.POST or None)
    if form.is_bound and form.is_valid() and _attempt(request, form):
        codes = services.app_confirm(request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            throttle.succeeded(THROTTLE_SCOPE, identity=f"user:{request.user.pk}", ip=throttle.client_ip(request))
            request.session[SESSION_NEW_CODES] = codes
            messages.success(request, _("De app is gekoppeld. U logt voortaan in met een code uit de app."))
            return redirect(f"{reverse('accounts:mfa_recovery_codes')}?{urlencode({'next': _next(request)})}")
        form.add_error("code", WRONG_CODE)
    context = {
        "form": form,
        "qr": services.qr_svg(device),
        "key": services.secret_key(device),
        "replacing": verified and has_app(request.user),
        "next": _next(request),
    }
    return render(request, "accounts/mfa/setup.html", context, status=429 if is_throttled(form) else 200)


@mfa_user
@unverified_allowed
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step after the password: a code from the app, or one recovery code."""
    form = CodeForm(request.POST or None)
    if form.is_bound and form.is_valid() and _attempt(request, form):
        device = services.verify(request, code=form.cleaned_data["code"])
        if device is not None:
            throttle.succeeded(THROTTLE_SCOPE, identity=f"user:{request.user.pk}", ip=throttle.client_ip(request))
            if device.name == services.RECOVERY_NAME:
                left = services.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _("Herstelcode gebruikt: er zijn er nog %(left)s over. App kwijt? Maak nieuwe codes.")
                    % {"left": left},
                )
            return redirect(_next(request))
        form.add_error("code", WRONG_CODE)
    context = {"form": form, "has_app": has_app(request.user), "next": _next(request)}
    return render(request, "accounts/mfa/verify.html", context, status=429 if is_throttled(form) else 200)


@mfa_user
@require_http_methods(["GET"])
def overview(request):
    """Your two-step login: the linked app, how many recovery codes are left, new codes."""
    actor = actor_for(request)
    context = {
        "has_app": has_app(request.user),
        "required": mfa_required(actor),
        "codes_left": services.recovery_codes_left(request.user),
    }
    return render(request, "accounts/mfa/overview.html", context)


@mfa_user
@require_POST
def recovery_codes_renew(request):
    if not (has_app(request.user) and is_verified(request.user)):
        return redirect("accounts:mfa_setup")
    request.session[SESSION_NEW_CODES] = services.recovery_codes_renew(user=request.user)
    return redirect("accounts:mfa_recovery_codes")


@mfa_user
@require_http_methods(["GET"])
def recovery_codes(request):
    """The new recovery codes, shown once: a reload no longer shows them."""
    codes = request.session.pop(SESSION_NEW_CODES, None)
    return render(request, "accounts/mfa/recovery_codes.html", {"codes": codes, "next": _next(request)})


@roles_required("leadership")
@require_http_methods(["GET", "POST"])
def school_setting(request):
    """Leadership decides whether the school's teachers must use the two-step login too."""
    school = actor_for(request).staff.school
    form = SchoolMFAForm(request.POST or None, initial={"required_for_teachers": school.mfa_required_for_teachers})
    if form.is_bound and form.is_valid():
        services.school_require_for_teachers(school=school, required=form.cleaned_data["required_for_teachers"])
        messages.success(request, _("De instelling is opgeslagen."))
        return redirect("accounts:mfa_school")
    staff = (
        Staff.objects.filter(school=school, user__is_active=True)
        .annotate(has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)))
        .order_by("last_name", "first_name")
    )
    return render(request, "accounts/mfa/school.html", {"form": form, "school": school, "staff": staff})
