"""The "extra information session" intervention: leadership marks the session on its form, and an
evaluation's "later" families are not invited to it; an ordinary session invites everybody."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import Arm
from meetings.audience import audience_day, session_audience
from meetings.invitations import invitations_send, session_update
from tests.evaluation.conftest import make_evaluation
from tests.meetings.test_attendance import make_session


def mark_extra_on_the_form(client, session):
    local = timezone.localtime(session.starts_at)
    data = {"day": local.date().isoformat(), "time": local.strftime("%H:%M"), "duration_minutes": "60",
            "location": session.location, "fixed": "on", "is_extra": "on"}  # fmt: skip
    response = client.post(reverse("meetings:session_edit", kwargs={"session_id": session.pk}), data)
    assert response.status_code == 302, response.context["form"].errors
    session.refresh_from_db()


def frozen_extra_session_study(study):
    world = study.world
    evaluation = make_evaluation(study, intervention="extra_session", outcome="session_attendance", domain="")
    return services.freeze(evaluation, by=world.lea.user, seed=11)


def guardians_by_arm(study, evaluation):
    arms = dict(evaluation.assignments.values_list("pupil_id", "arm"))
    later = {p.guardian for p in study.pupils if arms[p.pk] == Arm.LATER}
    now = {p.guardian for p in study.pupils if arms[p.pk] == Arm.NOW} - later
    return now, later


def test_leadership_marks_the_extra_session_and_its_invitations_skip_the_later_families(study, login_as):
    world = study.world
    evaluation = frozen_extra_session_study(study)
    now, later = guardians_by_arm(study, evaluation)
    session = make_session(world.year_a, days=14, year_levels=(3, 5, 6))
    page = login_as(world.lea).get(reverse("meetings:session_edit", kwargs={"session_id": session.pk}))
    assert "Extra bijeenkomst (voor een evaluatie)" in page.content.decode()
    mark_extra_on_the_form(login_as(world.lea), session)
    assert session.is_extra

    result = invitations_send(session=session, by=world.lea)
    invited = {inv.guardian for inv in result.invited}
    assert invited and invited <= now
    assert not invited & later
    assert result.delayed == len(later & set(session_guardians(session, study)))


def session_guardians(session, study):
    return session_audience(session=session, day=audience_day(session.school_year))


def test_an_ordinary_session_invites_the_later_families_too(study):
    world = study.world
    evaluation = frozen_extra_session_study(study)
    now, later = guardians_by_arm(study, evaluation)
    session = make_session(world.year_a, days=14, year_levels=(3, 5, 6))
    result = invitations_send(session=session, by=world.lea)
    invited = {inv.guardian for inv in result.invited}
    assert result.delayed == 0
    assert later & invited and now & invited
    assert invited == set(session_guardians(session, study))


def test_after_the_later_start_the_extra_session_invites_them(study):
    world = study.world
    evaluation = frozen_extra_session_study(study)
    _now, later = guardians_by_arm(study, evaluation)
    days = (evaluation.later_start - timezone.localdate()).days + 1
    session = make_session(world.year_a, days=days, year_levels=(3, 5, 6))
    session.is_extra = True
    session.save(update_fields=["is_extra"])
    result = invitations_send(session=session, by=world.lea)
    assert result.delayed == 0
    assert later & {inv.guardian for inv in result.invited}


def test_a_teacher_cannot_mark_a_session_extra(study, login_as):
    world = study.world
    session = make_session(world.year_a, days=14, year_levels=(3,))
    url = reverse("meetings:session_edit", kwargs={"session_id": session.pk})
    assert "Extra bijeenkomst" not in login_as(world.tess).get(url).content.decode()
    local = timezone.localtime(session.starts_at)
    data = {"day": local.date().isoformat(), "time": local.strftime("%H:%M"), "duration_minutes": "60",
            "location": session.location, "fixed": "on", "is_extra": "on"}  # fmt: skip
    login_as(world.tess).post(url, data)
    session.refresh_from_db()
    assert not session.is_extra
    with pytest.raises(PermissionDenied):
        session_update(session=session, by=world.tess, is_extra=True)
    assert session_update(session=session, by=world.lea, is_extra=True).is_extra


def test_the_evaluation_page_names_the_marked_extra_session(study, login_as):
    world = study.world
    evaluation = frozen_extra_session_study(study)
    url = reverse("evaluation:detail", args=[evaluation.pk])
    page = login_as(world.lea).get(url).content.decode()
    assert "Nog geen bijeenkomst gemarkeerd als extra bijeenkomst." in page
    session = make_session(world.year_a, days=14, year_levels=(3, 5, 6))
    ordinary = make_session(world.year_a, days=15, year_levels=(3,))
    mark_extra_on_the_form(login_as(world.lea), session)
    page = login_as(world.lea).get(url).content.decode()
    assert reverse("meetings:session", args=[session.pk]) in page
    assert reverse("meetings:session", args=[ordinary.pk]) not in page
    assert "Nog geen bijeenkomst gemarkeerd" not in page
    weekly = services.freeze(make_evaluation(study), by=world.lea.user, seed=2)
    assert (
        'data-testid="extra-sessions"'
        not in login_as(world.lea).get(reverse("evaluation:detail", args=[weekly.pk])).content.decode()
    )
