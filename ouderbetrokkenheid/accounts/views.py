"""Staff login (e-mail and password) and parent login (magic link or SMS code). Views stay thin:
the rules live in services.py and throttle.py."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from . import acting, throttle
from .access import actor_for, member_required, public
from .destinations import SESSION_NEXT, next_of, safe_next
from .forms import MagicCodeForm, ParentLoginForm, StaffLoginForm, add_throttled_error, is_throttled
from .services import (
    SMS,
    MagicLinkInvalid,
    magic_code_consume,
    magic_link_consume,
    magic_link_guardian,
    magic_link_request_enqueue,
)

SESSION_IDENTITY = "accounts_parent_identity"
WRONG_CODE = _("Deze code klopt niet of werkt niet meer.")


def _status(form):
    return 429 if is_throttled(form) else 200


@public
class StaffLoginView(auth_views.LoginView):
    form_class = StaffLoginForm
    template_name = "accounts/login.html"

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = _status(form)
        return response


@member_required
@require_http_methods(["GET", "POST"])
def choose_school(request):
    """Staff of several schools of one board choose the school they act for (after login, or from
    the menu to switch); it stays chosen for the session. Only the user's own memberships count."""
    actor = actor_for(request)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = ""
    if request.method == "POST":
        chosen = next((s for s in actor.memberships if str(s.school_id) == request.POST.get("school")), None)
        if chosen is None:
            raise Http404
        acting.choose(request, chosen)
        return redirect(target or "staffpages:home")
    current = actor.staff.school_id if actor.staff else None
    return render(request, "accounts/choose_school.html", {"memberships": actor.memberships, "current": current,
                                                           "next": target})  # fmt: skip


@public
def admin_login(request, extra_context=None):
    """Django's admin login with the throttled form; 429 once the throttle refuses."""
    from django.contrib import admin

    response = admin.site.login(request, extra_context)
    form = (getattr(response, "context_data", None) or {}).get("form")
    if form is not None and form.is_bound and is_throttled(form):
        response.status_code = 429
    return response


@public
class LogoutView(auth_views.LogoutView):
    pass


@public
class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        ip = throttle.client_ip(self.request)
        if not throttle.attempt("password-reset", identity=form.cleaned_data["email"], ip=ip):
            add_throttled_error(form)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@public
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    pass


@public
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")


@public
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    pass


@public
@require_http_methods(["GET", "POST"])
def parent_login(request):
    """Ask for an e-mail address or mobile number; the answer never tells whether we know it."""
    form = ParentLoginForm(request.POST if request.method == "POST" else None)
    destination = next_of(request)  # the page a link pointed at: kept through the login
    if form.is_bound and form.is_valid():
        identity = form.cleaned_data["identity"]
        if throttle.attempt("parent-login", identity=identity.value, ip=throttle.client_ip(request)):
            magic_link_request_enqueue(
                identity=identity.value, request_base_url=request.build_absolute_uri("/"), next_path=destination
            )
            if identity.kind == SMS:
                request.session[SESSION_IDENTITY] = identity.value
                request.session[SESSION_NEXT] = destination
                return redirect("accounts:parent_code")
            return redirect("accounts:parent_login_sent")
        add_throttled_error(form)
    context = {"form": form, "next": destination}
    return render(request, "accounts/parent_login.html", context, status=_status(form))


@public
@require_http_methods(["GET"])
def parent_login_sent(request):
    return render(request, "accounts/parent_login_sent.html")


@public
@require_http_methods(["GET", "POST"])
def parent_code(request):
    """Type the six-digit code from the SMS; the number comes from the session of the request step."""
    identity = request.session.get(SESSION_IDENTITY)
    if not identity:
        return redirect("accounts:parent_login")
    form = MagicCodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        ip = throttle.client_ip(request)
        if not throttle.attempt("parent-code", identity=identity, ip=ip):
            add_throttled_error(form)
        else:
            try:
                guardian = magic_code_consume(identity=identity, code=form.cleaned_data["code"])
            except MagicLinkInvalid:
                form.add_error("code", WRONG_CODE)
            else:
                throttle.succeeded("parent-code", identity=identity, ip=ip)
                destination = safe_next(request, request.session.get(SESSION_NEXT))
                return _log_in_guardian(request, guardian, destination)
    return render(request, "accounts/parent_code.html", {"form": form}, status=_status(form))


@public
@require_http_methods(["GET", "POST"])
def magic_link(request, token):
    """GET only shows a button (mail scanners prefetch links); POST uses the link up and logs in."""
    if request.method == "POST":
        try:
            guardian = magic_link_consume(token=token)
        except MagicLinkInvalid:
            return _invalid_link(request)
        return _log_in_guardian(request, guardian, next_of(request))
    guardian = magic_link_guardian(token=token)
    if guardian is None:
        return _invalid_link(request)
    with translation.override(guardian.page_language):
        context = {"school": guardian.school, "next": next_of(request)}
        return render(request, "accounts/magic_link_confirm.html", context)


def _invalid_link(request):
    return render(request, "accounts/magic_link_invalid.html", status=400)


def _log_in_guardian(request, guardian, destination=""):
    """Log in (a new session: any earlier login is gone), switch to the guardian's language and go
    to `destination` (a checked same-site path) or the portal home."""
    login(request, guardian.user, backend="ouderbetrokkenheid.accounts.backends.AccountBackend")
    request.session.pop(SESSION_IDENTITY, None)
    request.session.pop(SESSION_NEXT, None)
    language = guardian.page_language
    translation.activate(language)
    response = redirect(destination or "portal:home")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
