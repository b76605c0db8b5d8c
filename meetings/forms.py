"""The forms of the meetings app's views."""

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.models import ProgrammeItem, Response
from meetings.programme import ALL_YEAR_LEVELS
from ouderbetrokkenheid.school.followup import SESSION_OUTCOMES, FollowUpOutcome
from ouderbetrokkenheid.school.languages import TRANSLATION_LANGUAGES, language_name, language_name_lazy
from ouderbetrokkenheid.school.models import Language, Staff
from ouderbetrokkenheid.school.text import VisibleCharField

LEVEL_CHOICES = [(level, str(level)) for level in ALL_YEAR_LEVELS]


INTERPRETER_CHOICES = [(code, language_name_lazy(code)) for code in TRANSLATION_LANGUAGES]


class ProgrammeItemForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    topics = forms.CharField(
        label=gettext_lazy("Onderwerpen (één per regel)"), widget=forms.Textarea(attrs={"rows": 4})
    )
    outline = forms.CharField(label=gettext_lazy("Opzet"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    year_levels = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Voor ouders van groep"), choices=LEVEL_CHOICES, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    lateral_entrants = forms.BooleanField(label=gettext_lazy("Ook ouders van zij-instromers"), required=False)
    pupils_welcome = forms.BooleanField(label=gettext_lazy("Leerlingen mogen mee"), required=False)
    duration_minutes = forms.IntegerField(label=gettext_lazy("Duur (minuten)"), min_value=15, max_value=240)
    active = forms.BooleanField(label=gettext_lazy("Actief"), required=False, initial=True)


class PlanForm(forms.Form):
    time_of_day = forms.TimeField(label=gettext_lazy("Tijd"), initial=datetime.time(19, 30),
                                  widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    location = forms.CharField(label=gettext_lazy("Plaats"), max_length=200, required=False)
    childcare = forms.BooleanField(label=gettext_lazy("Kinderopvang"), required=False)
    interpreter_languages = forms.MultipleChoiceField(
        label=gettext_lazy("Tolken geregeld voor"), choices=INTERPRETER_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


class SessionAddForm(forms.Form):
    item = forms.ModelChoiceField(label=gettext_lazy("Bijeenkomst"), queryset=ProgrammeItem.objects.none())
    year_levels = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Voor de ouders van groep"), choices=LEVEL_CHOICES, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    lateral_entrants = forms.BooleanField(label=gettext_lazy("Ook ouders van zij-instromers"), required=False)
    day = forms.DateField(
        label=gettext_lazy("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(label=gettext_lazy("Tijd"), initial=datetime.time(19, 30),
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    location = forms.CharField(label=gettext_lazy("Plaats"), max_length=200, required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ProgrammeItem.objects.filter(school=school, active=True).order_by("number")


class SessionForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(label=gettext_lazy("Tijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(label=gettext_lazy("Duur (minuten)"), min_value=15, max_value=240)
    location = forms.CharField(label=gettext_lazy("Plaats"), max_length=200, required=False)
    presenters = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Presentatoren"), queryset=Staff.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    guest_presenters = forms.CharField(
        label=gettext_lazy("Gastsprekers (bijvoorbeeld een pedagoog)"), max_length=200, required=False
    )
    childcare = forms.BooleanField(label=gettext_lazy("Kinderopvang"), required=False)
    interpreter_languages = forms.MultipleChoiceField(
        label=gettext_lazy("Tolken geregeld voor"), choices=INTERPRETER_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    fixed = forms.BooleanField(label=gettext_lazy("Vastzetten (een nieuw voorstel verplaatst deze niet)"),
                               required=False)  # fmt: skip
    organiser = forms.ModelChoiceField(
        label=gettext_lazy("Organisator (mag de bijeenkomst verplaatsen, net als de directie)"),
        queryset=Staff.objects.none(), required=False,
    )  # fmt: skip
    is_extra = forms.BooleanField(
        label=gettext_lazy("Extra bijeenkomst (voor een evaluatie)"), required=False,
        help_text=gettext_lazy("Ouders die bij een evaluatie van de extra bijeenkomst later beginnen, worden niet "
                               "uitgenodigd. Zet dit aan vóór u de uitnodigingen verstuurt."),
    )  # fmt: skip
    reason = forms.CharField(
        label=gettext_lazy("Waarom verplaatsen? (bij een voorstel aan de directie)"), max_length=300, required=False
    )

    def __init__(self, *args, school, may_set_organiser=False, may_set_extra=False, **kwargs):
        super().__init__(*args, **kwargs)
        staff = Staff.objects.filter(school=school).order_by("last_name", "first_name")
        self.fields["presenters"].queryset = staff
        self.fields["organiser"].queryset = staff
        if not may_set_organiser:
            del self.fields["organiser"]
        if not may_set_extra:  # leadership marks the extra session of an evaluation
            del self.fields["is_extra"]


class RsvpForm(forms.Form):
    response = forms.ChoiceField(
        label=gettext_lazy("Komt u?"),
        choices=[(value, label) for value, label in Response.choices if value],
        widget=forms.RadioSelect,
    )
    childcare_children = forms.IntegerField(
        label=gettext_lazy("Hoeveel kinderen komen mee naar de kinderopvang?"), min_value=0, max_value=10,
        required=False, initial=0,
    )  # fmt: skip
    interpreter_language = forms.ChoiceField(label=gettext_lazy("Hebt u een tolk nodig?"), required=False)
    question = forms.CharField(
        label=gettext_lazy("Hebt u een vraag voor de bijeenkomst?"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        codes = list(TRANSLATION_LANGUAGES)
        codes += [c for c in session.interpreter_languages if c not in codes]
        labels = dict(Language.choices)
        self.fields["interpreter_language"].choices = [("", _("Nee, geen tolk nodig"))] + [
            (code, labels.get(code) or language_name(code)) for code in codes
        ]
        if not session.childcare:
            del self.fields["childcare_children"]


class WalkInForm(forms.Form):
    name = VisibleCharField(label=gettext_lazy("Naam"), max_length=200)


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Uitkomst"), choices=FollowUpOutcome.among(SESSION_OUTCOMES))
    note = forms.CharField(label=gettext_lazy("Notitie"), max_length=500, required=False)


class TextForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Tekst"), widget=forms.Textarea(attrs={"rows": 14}))
