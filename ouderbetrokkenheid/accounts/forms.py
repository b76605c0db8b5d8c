from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from . import throttle
from .services import parse_identity

THROTTLED = "throttled"


class ThrottledLoginMixin:
    """Throttled per e-mail address and per IP before the password is checked (one budget for the
    staff login and the admin login: a guesser cannot switch doors)."""

    def clean(self):
        email = (self.cleaned_data.get("username") or "").strip().lower()
        ip = throttle.client_ip(self.request)
        if email and not throttle.attempt("staff-login", identity=email, ip=ip):
            raise ValidationError(throttle.TOO_MANY_ATTEMPTS, code=THROTTLED)
        cleaned = super().clean()
        if self.user_cache is not None:
            throttle.succeeded("staff-login", identity=email, ip=ip)
        return cleaned


class StaffLoginForm(ThrottledLoginMixin, AuthenticationForm):
    """E-mail and password."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mailadres")
        self.fields["username"].widget = forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"})


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    """The admin's own login form (staff status required), behind the staff login's throttle."""


class ParentLoginForm(forms.Form):
    identity = forms.CharField(
        label=_("Uw e-mailadres of mobiele nummer"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def clean_identity(self):
        identity = parse_identity(self.cleaned_data["identity"])
        if identity is None:
            raise ValidationError(_("Dit is geen e-mailadres of mobiel nummer. Kijk het nog eens na."), code="invalid")
        return identity


class MagicCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit de sms"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isdigit():
            raise ValidationError(_("De code heeft 6 cijfers."), code="invalid")
        return code


def add_throttled_error(form):
    form.add_error(None, ValidationError(throttle.TOO_MANY_ATTEMPTS, code=THROTTLED))


def is_throttled(form):
    return form.has_error(NON_FIELD_ERRORS, THROTTLED)
