"""Parents' pages of a round: the preferences they give before the planner runs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from conversations.forms import PreferenceForm
from conversations.interpreters import interpreter_need
from conversations.preferences import preference_save, window_choices
from conversations.rounds import (
    round_audience,
    round_for_user,
    rounds_for_guardian,
)
from conversations.texts import round_texts, rounds_with_texts
from ouderbetrokkenheid.accounts.access import actor_for, guardian_required


def _preference_initial(round, current, guardian):
    if current is None:  # the guardian's interpreter need travels with the invitation to a round
        return {"form": round.forms[0] if round.forms else "", "joint": "1",
                "interpreter_language": interpreter_need(guardian)}  # fmt: skip
    return {
        "windows": [f"{w['start']}|{w['end']}" for w in current.windows],
        "joint": "1" if current.joint else "0",
        "form": current.form,
        "topics": current.topics,
        "interpreter_language": current.interpreter_language,
    }


def _save_preference(round, guardian, data):
    windows = [dict(zip(("start", "end"), value.split("|"), strict=True)) for value in data["windows"]]
    preference_save(
        round=round,
        guardian=guardian,
        windows=windows,
        joint=data.get("joint", True) is not False,
        form=data["form"],
        topics=data["topics"],
        interpreter_language=data["interpreter_language"],
    )


@guardian_required
def preference_list(request):
    guardian = actor_for(request).guardian
    rounds = rounds_for_guardian(guardian)
    context = {"rounds": rounds, "rows": rounds_with_texts(rounds, translation.get_language())}
    return render(request, "conversations/rounds/preference_list.html", context)


@guardian_required
def preference(request, round_id):
    guardian = actor_for(request).guardian
    round = round_for_user(actor_for(request), round_id)
    children = [i for i in round_audience(round=round) if any(g.pk == guardian.pk for g in i.guardians)]
    if not children:
        raise Http404
    teachers = {t.pk for i in children for t in i.group.teachers.all()}
    current = round.preferences.filter(guardian=guardian).first()
    form = PreferenceForm(
        request.POST or None,
        initial=_preference_initial(round, current, guardian),
        round=round,
        separated=any(i.separated for i in children),
        windows=window_choices(round=round, staff_ids=teachers),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _save_preference(round, guardian, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dank u wel. Uw voorkeur is opgeslagen."))
            return redirect("conversations:preference", round_id=round.pk)
    names = [i.pupil.first_name for i in children]
    context = {"round": round, "form": form, "child_names": names, "saved": current,
               "words": round_texts(round, translation.get_language())}  # fmt: skip
    return render(request, "conversations/rounds/preference.html", context)
