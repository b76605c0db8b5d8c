"""Erasure requests: leadership previews, confirms; what the law needs stays, the rest goes or is
anonymised, in one transaction, with a record of the request."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from conversations.models import Record
from development.models import AccessLogEntry, TestResult
from meetings.models import Invitation
from messaging.models import Message
from ouderbetrokkenheid.accounts.models import MagicLink
from ouderbetrokkenheid.privacy import services
from ouderbetrokkenheid.privacy.models import ErasureRequest
from ouderbetrokkenheid.school import datakinds
from ouderbetrokkenheid.school.datakinds import DataKind
from ouderbetrokkenheid.school.models import Guardian, GuardianOf, Pupil

from .support import leave_school


def form(**extra):
    return {"requested_by": "Anna Prins, per e-mail", "requested_on": timezone.localdate().isoformat(),
            "confirm": "on", **extra}  # fmt: skip


def actions(plan):
    return {line.key: line.action for line in plan}


def test_the_preview_shows_what_goes_and_what_stays_and_changes_nothing(family, login_as):
    client = login_as(family.lea)
    response = client.get(reverse("privacy:erase_guardian", args=[family.anna.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Berichten van school" in body and "wordt verwijderd" in body and "blijft bewaard" in body
    assert Message.objects.filter(guardian=family.anna).exists()
    assert not ErasureRequest.objects.exists()


def test_a_parent_of_a_pupil_at_school_keeps_name_and_contact_the_rest_goes(family, login_as):
    AccessLogEntry.objects.create(school=family.school_a, pupil=family.pim, guardian=family.anna, action="view")
    client = login_as(family.lea)
    response = client.post(reverse("privacy:erase_guardian", args=[family.anna.pk]), form())
    assert response.status_code == 302

    assert not Message.objects.filter(guardian=family.anna).exists()
    assert not Invitation.objects.filter(guardian=family.anna).exists()
    assert not MagicLink.objects.filter(guardian=family.anna).exists()
    log = AccessLogEntry.objects.get(pupil=family.pim)
    assert log.guardian is None, "the read stays in the audit log, without who it was"
    anna = Guardian.objects.get(pk=family.anna.pk)
    assert anna.email == "anna@example.nl", "kept: Pim is still at school"
    assert GuardianOf.objects.filter(guardian=anna, pupil=family.pim).exists()
    assert Record.objects.filter(booking__pupil=family.pim).exists(), "the pupil's file is not hers to erase"

    request = ErasureRequest.objects.get()
    assert request.requested_by == "Anna Prins, per e-mail"
    assert request.handled_by == family.lea.user and request.subject_name == "Anna Prins"
    outcome = {line["key"]: line for line in request.outcome}
    assert outcome["messaging.messages"]["action"] == "delete" and outcome["messaging.messages"]["count"] == 1
    assert outcome["development.guardian_reads"]["action"] == "anonymise"
    assert outcome["school.guardians"]["action"] == "keep" and outcome["school.guardians"]["reason"]


def test_an_opt_out_survives_the_erasure(family):
    from messaging.models import Subscription

    Subscription.objects.create(guardian=family.anna, topic="progress", active=False)
    services.erasure_apply(person=family.anna, requested_by="Anna", requested_on=timezone.localdate(),
                           handled_by=family.lea.user)  # fmt: skip
    assert not Subscription.objects.get(guardian=family.anna, topic="progress").active


def test_the_preview_takes_a_bounded_number_of_queries(family, login_as, django_assert_max_num_queries):
    from ouderbetrokkenheid.school.datakinds import kinds

    client = login_as(family.lea)
    with django_assert_max_num_queries(12 + len(kinds())):
        response = client.get(reverse("privacy:erase_guardian", args=[family.anna.pk]))
    assert response.status_code == 200


def test_a_parent_without_a_child_at_school_is_anonymised(family, login_as):
    leave_school(family.pim, timezone.localdate())
    user_id = family.anna.user_id or __import__("tests.conftest", fromlist=["x"]).guardian_user(family.anna).pk
    services.erasure_apply(person=family.anna, requested_by="Anna", requested_on=timezone.localdate(),
                           handled_by=family.lea.user)  # fmt: skip
    anna = Guardian.objects.get(pk=family.anna.pk)
    assert (anna.first_name, anna.email, anna.mobile, anna.user_id) == ("", "", "", None)
    assert "Prins" not in anna.full_name
    assert not GuardianOf.objects.filter(guardian=anna).exists()
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(pk=user_id).exists(), "the login is gone"


def test_a_pupil_at_school_cannot_be_erased(family, login_as):
    client = login_as(family.lea)
    response = client.post(reverse("privacy:erase_pupil", args=[family.pim.pk]), form())
    assert response.status_code == 200
    assert "zit nog op school" in response.content.decode()
    assert TestResult.objects.filter(pupil=family.pim).exists()
    assert not ErasureRequest.objects.exists()


def test_a_pupil_who_left_keeps_the_file_and_loses_the_rest(family, login_as):
    leave_school(family.pim, timezone.localdate() - datetime.timedelta(days=1))
    client = login_as(family.lea)
    response = client.post(reverse("privacy:erase_pupil", args=[family.pim.pk]), form(requested_by="Vader van Pim"))
    assert response.status_code == 302
    assert not TestResult.objects.filter(pupil=family.pim).exists()
    assert Record.objects.filter(booking__pupil=family.pim).exists()
    assert Pupil.objects.filter(pk=family.pim.pk).exists()
    request = ErasureRequest.objects.get()
    outcome = {line["key"]: line for line in request.outcome}
    assert outcome["development.test_results"]["action"] == "delete"
    assert outcome["conversations.records"]["action"] == "keep"
    assert request.subject == "pupil"


def test_a_failure_half_way_writes_nothing(family, monkeypatch):
    """The erasure is one transaction: a kind that fails after others deleted undoes everything."""

    def boom(rows):
        raise IntegrityError("kapot")

    key = "tests.breaks_late"
    monkeypatch.setitem(
        datakinds._REGISTRY,
        key,
        DataKind(key=key, label="kapot", category="", period_text="", reason="", action="anonymise",
                 anonymise=boom, of_guardian=lambda g: Guardian.objects.filter(pk=g.pk),
                 on_erasure="anonymise", order=999),
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        services.erasure_apply(person=family.anna, requested_by="Anna", requested_on=timezone.localdate(),
                               handled_by=family.lea.user)  # fmt: skip
    assert Message.objects.filter(guardian=family.anna).exists()
    assert Invitation.objects.filter(guardian=family.anna).exists()
    assert not ErasureRequest.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [{"requested_by": ""}, {"confirm": ""}, {"requested_on": "morgen"}, {"requested_on": "2999-01-01"}],
    ids=["no-requester", "not-confirmed", "no-date", "future"],
)
def test_bad_input_is_refused_and_nothing_is_erased(bad, family, login_as):
    data = form(**bad)
    if not data["confirm"]:
        del data["confirm"]
    response = login_as(family.lea).post(reverse("privacy:erase_guardian", args=[family.anna.pk]), data)
    assert response.status_code == 200
    assert Message.objects.filter(guardian=family.anna).exists()
    assert not ErasureRequest.objects.exists()


@pytest.mark.parametrize("who", ["lars", "tess", "iris", "bea"])
def test_only_the_schools_leadership_handles_a_request(who, family, login_as):
    """Another school's leadership gets 404; teachers, IB and the board 403."""
    client = login_as(getattr(family, who))
    for name, pk in (("privacy:erase_guardian", family.anna.pk), ("privacy:erase_pupil", family.pim.pk)):
        response = client.post(reverse(name, args=[pk]), form())
        assert response.status_code == (404 if who == "lars" else 403), (who, name)
    assert Message.objects.filter(guardian=family.anna).exists()
    assert not ErasureRequest.objects.exists()


def test_the_overview_finds_people_of_the_own_school_only(family, login_as, django_assert_max_num_queries):
    client = login_as(family.lea)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("privacy:overview"), {"q": "k"})
    body = response.content.decode()
    assert "Bert Bakker" in body and "Karel" not in body and "Kai" not in body


def test_the_overview_lists_handled_requests_and_retention_runs(family, login_as, django_assert_max_num_queries):
    for _ in range(3):
        services.retention_run()
    services.erasure_apply(person=family.bert, requested_by="Bert zelf", requested_on=timezone.localdate(),
                           handled_by=family.lea.user)  # fmt: skip
    client = login_as(family.lea)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("privacy:overview"))
    body = response.content.decode()
    assert "Bert zelf" in body and "Inloglinks en inlogcodes" in body
    other = login_as(family.lars).get(reverse("privacy:overview")).content.decode()
    assert "Bert zelf" not in other, "another school does not see the request"
