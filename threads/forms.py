"""The forms of the threads app's views."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conversations.models import ConversationForm, Initiator
from ouderbetrokkenheid.school.models import Pupil
from threads import services
from threads.models import NotifyMode, QuickAnswer


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Uw bericht"), required=False, max_length=services.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control fs-5"}),
    )  # fmt: skip
    quick = forms.ChoiceField(choices=[("", "")] + QuickAnswer.choices, required=False)


class RequestForm(forms.Form):
    pupil = forms.ModelChoiceField(
        label=gettext_lazy("Over welk kind?"), queryset=Pupil.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    topic = forms.CharField(
        label=gettext_lazy("Waarover wilt u praten?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control fs-5"}),
    )  # fmt: skip
    times = forms.CharField(
        label=gettext_lazy("Wanneer kunt u?"), required=False, max_length=300,
        help_text=gettext_lazy("Bijvoorbeeld: dinsdag na 15 uur."),
        widget=forms.TextInput(attrs={"class": "form-control fs-5"}),
    )  # fmt: skip
    form = forms.ChoiceField(
        label=gettext_lazy("Hoe wilt u praten?"), choices=ConversationForm.choices, widget=forms.RadioSelect,
        initial=ConversationForm.AT_SCHOOL,
    )  # fmt: skip

    def __init__(self, *args, guardian, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = Pupil.objects.filter(guardian_links__guardian=guardian).order_by("first_name")
        if self.fields["pupil"].queryset.count() == 1:
            self.fields["pupil"].initial = self.fields["pupil"].queryset.first()


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Uw antwoord"), max_length=services.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )  # fmt: skip


class AcceptForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput)
    day = forms.DateField(label=gettext_lazy("Dag"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=gettext_lazy("Tijd"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.TypedChoiceField(label=gettext_lazy("Minuten"), coerce=int, choices=services.minutes_choices())
    form = forms.ChoiceField(label=gettext_lazy("Vorm"), choices=ConversationForm.choices)
    other_time = forms.BooleanField(label=gettext_lazy("Dit is een andere tijd dan de ouder vroeg"), required=False)


class StartForm(AcceptForm):
    """The teacher offers a conversation the teacher or the pupil wants."""

    request = forms.IntegerField(widget=forms.HiddenInput, required=False)
    pupil = forms.ModelChoiceField(label=gettext_lazy("Kind"), queryset=Pupil.objects.none())
    initiated_by = forms.ChoiceField(
        label=gettext_lazy("Wie wil het gesprek?"),
        choices=[(Initiator.TEACHER, Initiator.TEACHER.label), (Initiator.PUPIL, Initiator.PUPIL.label)],
    )

    def __init__(self, *args, thread, **kwargs):
        super().__init__(*args, auto_id="id_start_%s", **kwargs)
        self.fields["pupil"].queryset = thread.pupils.all()
        del self.fields["other_time"]


class NotifyForm(forms.Form):
    mode = forms.ChoiceField(label=gettext_lazy("Wanneer hoort u van nieuwe berichten?"),
                             choices=NotifyMode.choices, widget=forms.RadioSelect)  # fmt: skip
    digest_times = forms.CharField(
        label=gettext_lazy("Tijden van het overzicht"), required=False,
        help_text=gettext_lazy("Bijvoorbeeld: 08:00, 15:30"),
    )  # fmt: skip

    def clean_digest_times(self):
        times = [t.strip() for t in self.cleaned_data["digest_times"].split(",") if t.strip()]
        for text in times:
            try:
                timezone.datetime.strptime(text, "%H:%M")
            except ValueError:
                raise ValidationError(_("Schrijf tijden als 08:00, 15:30.")) from None
        return times
