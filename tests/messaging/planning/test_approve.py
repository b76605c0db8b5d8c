"""Approving a week plan: one message per guardian and kind (siblings merged), each guardian their
own, consent honoured, texts in the guardian's language, re-approval replaces and never duplicates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from messaging.models import Kind, Message, MessagePart, Status, Subscription, WeekPlan
from messaging.planning import plan_source, week_plan_approve, week_plan_get_or_propose, week_plan_save
from tests import factories as f

from .conftest import WEEK
from .helpers import ALL_KINDS, approve_week, messages_of, plan_week


def test_the_proposal_is_unsaved_and_preselects_the_librarys_tip_and_encouragement(world, library):
    proposal = week_plan_get_or_propose(group=world.group_3, week=WEEK + datetime.timedelta(days=2))
    assert proposal.pk is None and proposal.week == WEEK
    assert proposal.tip == library[(Kind.TIP, 3)]
    assert proposal.encouragement == library[(Kind.ENCOURAGEMENT, 3)]
    assert not WeekPlan.objects.exists()


def test_last_weeks_theme_carries_over_into_the_proposal(world, library):
    plan_week(world.group_3, WEEK, world.tess, theme="Herfst")
    assert week_plan_get_or_propose(group=world.group_3, week=WEEK + datetime.timedelta(days=7)).theme == "Herfst"


def test_approval_schedules_progress_tip_and_encouragement_for_the_pupils_guardian(world, library):
    result = approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend met tafels"})
    messages = messages_of(world.anna, WEEK)
    assert set(messages) == ALL_KINDS
    assert messages[Kind.PROGRESS].text == "Nieuws over Pim: Goed geoefend met tafels."
    assert "Pim" in messages[Kind.TIP].text
    assert messages[Kind.PROGRESS].parts.get().source == plan_source(result.plan, Kind.PROGRESS, world.pim.pk)
    assert (result.parts, len(result.messages)) == (3, 3)
    assert result.plan.approved_by == world.tess and result.plan.approved_at is not None
    assert not Message.objects.filter(guardian=world.bert).exists()


def test_a_pupil_without_a_line_gets_no_progress_message(world, library):
    approve_week(world.group_3, WEEK, world.tess, {})
    assert set(messages_of(world.anna)) == {Kind.TIP, Kind.ENCOURAGEMENT}


def test_siblings_in_two_groups_get_one_message_per_kind_holding_both_children(world, library, sibling):
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Leest vlot"})
    approve_week(world.group_56, WEEK, world.otto, {sibling.pk: "Oefent met breuken"})
    messages = messages_of(world.anna, WEEK)
    assert set(messages) == ALL_KINDS
    for message in messages.values():
        assert {part.pupil_id for part in message.parts.all()} == {world.pim.pk, sibling.pk}
    assert messages[Kind.PROGRESS].text == "Nieuws over Pim: Leest vlot.\n\nNieuws over Sara: Oefent met breuken."


def test_separated_parents_each_get_their_own_messages(world, library):
    father = f.GuardianFactory(school=world.school_a, first_name="Frank", email="frank@example.nl")
    f.GuardianOfFactory(guardian=father, pupil=world.pim, relationship="vader", invite_separately=True)
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed bezig"})
    assert set(messages_of(world.anna)) == ALL_KINDS
    assert set(messages_of(father)) == ALL_KINDS
    assert Message.objects.get(guardian=father, kind=Kind.PROGRESS).text == "Nieuws over Pim: Goed bezig."


def test_a_guardian_who_receives_no_information_gets_nothing(world, library):
    other = f.GuardianFactory(school=world.school_a)
    f.GuardianOfFactory(guardian=other, pupil=world.pim, receives_information=False)
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed bezig"})
    assert not Message.objects.filter(guardian=other).exists()


def test_a_guardian_who_opted_out_of_tips_gets_progress_and_encouragement_only(world, library):
    Subscription.objects.create(guardian=world.anna, topic="tip", active=False)
    result = approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed bezig"})
    assert set(messages_of(world.anna)) == {Kind.PROGRESS, Kind.ENCOURAGEMENT}
    assert result.not_subscribed == 1


def test_texts_are_in_the_guardians_language_when_the_translation_is_approved(world, library):
    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    turkish = f.GuardianFactory(school=world.school_a, language="tr")
    f.GuardianOfFactory(guardian=turkish, pupil=world.pim)
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend met tafels"})
    arabic = messages_of(world.anna)
    assert arabic[Kind.TIP].text == "نصيحة: اقرأ مع Pim عشر دقائق كل يوم."
    assert arabic[Kind.PROGRESS].text == "أخبار عن Pim: Goed geoefend met tafels."
    assert arabic[Kind.TIP].language == "ar"
    # The Turkish tip is not approved yet: the Turkish parent gets the Dutch text.
    assert messages_of(turkish)[Kind.TIP].text == "Tip: lees elke dag tien minuten samen met Pim."


def test_re_approving_after_an_edit_replaces_the_parts_and_never_duplicates(world, library):
    first = approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Eerste versie"})
    week_plan_approve(plan=first.plan, by=world.tess)  # twice the same: nothing new
    plan = plan_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Tweede versie"})
    assert plan.approved_at is None, "an edit makes the plan a draft again"
    week_plan_approve(plan=plan, by=world.tess)
    messages = messages_of(world.anna)
    assert messages[Kind.PROGRESS].text == "Nieuws over Pim: Tweede versie."
    assert MessagePart.objects.filter(message__guardian=world.anna).count() == 3
    assert Message.objects.filter(guardian=world.anna).count() == 3


def test_re_approving_without_a_line_or_tip_withdraws_those_parts(world, library):
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed bezig"})
    plan = plan_week(world.group_3, WEEK, world.tess, {world.pim.pk: ""}, tip=False)
    result = week_plan_approve(plan=plan, by=world.tess)
    assert result.withdrawn == 2
    assert set(messages_of(world.anna)) == {Kind.ENCOURAGEMENT}
    assert Message.objects.filter(guardian=world.anna, status=Status.CANCELLED).count() == 2


def test_saving_an_unchanged_approved_plan_keeps_the_approval(world, library):
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed bezig"})
    assert plan_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed bezig"}).approved_at is not None


def test_a_message_already_sent_is_left_alone_on_re_approval(world, library):
    result = approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Eerste"})
    Message.objects.filter(guardian=world.anna, kind=Kind.PROGRESS).update(status=Status.SENT)
    plan = plan_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Tweede"})
    week_plan_approve(plan=plan, by=world.tess)
    assert messages_of(world.anna)[Kind.PROGRESS].text == "Nieuws over Pim: Eerste."
    assert result.plan.pk == plan.pk


def test_the_database_refuses_a_second_engagement_message_of_a_kind_in_a_week(world, library):
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed bezig"})
    tip = messages_of(world.anna)[Kind.TIP]
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            school=world.school_a, guardian=world.anna, purpose="engagement", kind=Kind.TIP, week=WEEK,
            day=tip.day, channel="email", scheduled_at=tip.scheduled_at, idempotency_key="bypassing-the-service",
        )  # fmt: skip


def test_only_the_groups_teacher_or_leadership_may_plan(world, library):
    with pytest.raises(PermissionDenied):
        plan_week(world.group_3, WEEK, world.otto)
    with pytest.raises(PermissionDenied):
        plan_week(world.group_3, WEEK, world.iris)
    with pytest.raises(PermissionDenied):
        plan_week(world.group_3, WEEK, world.lars)
    plan = plan_week(world.group_3, WEEK, world.lea)
    with pytest.raises(PermissionDenied):
        week_plan_approve(plan=plan, by=world.otto)
    assert week_plan_approve(plan=plan, by=world.lea).parts == 2


def test_progress_lines_are_at_most_160_characters_and_only_for_pupils_of_the_group(world, library):
    with pytest.raises(ValidationError):
        plan_week(world.group_3, WEEK, world.tess, {world.pim.pk: "x" * 161})
    with pytest.raises(ValidationError):
        plan_week(world.group_3, WEEK, world.tess, {world.bo.pk: "Niet mijn leerling"})


def test_a_tip_from_another_kind_or_school_is_refused(world, library):
    with pytest.raises(ValidationError):
        week_plan_save(
            group=world.group_3, week=WEEK, theme="", tip=library[(Kind.ENCOURAGEMENT, 3)], encouragement=None,
            progress={}, by=world.tess,
        )  # fmt: skip
