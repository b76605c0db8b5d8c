"""Pages: the parent's contact page (their thread, quick answers, asking for a conversation) and
the staff inbox and thread page (answer, accept or answer a request, close). Views are thin: parse,
fetch through an access-checked getter, call a service, render."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from conversations.models import ConversationForm, Initiator
from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, roles_required, school_staff_required
from ouderbetrokkenheid.school.models import Pupil

from . import selectors, services
from .models import Direction, NotifyMode, NotifySetting, QuickAnswer, RequestStatus

readers_only = roles_required("teacher", "ib")
PORTAL_QUICK = [QuickAnswer.READ, QuickAnswer.THANKS, QuickAnswer.CALL]


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# -- parents ---------------------------------------------------------------------------------------


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Uw bericht"), required=False, max_length=services.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control fs-5"}),
    )  # fmt: skip
    quick = forms.ChoiceField(choices=[("", "")] + QuickAnswer.choices, required=False)


@guardian_required
def portal(request):
    guardian = actor_for(request).guardian
    threads = list(selectors.threads_of_guardian(guardian))
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.reply_file(guardian=guardian, via="portal", body=form.cleaned_data["body"],
                                    quick_answer=form.cleaned_data["quick"])  # fmt: skip
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                messages.success(request, _("Uw bericht is verstuurd naar school."))
                return redirect("threads:portal")
    for thread in threads:
        services.reads_record(thread=thread, direction=Direction.FROM_SCHOOL)
    context = {"threads": threads, "form": form, "quick_answers": PORTAL_QUICK}
    return render(request, "threads/portal.html", context)


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


@guardian_required
def portal_request(request):
    guardian = actor_for(request).guardian
    form = RequestForm(request.POST or None, guardian=guardian)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_create(guardian=guardian, pupil=data["pupil"], topic=data["topic"], times=data["times"],
                                    form=data["form"])  # fmt: skip
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Uw vraag is verstuurd. De leerkracht antwoordt u hier."))
            return redirect("threads:portal")
    return render(request, "threads/portal_request.html", {"form": form})


# -- staff -----------------------------------------------------------------------------------------


@readers_only
def inbox(request):
    threads = selectors.thread_list(request.user)
    return render(request, "threads/inbox.html", {"threads": threads})


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


def _auto_id(request_):
    return f"id_r{request_.pk}_%s"  # several open requests on one page: ids stay unique


def _thread_page(request, thread, *, answer_form=None, accept_form=None, start_form=None, status=200):
    requests = [r for r in thread.requests.all()]
    accept_forms = {
        r.pk: accept_form if accept_form is not None and accept_form["request"].value() == str(r.pk)
        else AcceptForm(initial={"request": r.pk, "form": r.form or ConversationForm.AT_SCHOOL, "minutes": 15},
                        auto_id=_auto_id(r))
        for r in requests if r.status == RequestStatus.OPEN
    }  # fmt: skip
    context = {
        "thread": thread,
        "requests": [(r, accept_forms.get(r.pk)) for r in requests],
        "answer_form": answer_form or AnswerForm(),
        "start_form": start_form or StartForm(thread=thread, initial={"minutes": 15}),
        "initiators": dict(Initiator.choices),
    }
    return render(request, "threads/thread.html", context, status=status)


@readers_only
def thread_view(request, thread_id):
    thread = selectors.thread_for(request.user, thread_id)
    services.reads_record(thread=thread, direction=Direction.FROM_PARENT)
    return _thread_page(request, thread)


@require_POST
@readers_only
def answer(request, thread_id):
    thread = selectors.thread_for(request.user, thread_id)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_send(thread=thread, by=actor_for(request).staff, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Uw antwoord gaat naar de ouder."))
            return redirect("threads:thread", thread.pk)
    return _thread_page(request, thread, answer_form=form, status=400)


def _request_of(thread, pk):
    return next((r for r in thread.requests.all() if str(r.pk) == str(pk)), None)


@require_POST
@readers_only
def request_handle(request, thread_id):
    """Accept a request (or propose another time) with a time, or answer it in words."""
    thread = selectors.thread_for(request.user, thread_id)
    staff = actor_for(request).staff
    if request.POST.get("action") == "start":
        return _start(request, thread, staff)
    target = _request_of(thread, request.POST.get("request"))
    if target is None:
        messages.error(request, _("Dit verzoek bestaat niet."))
        return redirect("threads:thread", thread.pk)
    if request.POST.get("action") == "answer":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.request_answer(request=target, by=staff, body=form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error(None, _error_text(error))
            else:
                return redirect("threads:thread", thread.pk)
        return _thread_page(request, thread, answer_form=form, status=400)
    form = AcceptForm(request.POST, auto_id=_auto_id(target))
    if form.is_valid():
        data = form.cleaned_data
        try:
            starts_at = services.parse_start(data["day"], data["time"])
            services.request_accept(request=target, by=staff, starts_at=starts_at, minutes=data["minutes"],
                                    form=data["form"], other_time=data["other_time"])  # fmt: skip
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("De afspraak is voorgesteld. De ouder bevestigt hem in de app."))
            return redirect("threads:thread", thread.pk)
    return _thread_page(request, thread, accept_form=form, status=400)


def _start(request, thread, staff):
    form = StartForm(request.POST, thread=thread)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.conversation_start(
                thread=thread, by=staff, pupil=data["pupil"], initiated_by=data["initiated_by"],
                starts_at=services.parse_start(data["day"], data["time"]), minutes=data["minutes"], form=data["form"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("De afspraak is voorgesteld. De ouder bevestigt hem in de app."))
            return redirect("threads:thread", thread.pk)
    return _thread_page(request, thread, start_form=form, status=400)


@require_POST
@readers_only
def close(request, thread_id):
    thread = selectors.thread_for(request.user, thread_id)
    try:
        services.thread_close(thread=thread, by=actor_for(request).staff)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Het gesprek is gesloten."))
    return redirect("threads:inbox")


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


@school_staff_required
def notify_settings(request):
    staff = actor_for(request).staff
    setting = NotifySetting.objects.filter(staff=staff).first() or NotifySetting(staff=staff)
    initial = {"mode": setting.mode, "digest_times": ", ".join(setting.digest_times or ["08:00", "15:30"])}
    form = NotifyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        setting.mode, setting.digest_times = form.cleaned_data["mode"], form.cleaned_data["digest_times"]
        setting.save()
        messages.success(request, _("Opgeslagen."))
        return redirect("threads:notify_settings")
    return render(request, "threads/notify_settings.html", {"form": form})


app_name = "threads"
urlpatterns = [
    path("", portal, name="portal"),
    path("gesprek-vragen/", portal_request, name="portal_request"),
    path("school/", inbox, name="inbox"),
    path("school/meldingen/", notify_settings, name="notify_settings"),
    path("school/<int:thread_id>/", thread_view, name="thread"),
    path("school/<int:thread_id>/antwoord/", answer, name="answer"),
    path("school/<int:thread_id>/verzoek/", request_handle, name="request"),
    path("school/<int:thread_id>/sluiten/", close, name="close"),
]
