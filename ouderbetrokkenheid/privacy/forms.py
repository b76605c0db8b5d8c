from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    requested_by = forms.CharField(
        label=_("Wie vroeg om verwijdering?"),
        max_length=300,
        help_text=_("Bijvoorbeeld: de ouder zelf, per e-mail; of de andere ouder met gezag."),
    )
    requested_on = forms.DateField(label=_("Datum van het verzoek"), widget=forms.DateInput(attrs={"type": "date"}))
    confirm = forms.BooleanField(label=_("Ik heb gecontroleerd wat wordt verwijderd en wat blijft."))

    def clean_requested_on(self):
        day = self.cleaned_data["requested_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("De datum van het verzoek ligt in de toekomst."))
        return day


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoek een ouder of leerling"), max_length=100, required=False)
