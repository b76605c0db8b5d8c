"""Forms of the staff data pages (results, import, tables, routes, settings, perspective, goals,
advice). Forms only parse input; the rules are in services.py and rules.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from conversations.models import AdviceTrack

from . import rules
from .models import AdviceKind, DevelopmentSettings, Domain, Phase, ShortTermGoal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_BYTES = 5 * 1024 * 1024
YEAR_LEVELS = [(n, _("groep %(n)d") % {"n": n}) for n in range(3, 9)]
TRACK_CHOICES = [("", "—"), *AdviceTrack.choices]


class FileForm(forms.Form):
    file = forms.FileField(label=_("Bestand (CSV)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Dit bestand is groter dan 5 MB."))
        return upload.read()


class ResultForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domein"), choices=Domain.choices)
    year_level = forms.TypedChoiceField(label=_("Groep"), choices=YEAR_LEVELS, coerce=int)
    phase = forms.ChoiceField(label=_("Toetsmoment"), choices=Phase.choices, initial=Phase.MIDDLE)
    taken_on = forms.DateField(label=_("Afnamedatum"), widget=DATE)
    test_name = forms.CharField(label=_("Toets"), max_length=100)
    ability_score = forms.IntegerField(label=_("Vaardigheidsscore"), required=False)
    level_reported = forms.CharField(
        label=_("Functioneringsniveau"), max_length=8, required=False, help_text=_("Bijvoorbeeld M5, <E3 of >E8.")
    )
    level_band = forms.CharField(label=_("Niveau (I–V of A–E)"), max_length=4, required=False)
    dle_reported = forms.DecimalField(label=_("DLE"), max_digits=4, decimal_places=1, required=False)


class CorrectionForm(forms.Form):
    taken_on = forms.DateField(label=_("Afnamedatum"), widget=DATE)
    test_name = forms.CharField(label=_("Toets"), max_length=100)
    ability_score = forms.IntegerField(label=_("Vaardigheidsscore"), required=False)
    level_reported = forms.CharField(label=_("Functioneringsniveau (LVS)"), max_length=8, required=False)
    level_band = forms.CharField(label=_("Niveau (I–V of A–E)"), max_length=4, required=False)
    dle_reported = forms.DecimalField(label=_("DLE"), max_digits=4, decimal_places=1, required=False)
    reason = forms.CharField(label=_("Reden van de correctie"), max_length=300)


class LevelTableForm(FileForm):
    test_name = forms.CharField(label=_("Toets"), max_length=100)
    domain = forms.ChoiceField(label=_("Domein"), choices=Domain.choices)
    field_order = ["test_name", "domain", "file"]


class RouteTableForm(forms.Form):
    name = forms.CharField(label=_("Naam van de tabel"), max_length=200)
    vmbo_bb = forms.IntegerField(label=_("vmbo-bb vanaf DLE"), min_value=1, max_value=80)
    vmbo_kb = forms.IntegerField(label=_("vmbo-kb vanaf DLE"), min_value=1, max_value=80)
    vmbo_gt = forms.IntegerField(label=_("vmbo-gl/tl vanaf DLE"), min_value=1, max_value=80)
    havo = forms.IntegerField(label=_("havo vanaf DLE"), min_value=1, max_value=80)
    vwo = forms.IntegerField(label=_("vwo vanaf DLE"), min_value=1, max_value=80)

    def boundaries(self):
        return {key: self.cleaned_data[key] for key in rules.ROUTE_KEYS}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = DevelopmentSettings
        fields = [
            "perspective_from_year_level", "middle_offset_months", "begin_offset_months", "groep7_advice",
            "groep7_advice_by", "provisional_advice_by", "transfer_test_from", "transfer_test_until",
            "final_advice_by",
        ]  # fmt: skip
        widgets = {name: DATE for name in fields if name.endswith(("_by", "_from", "_until"))}


class PerspectiveForm(forms.Form):
    track = forms.ChoiceField(label=_("Uitstroomprofiel"), choices=[("", _("— kies —")), *AdviceTrack.choices])
    reasoning = forms.CharField(label=_("Onderbouwing"), widget=forms.Textarea(attrs={"rows": 3}))
    supporting = forms.CharField(
        label=_("Bevorderende factoren"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    hindering = forms.CharField(
        label=_("Belemmerende factoren"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domein"), choices=Domain.choices)
    target_level = forms.CharField(label=_("Doelniveau"), max_length=8, help_text=_("Bijvoorbeeld M6."))
    target_moment = forms.CharField(label=_("Bij toetsmoment"), max_length=3, help_text=_("Bijvoorbeeld E6."))
    evaluation_date = forms.DateField(label=_("Evaluatiedatum"), widget=DATE)
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)


class ReviewForm(forms.Form):
    goal = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Evaluatie"), choices=[c for c in ShortTermGoal.Outcome.choices if c[0]])
    note = forms.CharField(label=_("Toelichting"), max_length=500, required=False)


class AdviceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort advies"), choices=AdviceKind.choices)
    track = forms.ChoiceField(label=_("Advies"), choices=[("", _("— kies —")), *AdviceTrack.choices])
    second_track = forms.ChoiceField(label=_("Dubbel advies: ook"), choices=TRACK_CHOICES, required=False)
    given_on = forms.DateField(label=_("Datum"), widget=DATE)
    second_colleague = forms.ModelChoiceField(label=_("Tweede collega"), queryset=None, required=False)
    transfer_test_track = forms.ChoiceField(label=_("Uitslag doorstroomtoets"), choices=TRACK_CHOICES, required=False)
    reasoning = forms.CharField(label=_("Onderbouwing"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_colleague"].queryset = colleagues


class LogFilterForm(forms.Form):
    pupil = forms.ModelChoiceField(label=_("Leerling"), queryset=None, required=False)
    staff = forms.ModelChoiceField(label=_("Medewerker"), queryset=None, required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = school.pupils.order_by("last_name", "first_name")
        self.fields["staff"].queryset = school.staff.order_by("last_name", "first_name")
