"""Forms of the reach pages (staff pages: Dutch)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.followup import REACH_OUTCOMES, FollowUpOutcome
from ouderbetrokkenheid.school.languages import SOURCE_LANGUAGE
from ouderbetrokkenheid.school.models import Guardian, InterpreterKind, Language, Staff
from ouderbetrokkenheid.school.text import VisibleCharField

from .models import ConsentHow

LANGUAGE_CHOICES = [(code, label) for code, label in Language.choices if code != SOURCE_LANGUAGE]
CONSENT_CHOICES = [("", _("nog niet gegeven"))] + list(ConsentHow.choices)


class InterpreterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=InterpreterKind.choices)
    staff = forms.ModelChoiceField(label=_("Medewerker (bij soort medewerker)"), queryset=Staff.objects.none(),
                                   required=False)  # fmt: skip
    name = VisibleCharField(label=_("Naam (leeg: de naam van de medewerker)"), max_length=200, required=False)
    languages = forms.MultipleChoiceField(label=_("Talen"), choices=LANGUAGE_CHOICES, required=False,
                                          widget=forms.CheckboxSelectMultiple)  # fmt: skip
    other_languages = forms.CharField(
        label=_("Andere talen (taalcodes, met komma's, bijvoorbeeld so, ti, fa)"), max_length=100, required=False
    )
    phone = forms.CharField(label=_("Telefoon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    active = forms.BooleanField(label=_("Actief"), required=False, initial=True)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = Staff.objects.filter(school=school).order_by("first_name", "last_name")

    def all_languages(self):
        data = self.cleaned_data
        others = [code.strip() for code in data.get("other_languages", "").split(",") if code.strip()]
        return list(data.get("languages", [])) + others


class BookInterpreterForm(forms.Form):
    interpreter = forms.IntegerField(widget=forms.HiddenInput)
    language = forms.CharField(max_length=8, widget=forms.HiddenInput)
    confirmed = forms.BooleanField(label=_("Al bevestigd door de tolk"), required=False)


class BuddyPairForm(forms.Form):
    guardian = forms.ModelChoiceField(label=_("Ouder die een steuntje nodig heeft"), queryset=Guardian.objects.none())
    buddy = forms.ModelChoiceField(label=_("Maatje (een andere ouder)"), queryset=Guardian.objects.none())
    guardian_consent = forms.ChoiceField(label=_("Toestemming van de ouder"), choices=CONSENT_CHOICES, required=False)
    buddy_consent = forms.ChoiceField(label=_("Toestemming van het maatje"), choices=CONSENT_CHOICES, required=False)
    note = forms.CharField(label=_("Notitie"), max_length=300, required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        guardians = Guardian.objects.filter(school=school).order_by("last_name", "first_name", "pk")
        self.fields["guardian"].queryset = guardians
        self.fields["buddy"].queryset = guardians

    def clean(self):
        data = super().clean()
        if data.get("guardian") and data.get("guardian") == data.get("buddy"):
            raise forms.ValidationError(_("Een ouder kan niet zijn eigen maatje zijn."))
        return data


class ConsentForm(forms.Form):
    who = forms.ChoiceField(choices=[("guardian", _("de ouder")), ("buddy", _("het maatje"))])
    how = forms.ChoiceField(label=_("Hoe"), choices=ConsentHow.choices)


class EndPairForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=[
            ("op verzoek van de ouder", _("op verzoek van de ouder")),
            ("op verzoek van het maatje", _("op verzoek van het maatje")),
            ("niet meer nodig", _("niet meer nodig")),
        ],
    )


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=FollowUpOutcome.among(REACH_OUTCOMES))
    note = forms.CharField(label=_("Notitie"), max_length=500, required=False)


class NotReachedFilterForm(forms.Form):
    """Filters of the dashboard's not-reached list (GET; they stay in the paging links)."""

    FOLLOW_UP_CHOICES = [("", _("alle")), ("open", _("nog niet opgevolgd")), ("done", _("opgevolgd"))]

    groep = forms.TypedChoiceField(label=_("Groep"), required=False, coerce=int, empty_value=None)
    behoefte = forms.ChoiceField(label=_("Behoefte"), required=False)
    opvolging = forms.ChoiceField(label=_("Opvolging"), required=False, choices=FOLLOW_UP_CHOICES)

    def __init__(self, *args, groups, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groep"].choices = [("", _("alle groepen"))] + [(pk, name) for name, pk in groups]
        self.fields["behoefte"].choices = [("", _("alle"))] + list(needs.items())

    def filters(self) -> dict:
        """The valid filters (an invalid one is ignored, as if not chosen)."""
        self.is_valid()  # cleaned_data then holds the valid ones only
        return {name: value for name, value in self.cleaned_data.items() if value}
