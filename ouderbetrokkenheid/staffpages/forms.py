"""The forms of the staffpages app's views."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ouderbetrokkenheid.school.models import Staff

MAX_BYTES = 5 * 1024 * 1024


class UploadForm(forms.Form):
    pupils = forms.FileField(label=gettext_lazy("Leerlingen met verzorgers (CSV, Excel of EDEXML)"), required=False)
    staff = forms.FileField(label=gettext_lazy("Medewerkers (CSV of Excel)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("check", _("Controleren")))

    def clean(self):
        data = super().clean()
        if not (data.get("pupils") or data.get("staff")):
            raise forms.ValidationError(_("Kies een leerlingenbestand, een medewerkersbestand of allebei."))
        for name in ("pupils", "staff"):
            if data.get(name) and data[name].size > MAX_BYTES:
                self.add_error(name, _("Dit bestand is groter dan 5 MB."))
        return data

    def files_as_bytes(self):
        return {
            name: self.cleaned_data[name].read() if self.cleaned_data.get(name) else None
            for name in ("pupils", "staff")
        }


class ApplyForm(forms.Form):
    fingerprint = forms.CharField(widget=forms.HiddenInput)
    leavers = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_leavers = forms.BooleanField(required=False)

    def confirmed_leavers(self):
        """The number of ended enrollments the person confirmed, or None."""
        return self.cleaned_data["leavers"] if self.cleaned_data["confirm_leavers"] else None


class UndoForm(forms.Form):
    run = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=gettext_lazy("Ja, draai deze import terug"),
        error_messages={"required": gettext_lazy("Vink aan dat u deze import wilt terugdraaien.")},
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Staff
        fields = ["language"]
        widgets = {"language": forms.Select(attrs={"class": "form-select"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Nederlands (standaard)"))] + [
            choice for choice in self.fields["language"].choices if choice[0] not in ("", "nl")
        ]
