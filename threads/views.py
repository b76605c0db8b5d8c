"""Pages: the parent's contact page (their thread, quick answers, asking for a conversation) and
the staff inbox and thread page (answer, accept or answer a request, close). Views are thin: parse,
fetch through an access-checked getter, call a service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from conversations.models import ConversationForm, Initiator
from ouderbetrokkenheid.accounts.access import actor_for, guardian_required, roles_required, school_staff_required
from threads.forms import AcceptForm, AnswerForm, NotifyForm, ReplyForm, RequestForm, StartForm

from . import selectors, services
from .models import Direction, NotifySetting, QuickAnswer, RequestStatus

readers_only = roles_required("teacher", "ib")
PORTAL_QUICK = [QuickAnswer.READ, QuickAnswer.THANKS, QuickAnswer.CALL]


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# -- parents ---------------------------------------------------------------------------------------


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
    thread = selectors.thread_for_user(request.user, thread_id)
    services.reads_record(thread=thread, direction=Direction.FROM_PARENT)
    return _thread_page(request, thread)


@require_POST
@readers_only
def answer(request, thread_id):
    thread = selectors.thread_for_user(request.user, thread_id)
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
    thread = selectors.thread_for_user(request.user, thread_id)
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
    thread = selectors.thread_for_user(request.user, thread_id)
    try:
        services.thread_close(thread=thread, by=actor_for(request).staff)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Het gesprek is gesloten."))
    return redirect("threads:inbox")


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
