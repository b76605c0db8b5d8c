"""A tip that names the theme is not approved without one; the week plan page shows each message
as the parents will read it, in each of their languages, with its SMS segments."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from messaging.models import Kind, Message, WeekPlan
from messaging.planning import week_plan_approve, week_plan_save

from .conftest import WEEK, entry


@pytest.fixture
def theme_tip(world):
    return entry(world.school_a, Kind.TIP, 3, {
        "nl": "Het thema in de klas is nu: {theme}. Praat er thuis over met {child}.",
        "ar": "موضوع الصف الآن: {theme}. تحدث عنه مع {child}.",
    })  # fmt: skip


def plan_url(group):
    return f"{reverse('messaging:week_plan', args=[group.pk])}?week={WEEK.isoformat()}"


def test_a_tip_that_names_the_theme_is_not_approved_without_a_theme(world, library, theme_tip):
    plan = week_plan_save(group=world.group_3, week=WEEK, theme="  ", tip=theme_tip, encouragement=None,
                          progress={}, by=world.tess)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        week_plan_approve(plan=plan, by=world.tess)
    assert "het thema is leeg" in refused.value.messages[0]
    assert WeekPlan.objects.get(pk=plan.pk).approved_at is None
    assert not Message.objects.exists()  # not one message half-written


def test_the_same_tip_is_approved_once_the_theme_is_filled_in(world, library, theme_tip):
    plan = week_plan_save(group=world.group_3, week=WEEK, theme="Herfst", tip=theme_tip, encouragement=None,
                          progress={}, by=world.tess)  # fmt: skip
    week_plan_approve(plan=plan, by=world.tess)
    tip = Message.objects.get(guardian=world.anna, kind=Kind.TIP)
    assert tip.text == "Het thema in de klas is nu: Herfst. Praat er thuis over met Pim."


def test_the_page_refuses_approval_with_a_clear_dutch_message(world, library, theme_tip, login_as):
    client = login_as(world.tess)
    response = client.post(plan_url(world.group_3), {"theme": "", "tip": theme_tip.pk, "encouragement": "",
                                                     "approve": "1"})  # fmt: skip
    assert response.status_code == 200
    assert "De tip noemt het thema, maar het thema is leeg." in response.content.decode()
    assert not Message.objects.exists()


def test_the_preview_shows_each_message_in_each_parents_language_with_sms_segments(
    world, library, theme_tip, login_as, django_assert_max_num_queries
):
    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    week_plan_save(group=world.group_3, week=WEEK, theme="Herfst", tip=theme_tip,
                   encouragement=library[(Kind.ENCOURAGEMENT, 3)], progress={world.pim.pk: "Leest vlot"},
                   by=world.tess)  # fmt: skip
    client = login_as(world.tess)
    with django_assert_max_num_queries(40):
        body = client.get(plan_url(world.group_3)).content.decode()
    assert "Zo lezen de ouders het" in body
    assert "Het thema in de klas is nu: Herfst. Praat er thuis over met Pim." in body  # Dutch
    assert "موضوع الصف الآن: Herfst. تحدث عنه مع Pim." in body  # Anna reads Arabic
    assert "أخبار عن Pim: Leest vlot" in body  # her progress message, framed in Arabic
    assert 'data-preview="ar-tip"' in body and "UCS-2" in body and "GSM-7" in body


def test_another_schools_teacher_sees_no_preview(world, library, login_as):
    assert login_as(world.sven).get(plan_url(world.group_3)).status_code == 404
