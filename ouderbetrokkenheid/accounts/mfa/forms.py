from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class SchoolMFAForm(forms.Form):
    required_for_teachers = forms.BooleanField(
        label=_("MFA verplicht voor leerkrachten"),
        required=False,
        help_text=_("IB, directie en beheer loggen altijd in met een code uit een app."),
    )
