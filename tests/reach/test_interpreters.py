"""Interpreters: the school's list, matching guardians' needs, booking for sessions and
conversations, no double booking (also under concurrency), and the need travelling with
every invitation."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse

from conversations.models import BookingInterpreter, Preference
from meetings.invitations import invitations_send
from meetings.models import Invitation, SessionInterpreter
from ouderbetrokkenheid.school.models import Interpreter, InterpreterKind
from reach import interpreters as svc
from tests import factories as f
from tests.conversations.test_booking import book, make_round, make_slots
from tests.meetings.test_attendance import invite, make_session


def interpreter(world, name, kind=InterpreterKind.VOLUNTEER, languages=("ar",), **fields):
    return Interpreter.objects.create(school=world.school_a, kind=kind, name=name, languages=list(languages), **fields)


def needing(world, pupil, language="ar", **fields):
    guardian = f.GuardianFactory(school=world.school_a, language=language, needs_interpreter=True, **fields)
    f.GuardianOfFactory(guardian=guardian, pupil=pupil)
    return guardian


# -- matching and what the teacher sees ------------------------------------------------------------


def test_only_active_interpreters_of_the_school_who_speak_the_language_are_offered(world):
    samira = interpreter(world, "Samira", languages=["ar", "tr"])
    interpreter(world, "Olek", languages=["pl"])
    interpreter(world, "Oud", languages=["ar"], active=False)
    Interpreter.objects.create(school=world.school_b, kind="volunteer", name="Elders", languages=["ar"])
    assert list(svc.matching(school=world.school_a, language="ar")) == [samira]
    assert list(svc.matching(school=world.school_a, language="tr")) == [samira]


def test_presenter_sees_how_many_need_an_interpreter_and_who_is_arranged(world, login_as):
    session = make_session(world.year_a, days=10)
    for response in ("coming", "maybe", "", "not_coming"):  # who said no does not count
        invitation = invite(session, needing(world, world.pim), world.pim, response=response)
        Invitation.objects.filter(pk=invitation.pk).update(interpreter_language="ar")
    samira = interpreter(world, "Samira")
    svc.session_interpreter_book(session=session, interpreter=samira, language="ar", by=world.tess, confirmed=True)
    body = login_as(world.tess).get(reverse("meetings:session", args=[session.pk])).content.decode()
    assert "3 ouders vragen een tolk Arabisch" in " ".join(body.split())
    assert "geregeld: Samira (vrijwilliger)" in " ".join(body.split())


def test_booking_page_offers_the_matching_interpreters_and_books_one(world, login_as):
    session = make_session(world.year_a, days=10)
    Invitation.objects.filter(pk=invite(session, needing(world, world.pim, "tr"), world.pim).pk).update(
        interpreter_language="tr"
    )
    ayse = interpreter(world, "Ayşe", languages=["tr"])
    interpreter(world, "Samira", languages=["ar"])
    client = login_as(world.tess)
    url = reverse("reach:session_interpreters", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Ayşe" in page and "Samira" not in page
    response = client.post(url, {"interpreter": ayse.pk, "language": "tr"})
    assert response.status_code == 302
    row = SessionInterpreter.objects.get(session=session)
    assert (row.interpreter, row.language, row.status, row.booked_by) == (ayse, "tr", "requested", world.tess)
    client.post(reverse("reach:session_interpreter_change", args=[session.pk, ayse.pk]), {"action": "confirm"})
    row.refresh_from_db()
    assert row.status == "confirmed"
    client.post(reverse("reach:session_interpreter_change", args=[session.pk, ayse.pk]), {"action": "cancel"})
    assert not SessionInterpreter.objects.exists()


def test_interpreter_who_does_not_speak_the_language_is_refused(world):
    session = make_session(world.year_a, days=10)
    with pytest.raises(ValidationError, match="tolkt niet in het"):
        svc.session_interpreter_book(session=session, interpreter=interpreter(world, "Olek", languages=["pl"]),
                                     language="ar")  # fmt: skip
    assert not SessionInterpreter.objects.exists()


def test_interpreter_of_another_school_cannot_be_booked(world, login_as):
    session = make_session(world.year_a, days=10)
    elders = Interpreter.objects.create(school=world.school_b, kind="volunteer", name="Elders", languages=["ar"])
    with pytest.raises(ValidationError):
        svc.session_interpreter_book(session=session, interpreter=elders, language="ar")
    login_as(world.lea).post(reverse("reach:session_interpreters", args=[session.pk]),
                             {"interpreter": elders.pk, "language": "ar"})  # fmt: skip
    assert not SessionInterpreter.objects.exists()


# -- conversations ----------------------------------------------------------------------------------


def test_conversation_day_shows_the_need_and_the_booked_interpreter(world, login_as):
    world.anna.needs_interpreter, world.anna.language = True, "ar"
    world.anna.save()
    round = make_round(world)
    booking = book(round, make_slots(round, world.tess, 1)[0], world.pim, world.anna)
    samira = interpreter(world, "Samira")
    client = login_as(world.tess)
    client.post(reverse("reach:booking_interpreters", args=[booking.pk]), {"interpreter": samira.pk, "language": "ar"})
    assert BookingInterpreter.objects.get(booking=booking).interpreter == samira
    day = booking.slot.starts_at.astimezone(datetime.UTC).date()
    body = " ".join(client.get(reverse("conversations:day") + f"?dag={day:%Y-%m-%d}").content.decode().split())
    assert "1 ouder vraagt een tolk Arabisch" in body and "Samira (vrijwilliger, Arabisch)" in body


def test_teacher_of_another_group_cannot_book_for_a_conversation(world, login_as):
    round = make_round(world)
    booking = book(round, make_slots(round, world.tess, 1)[0], world.pim, world.anna)
    samira = interpreter(world, "Samira")
    response = login_as(world.otto).post(reverse("reach:booking_interpreters", args=[booking.pk]),
                                         {"interpreter": samira.pk, "language": "ar"})  # fmt: skip
    assert response.status_code == 404 and not BookingInterpreter.objects.exists()


# -- no double booking ------------------------------------------------------------------------------


def test_staff_interpreter_is_not_booked_at_two_sessions_at_once(world):
    karim = interpreter(world, "Karim", kind=InterpreterKind.STAFF, staff=world.otto)
    first = make_session(world.year_a, days=10)
    second = make_session(world.year_a, "school_system", days=10)
    svc.session_interpreter_book(session=first, interpreter=karim, language="ar")
    with pytest.raises(ValidationError, match="al ingepland"):
        svc.session_interpreter_book(session=second, interpreter=karim, language="ar")
    assert SessionInterpreter.objects.count() == 1


def test_staff_interpreter_is_not_booked_for_a_conversation_during_a_session(world):
    karim = interpreter(world, "Karim", kind=InterpreterKind.STAFF, staff=world.otto)
    round = make_round(world)
    slot = make_slots(round, world.tess, 1)[0]
    booking = book(round, slot, world.pim, world.anna)
    session = make_session(world.year_a)
    session.starts_at = slot.starts_at - datetime.timedelta(minutes=30)
    session.save(update_fields=["starts_at"])
    svc.session_interpreter_book(session=session, interpreter=karim, language="ar")
    with pytest.raises(ValidationError, match="al ingepland"):
        svc.booking_interpreter_book(booking=booking, interpreter=karim, language="ar")
    assert not BookingInterpreter.objects.exists()


def test_a_service_may_be_booked_at_the_same_time_twice(world):
    service = interpreter(world, "Tolkdienst Midden", kind=InterpreterKind.SERVICE, languages=["ar", "tr"])
    first = make_session(world.year_a, days=10)
    second = make_session(world.year_a, "school_system", days=10)
    svc.session_interpreter_book(session=first, interpreter=service, language="ar")
    svc.session_interpreter_book(session=second, interpreter=service, language="tr")
    assert SessionInterpreter.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_booking_the_same_staff_interpreter_at_once_book_once(world):
    karim = interpreter(world, "Karim", kind=InterpreterKind.STAFF, staff=world.otto)
    sessions = [make_session(world.year_a, days=10), make_session(world.year_a, "school_system", days=10)]
    barrier, outcomes = threading.Barrier(2), []

    def attempt(session):
        close_old_connections()
        try:
            barrier.wait(timeout=10)
            svc.session_interpreter_book(session=session, interpreter=karim, language="ar")
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["booked", "refused"]
    assert SessionInterpreter.objects.filter(interpreter=karim).count() == 1


# -- the list ---------------------------------------------------------------------------------------


def test_ib_adds_edits_and_deactivates_an_interpreter(world, login_as):
    client = login_as(world.iris)
    response = client.post(reverse("reach:interpreters"), {"kind": "staff", "staff": world.otto.pk, "name": "",
                                                            "languages": ["ar"], "other_languages": "so, ti",
                                                            "phone": "", "email": "", "active": "on"})  # fmt: skip
    assert response.status_code == 302
    otto = Interpreter.objects.get(school=world.school_a)
    assert (otto.name, otto.staff, otto.languages) == (world.otto.full_name, world.otto, ["ar", "so", "ti"])
    client.post(reverse("reach:interpreter", args=[otto.pk]), {"kind": "staff", "staff": world.otto.pk,
                                                                "name": "Otto (tolk)", "languages": ["tr"],
                                                                "active": "on"})  # fmt: skip
    otto.refresh_from_db()
    assert (otto.name, otto.languages) == ("Otto (tolk)", ["tr"])
    client.post(reverse("reach:interpreter_deactivate", args=[otto.pk]))
    otto.refresh_from_db()
    assert otto.active is False


def test_bad_interpreter_input_gives_a_dutch_error_and_saves_nothing(world, login_as):
    client = login_as(world.lea)
    response = client.post(reverse("reach:interpreters"), {"kind": "staff", "name": "X", "languages": []})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kies de medewerker die tolkt." in body and "Kies minstens één taal." in body
    response = client.post(reverse("reach:interpreters"), {"kind": "volunteer", "name": "X",
                                                           "other_languages": "nl"})  # fmt: skip
    assert "anders dan nl" in response.content.decode()
    assert not Interpreter.objects.exists()


def test_interpreter_list_is_for_leadership_and_ib_of_the_school_only(world, login_as, client):
    samira = interpreter(world, "Samira")
    assert login_as(world.tess).get(reverse("reach:interpreters")).status_code == 403
    assert login_as(world.lars).get(reverse("reach:interpreter", args=[samira.pk])).status_code == 404
    assert "Samira" not in login_as(world.lars).get(reverse("reach:interpreters")).content.decode()
    assert login_as(world.lars).post(reverse("reach:interpreter_deactivate", args=[samira.pk])).status_code == 404
    samira.refresh_from_db()
    assert samira.active


# -- the need travels with every invitation ---------------------------------------------------------


def test_session_invitation_carries_the_guardians_interpreter_need(world):
    world.anna.needs_interpreter, world.anna.language = True, "ar"
    world.anna.save()
    session = make_session(world.year_a, days=20, year_levels=(3, 6))
    invitations_send(session=session, day=session.school_year.first_day + datetime.timedelta(days=1))
    languages = dict(Invitation.objects.filter(session=session).values_list("guardian_id", "interpreter_language"))
    assert languages == {world.anna.pk: "ar", world.bert.pk: ""}


def test_conversation_preference_form_starts_from_the_guardians_interpreter_need(world, login_as):
    from django.utils import timezone

    world.anna.needs_interpreter, world.anna.language = True, "tr"
    world.anna.save()
    now = timezone.now()
    round = make_round(world, preferences_open_at=now - datetime.timedelta(days=1),
                       preferences_close_at=now + datetime.timedelta(days=3))  # fmt: skip
    make_slots(round, world.tess, 2)
    page = login_as(world.anna).get(reverse("conversations:preference", args=[round.pk]))
    assert page.status_code == 200
    assert page.context["form"].initial["interpreter_language"] == "tr"
    assert not Preference.objects.exists()
