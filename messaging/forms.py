"""The forms of the messaging app's views."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from messaging import consent, planning
from messaging.library.services import library_text_errors
from messaging.library.shipped import LANGUAGES
from messaging.models import Kind, LibraryEntry, SendSettings, Topic
from messaging.services import channels_for
from ouderbetrokkenheid.school.languages import language_name_lazy
from ouderbetrokkenheid.school.models import Channel


class PreferencesForm(forms.Form):
    def __init__(self, *args, guardian, **kwargs):
        super().__init__(*args, **kwargs)
        for topic in consent.ALL_TOPICS:
            self.fields[topic] = forms.BooleanField(
                label=Topic(topic).label, required=False, initial=consent.is_subscribed(guardian, topic)
            )
        usable = channels_for(guardian)
        self.fields["channel"] = forms.ChoiceField(
            label=gettext_lazy("Hoe wilt u berichten krijgen?"),
            choices=[(c, Channel(c).label) for c in usable],
            initial=guardian.channel,
            required=bool(usable),
            widget=forms.RadioSelect,
        )


LANGUAGE_NAMES = {code: language_name_lazy(code) for code in LANGUAGES}


MONTH_NAMES = [
    gettext_lazy("januari"),
    gettext_lazy("februari"),
    gettext_lazy("maart"),
    gettext_lazy("april"),
    gettext_lazy("mei"),
    gettext_lazy("juni"),
    gettext_lazy("juli"),
    gettext_lazy("augustus"),
    gettext_lazy("september"),
    gettext_lazy("oktober"),
    gettext_lazy("november"),
    gettext_lazy("december"),
]


SCHOOL_YEAR_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)


def _select(label, choices):
    return forms.ChoiceField(
        label=label,
        choices=[("", gettext_lazy("Alle"))] + choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class FilterForm(forms.Form):
    kind = _select(gettext_lazy("Soort"), Kind.choices)
    year_level = _select(gettext_lazy("Groep"), [(str(n), str(n)) for n in range(1, 9)])
    month = _select(
        gettext_lazy("Maand"),
        [(str(m), MONTH_NAMES[m - 1]) for m in SCHOOL_YEAR_MONTHS]
        + [("any", gettext_lazy("elke maand")), ("summer", gettext_lazy("zomervakantie"))],
    )
    language = _select(gettext_lazy("Taal"), list(LANGUAGE_NAMES.items()))
    state = _select(
        gettext_lazy("Vertalingen"),
        [("waiting", gettext_lazy("wacht op goedkeuring")), ("approved", gettext_lazy("alle goedgekeurd"))],
    )


class EntryForm(forms.Form):
    theme = forms.CharField(
        label=gettext_lazy("Thema"), max_length=100, required=False, help_text=gettext_lazy("Leeg: past bij elk thema.")
    )
    active = forms.BooleanField(label=gettext_lazy("Actief"), required=False)

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        for code in LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=LANGUAGE_NAMES[code], required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def clean(self):
        data = super().clean()
        for code in LANGUAGES:
            for error in library_text_errors(entry=self.entry, language=code, text=data.get(f"text_{code}", "")):
                self.add_error(f"text_{code}", error)
        approve = self.data.get("approve", "")
        if approve and (approve not in LANGUAGES[1:] or not data.get(f"text_{approve}", "").strip()):
            raise forms.ValidationError(_("Er is geen vertaling om goed te keuren."))
        return data


WEEKDAYS = [
    (0, gettext_lazy("maandag")),
    (1, gettext_lazy("dinsdag")),
    (2, gettext_lazy("woensdag")),
    (3, gettext_lazy("donderdag")),
    (4, gettext_lazy("vrijdag")),
    (5, gettext_lazy("zaterdag")),
    (6, gettext_lazy("zondag")),
]


class WeekPlanForm(forms.Form):
    theme = forms.CharField(label=gettext_lazy("Thema van de week"), max_length=200, required=False)
    tip = forms.ModelChoiceField(queryset=LibraryEntry.objects.none(), required=False)
    encouragement = forms.ModelChoiceField(queryset=LibraryEntry.objects.none(), required=False)

    def __init__(self, *args, enrollments, tips, encouragements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tip"].queryset = _as_queryset(tips)
        self.fields["encouragement"].queryset = _as_queryset(encouragements)
        for enrollment in enrollments:
            self.fields[f"line_{enrollment.pupil_id}"] = forms.CharField(
                label=enrollment.pupil.full_name, max_length=planning.PROGRESS_MAX_LENGTH, required=False
            )

    def progress(self):
        return {
            int(name.removeprefix("line_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("line_")
        }


def _as_queryset(entries):
    return entries if isinstance(entries, QuerySet) else LibraryEntry.objects.filter(pk__in=[e.pk for e in entries])


class SendSettingsForm(forms.ModelForm):
    class Meta:
        model = SendSettings
        fields = ["progress_weekday", "tip_weekday", "encouragement_weekday", "send_time", "summer_reading"]
        widgets = {
            "progress_weekday": forms.Select(choices=WEEKDAYS, attrs={"class": "form-select"}),
            "tip_weekday": forms.Select(choices=WEEKDAYS, attrs={"class": "form-select"}),
            "encouragement_weekday": forms.Select(choices=WEEKDAYS, attrs={"class": "form-select"}),
            "send_time": forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
        }

    def clean(self):
        cleaned = super().clean()
        fields = ("progress_weekday", "tip_weekday", "encouragement_weekday", "send_time")
        if all(name in cleaned for name in fields):
            for name, problem in planning.send_settings_problems(**{n: cleaned[n] for n in fields}).items():
                self.add_error(name, problem)
        return cleaned
