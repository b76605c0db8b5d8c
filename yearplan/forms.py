"""The forms of the yearplan app's views."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yearplan import periods
from yearplan.events import Filter
from yearplan.labels import EventKind
from yearplan.planning import TIMELINE_FIELDS

LEVEL_CHOICES = [("", gettext_lazy("Alle leerjaren"))] + [(str(n), str(n)) for n in range(1, 9)]


class FilterForm(forms.Form):
    group = forms.TypedChoiceField(label=gettext_lazy("Groep"), required=False, coerce=int, empty_value=None)
    level = forms.TypedChoiceField(
        label=gettext_lazy("Leerjaar"), required=False, coerce=int, empty_value=None, choices=LEVEL_CHOICES
    )
    staff = forms.TypedChoiceField(label=gettext_lazy("Medewerker"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), required=False)

    def __init__(self, data, *, groups, staff):
        super().__init__(data)
        self.fields["group"].choices = [("", _("Alle groepen"))] + [(str(g.pk), str(g)) for g in groups]
        self.fields["staff"].choices = [("", _("Iedereen"))] + [(str(s.pk), s.full_name) for s in staff]
        self.fields["kind"].choices = [("", _("Alle soorten"))] + list(EventKind.choices)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def event_filter(self, **dates) -> Filter:
        self.is_valid()  # a field that does not parse is left out; the others still filter
        data = getattr(self, "cleaned_data", {})  # unbound (no filters chosen): none
        kind = data.get("kind")
        return Filter(group_id=data.get("group"), year_level=data.get("level"), staff_id=data.get("staff"),
                      kinds=frozenset([kind]) if kind else frozenset(), **dates)  # fmt: skip


OWN_KIND_CHOICES = [(kind.value, kind.label) for kind in periods.OWN_KINDS]


TIMELINE_LABELS = {
    "groep7_advice_by": gettext_lazy("Advies groep 7 uiterlijk"),
    "provisional_advice_by": gettext_lazy("Voorlopig schooladvies groep 8 uiterlijk"),
    "transfer_test_from": gettext_lazy("Doorstroomtoets vanaf"),
    "transfer_test_until": gettext_lazy("Doorstroomtoets tot en met"),
    "final_advice_by": gettext_lazy("Definitief schooladvies uiterlijk"),
}


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NewYearForm(forms.Form):
    start_year = forms.TypedChoiceField(label=gettext_lazy("Schooljaar"), coerce=int)
    second_may_week = forms.BooleanField(
        label=gettext_lazy("Tweede meivakantieweek (advies) vrij"), required=False, initial=True
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_year"].choices = choices


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("JSON-bestand van de overheid (schoolvakanties)"))


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort"), choices=OWN_KIND_CHOICES)
    name = forms.CharField(label=gettext_lazy("Naam"), max_length=200)
    start_date = forms.DateField(label=gettext_lazy("Van"), widget=_date_input())
    end_date = forms.DateField(label=gettext_lazy("Tot en met"), widget=_date_input(), required=False)
    fixed = forms.BooleanField(label=gettext_lazy("Vastzetten"), required=False)


class MoveForm(forms.Form):
    start_date = forms.DateField(label=gettext_lazy("Van"), widget=_date_input())
    end_date = forms.DateField(label=gettext_lazy("Tot en met"), widget=_date_input())


class TimelineForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TIMELINE_FIELDS:
            self.fields[name] = forms.DateField(label=TIMELINE_LABELS[name], widget=_date_input())
