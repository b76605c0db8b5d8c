"""The forms of the conversations app's views."""

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conversations.models import Agreement, ContactArrangement, ConversationForm, Record, RoundKind
from conversations.records import RECORD_FIELDS
from ouderbetrokkenheid.school.clock import AMSTERDAM
from ouderbetrokkenheid.school.dates import day_month
from ouderbetrokkenheid.school.followup import BOOKING_OUTCOMES, FollowUpOutcome
from ouderbetrokkenheid.school.languages import SOURCE_LANGUAGE
from ouderbetrokkenheid.school.models import Language, Staff


class RecordForm(forms.ModelForm):
    class Meta:
        model = Record
        fields = list(RECORD_FIELDS)
        widgets = {
            "evaluation_date": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            "advice_date": forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ("goal", "going_well", "to_improve")},
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ("parents_input", "pupil_input", "goals")},
            "no_agreements_reason": forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        }

    def __init__(self, *args, booking, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_staff"].queryset = Staff.objects.filter(school_id=booking.pupil.school_id).exclude(
            pk=booking.slot.staff_id
        )
        if not booking.round.needs_second_staff:
            for name in ("second_staff", "advice_track", "advice_second_track", "advice_date"):
                del self.fields[name]
        for name in ("second_staff", "advice_track", "advice_second_track"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-select"


AgreementFormSet = forms.inlineformset_factory(
    Record, Agreement, fields=["who", "what", "when", "how", "why"], extra=2, can_delete=True
)


class FollowUpForm(forms.Form):
    guardian = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=gettext_lazy("Uitkomst"), choices=FollowUpOutcome.among(BOOKING_OUTCOMES))
    note = forms.CharField(label=gettext_lazy("Notitie"), max_length=500, required=False)


class ArrangementForm(forms.ModelForm):
    class Meta:
        model = ContactArrangement
        fields = ["kind", "every_weeks", "minutes", "note", "info_sessions_wanted"]


class GuardianDetailsForm(forms.Form):
    guardian = forms.IntegerField(widget=forms.HiddenInput)
    email = forms.CharField(label=gettext_lazy("E-mail"), required=False)
    mobile = forms.CharField(label=gettext_lazy("Mobiel"), required=False)
    language = forms.CharField(label=gettext_lazy("Taal"), max_length=3)


LEVELS = [(level, str(level)) for level in range(1, 9)]


DATE = {"type": "date"}


MOMENT = {"type": "datetime-local"}


class RoundForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort gesprek"), choices=RoundKind.choices)
    title = forms.CharField(label=gettext_lazy("Titel"), max_length=200)
    year_levels = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Voor groep"), choices=LEVELS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    first_day = forms.DateField(label=gettext_lazy("Eerste gespreksdag"), widget=forms.DateInput(DATE, "%Y-%m-%d"))
    last_day = forms.DateField(label=gettext_lazy("Laatste gespreksdag"), widget=forms.DateInput(DATE, "%Y-%m-%d"))
    slot_minutes = forms.IntegerField(label=gettext_lazy("Duur gesprek (minuten)"), min_value=5, max_value=120)
    family_gap_minutes = forms.IntegerField(
        label=gettext_lazy("Pauze tussen gesprekken van één gezin (minuten)"), min_value=0, max_value=60
    )
    goal = forms.CharField(label=gettext_lazy("Doel"), required=False, widget=forms.Textarea({"rows": 3}))
    invitation_text = forms.CharField(
        label=gettext_lazy("Uitnodigingstekst"), required=False, widget=forms.Textarea({"rows": 5})
    )
    preferences_open_at = forms.DateTimeField(
        label=gettext_lazy("Voorkeuren opgeven vanaf"),
        required=False,
        widget=forms.DateTimeInput(MOMENT, "%Y-%m-%dT%H:%M"),
    )
    preferences_close_at = forms.DateTimeField(
        label=gettext_lazy("Voorkeuren opgeven tot"),
        required=False,
        widget=forms.DateTimeInput(MOMENT, "%Y-%m-%dT%H:%M"),
    )
    booking_opens_at = forms.DateTimeField(
        label=gettext_lazy("Vrij inschrijven vanaf"),
        required=False,
        widget=forms.DateTimeInput(MOMENT, "%Y-%m-%dT%H:%M"),
    )
    booking_closes_hours_before = forms.IntegerField(
        label=gettext_lazy("Inschrijven sluit (uren voor het gesprek)"), min_value=0, max_value=336
    )
    # Declared last: the field named "forms" shadows the module in the class body.
    forms = forms.MultipleChoiceField(
        label=gettext_lazy("Gespreksvormen"), choices=ConversationForm.choices, widget=forms.CheckboxSelectMultiple
    )

    field_order = [
        "kind",
        "title",
        "year_levels",
        "first_day",
        "last_day",
        "slot_minutes",
        "family_gap_minutes",
        "forms",
    ]


class AvailabilityForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Datum"), widget=forms.DateInput(DATE, "%Y-%m-%d"))
    start = forms.TimeField(label=gettext_lazy("Van"), widget=forms.TimeInput({"type": "time"}, "%H:%M"))
    end = forms.TimeField(label=gettext_lazy("Tot"), widget=forms.TimeInput({"type": "time"}, "%H:%M"))
    room = forms.CharField(label=gettext_lazy("Lokaal"), max_length=60, required=False)
    protect = forms.BooleanField(label=gettext_lazy("Avondplekken bewaren voor werkende ouders"), required=False)


class SecondStaffForm(forms.Form):
    second_staff = forms.ModelChoiceField(
        label=gettext_lazy("Tweede collega bij het adviesgesprek"), queryset=Staff.objects.none(), required=False
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["second_staff"].queryset = Staff.objects.filter(school_id=staff.school_id).exclude(pk=staff.pk)


class PreferenceForm(forms.Form):
    windows = forms.MultipleChoiceField(
        label=gettext_lazy("Wanneer kunt u komen?"), choices=(), widget=forms.CheckboxSelectMultiple, required=False
    )
    joint = forms.TypedChoiceField(
        label=gettext_lazy("Wilt u samen met de andere ouder komen?"),
        choices=[("1", gettext_lazy("Ja, samen")), ("0", gettext_lazy("Nee, apart"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        required=False,
    )
    form = forms.ChoiceField(label=gettext_lazy("Hoe wilt u het gesprek voeren?"), choices=())
    topics = forms.CharField(
        label=gettext_lazy("Wat wilt u bespreken?"), required=False, max_length=1000, widget=forms.Textarea({"rows": 3})
    )
    interpreter_language = forms.ChoiceField(label=gettext_lazy("Hebt u een tolk nodig?"), required=False)

    def __init__(self, *args, round, windows, separated, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["windows"].choices = [(_window_value(s, e), _window_label(s, e)) for s, e in windows]
        self.fields["form"].choices = [(v, label) for v, label in ConversationForm.choices if v in round.forms]
        languages = [("", _("Nee"))] + [(code, label) for code, label in Language.choices if code != SOURCE_LANGUAGE]
        self.fields["interpreter_language"].choices = languages
        if not separated:
            del self.fields["joint"]
        for name in ("form", "interpreter_language"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-lg"
        self.fields["topics"].widget.attrs["class"] = "form-control"


def _window_value(start, end):
    return f"{start.astimezone(AMSTERDAM).isoformat()}|{end.astimezone(AMSTERDAM).isoformat()}"


def _window_label(start, end):
    start, end = start.astimezone(AMSTERDAM), end.astimezone(AMSTERDAM)
    return f"{day_month(start)} {start:%H:%M}–{end:%H:%M}"


class AbsenceForm(forms.Form):
    staff = forms.ModelChoiceField(label=gettext_lazy("Leerkracht"), queryset=Staff.objects.none())
    day = forms.DateField(label=gettext_lazy("Dag"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(label=gettext_lazy("Vanaf"), initial=datetime.time(7, 0),
                            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    end = forms.TimeField(label=gettext_lazy("Tot"), initial=datetime.time(22, 0),
                          widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip

    def __init__(self, *args, me, **kwargs):
        super().__init__(*args, **kwargs)
        may_choose = me.is_leadership or me.is_admin
        teachers = Staff.objects.filter(school_id=me.school_id, is_teacher=True).order_by("first_name", "last_name")
        self.fields["staff"].queryset = teachers if may_choose else Staff.objects.filter(pk=me.pk)
        self.fields["staff"].initial = None if may_choose else me.pk
