"""The forms of an evaluation: the setup (the plan before it is frozen) and the export request."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.interventions import Intervention

from .models import LOTTERY_DESIGNS, Design, Evaluation
from .outcomes import OUTCOMES


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def outcome_choices():
    return [(key, str(info["label"] if isinstance(info, dict) else info.label)) for key, info in OUTCOMES.items()]


def domain_choices():
    from development.models import Domain

    return [("", _("(niet van toepassing)")), *Domain.choices]


class EvaluationForm(forms.ModelForm):
    """The plan. A board admin also chooses which of the board's schools it is for."""

    school = forms.ModelChoiceField(label=_("School"), queryset=None, required=False)

    class Meta:
        model = Evaluation
        fields = ("intervention", "question", "outcome", "domain", "design", "start", "weeks_later",
                  "outcome_start", "outcome_end", "min_effect")  # fmt: skip
        widgets = {
            "question": forms.Textarea(attrs={"rows": 2}),
            "start": _date_input(),
            "outcome_start": _date_input(),
            "outcome_end": _date_input(),
        }
        help_texts = {
            "question": _(
                "Bijvoorbeeld: Groeien kinderen in begrijpend lezen meer als hun ouders wekelijks een leestip krijgen?"
            ),  # fmt: skip
            "weeks_later": _("Alleen bij loting: elk gezin krijgt de aanpak, de 'later'-groep zoveel weken later."),
            "outcome_start": _("Bij toetsgroei: de datum van het eerste toetsmoment (vóór of bij de start)."),
            "outcome_end": _(
                "Bij toetsgroei: de datum van het tweede toetsmoment. Bij loting vóór de start van de 'later'-groep."
            ),  # fmt: skip
            "min_effect": _("In Cohen's d: klein < 0,20, middelgroot 0,20–0,40, groot ≥ 0,40."),
        }

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"] = forms.ChoiceField(label=_("Aanpak"), choices=Intervention.choices)
        self.fields["outcome"] = forms.ChoiceField(label=_("Uitkomst"), choices=outcome_choices())
        self.fields["domain"] = forms.ChoiceField(
            label=_("Domein (bij toetsgroei)"), choices=domain_choices(), required=False
        )
        self.fields["design"].widget = forms.RadioSelect(choices=Design.choices)
        self.fields["min_effect"].widget.attrs.update({"step": "0.05", "min": "0.05", "max": "2"})
        if schools is None:
            del self.fields["school"]
        else:
            self.fields["school"].queryset = schools
            self.fields["school"].required = True
            self.order_fields(["school"])
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
            if name in self.Meta.help_texts or field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "test_growth" and not data.get("domain"):
            self.add_error("domain", _("Kies bij toetsgroei het domein."))
        if data.get("outcome") != "test_growth":
            data["domain"] = ""
        start, first, second = data.get("start"), data.get("outcome_start"), data.get("outcome_end")
        if first and second and second < first:
            self.add_error("outcome_end", _("Het tweede meetmoment ligt vóór het eerste."))
        design, weeks = data.get("design"), data.get("weeks_later")
        if design in LOTTERY_DESIGNS and start and second and weeks is not None:
            later = start + datetime.timedelta(weeks=weeks)
            if second >= later:
                self.add_error(
                    "outcome_end",
                    _("Bij loting moet de uitkomst gemeten zijn vóór de 'later'-groep start (%(day)s): kies een "
                      "eerder meetmoment of laat de 'later'-groep later beginnen.")
                    % {"day": later.strftime("%d-%m-%Y")},
                )  # fmt: skip
        if design in LOTTERY_DESIGNS and weeks is not None and weeks < 1:
            self.add_error("weeks_later", _("De 'later'-groep start minstens één week later."))
        return data


class ExportRequestForm(forms.Form):
    purpose = forms.CharField(
        label=_("Doel: voor welk onderzoek, door wie"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        max_length=1000,
    )
