"""The pages: the teacher's week plan, leadership's week and settings, the overviews, a guardian's
history for staff and the guardian's own "Berichten" page; who may not, and bounded queries."""

import datetime

import pytest
from django.urls import reverse

from messaging.models import DeliveryStatus, Kind, Message, SendSettings, Status, WeekPlan
from messaging.selectors import Month, group_counts, nothing_received, school_overview
from tests import factories as f

from .conftest import NOW, WEEK
from .helpers import ALL_KINDS, approve_week, messages_of


def plan_url(group, week=WEEK):
    return f"{reverse('messaging:week_plan', args=[group.pk])}?week={week.isoformat()}"


def post_plan(client, group, data, *, approve):
    return client.post(plan_url(group), {**data, ("approve" if approve else "save"): "1"})


def test_teacher_sees_the_proposal_and_approves_the_week_in_one_form(world, library, login_as):
    client = login_as(world.tess)
    page = client.get(plan_url(world.group_3))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tip: lees elke dag tien minuten samen met Pim." in body  # the Dutch preview
    assert "1 sms" in body
    assert f'value="{library[(Kind.TIP, 3)].pk}" checked' in body
    data = {
        "theme": "Tafels", "tip": library[(Kind.TIP, 3)].pk, "encouragement": library[(Kind.ENCOURAGEMENT, 3)].pk,
        f"line_{world.pim.pk}": "goed geoefend met tafels",
    }  # fmt: skip
    response = post_plan(client, world.group_3, data, approve=True)
    assert response.status_code == 302
    plan = WeekPlan.objects.get(group=world.group_3, week=WEEK)
    assert plan.approved_by == world.tess and plan.theme == "Tafels"
    assert messages_of(world.anna)[Kind.PROGRESS].text == "Nieuws over Pim: goed geoefend met tafels."
    assert "Goedgekeurd en ingepland" in client.get(response.url).content.decode()


def test_saving_does_not_schedule(world, library, login_as):
    client = login_as(world.tess)
    post_plan(client, world.group_3, {"theme": "", "tip": "", "encouragement": "",
                                      f"line_{world.pim.pk}": "Leest vlot"}, approve=False)  # fmt: skip
    plan = WeekPlan.objects.get(group=world.group_3, week=WEEK)
    assert plan.approved_at is None and plan.progress_lines.get().text == "Leest vlot"
    assert not Message.objects.exists()


def test_a_too_long_line_shows_the_form_again(world, library, login_as):
    client = login_as(world.tess)
    response = post_plan(client, world.group_3, {f"line_{world.pim.pk}": "x" * 161}, approve=True)
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert not WeekPlan.objects.exists()


@pytest.mark.parametrize("persona", ["otto", "sven", "lars"])
def test_teacher_of_another_group_and_staff_of_another_school_get_404(world, library, login_as, persona):
    client = login_as(getattr(world, persona))
    assert client.get(plan_url(world.group_3)).status_code == 404
    assert post_plan(client, world.group_3, {f"line_{world.pim.pk}": "x"}, approve=True).status_code == 404
    assert client.get(reverse("messaging:group_overview", args=[world.group_3.pk])).status_code == 404
    assert client.get(reverse("messaging:guardian_history", args=[world.anna.pk])).status_code == 404
    assert not Message.objects.exists()


def test_leadership_sees_every_group_of_the_week_and_may_plan_any(world, library, login_as):
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed"})
    client = login_as(world.lea)
    body = client.get(f"{reverse('messaging:week_overview')}?week={WEEK}").content.decode()
    assert "Groep 3" in body and "Groep 5/6" in body and "Ingepland" in body and "Nog niet gemaakt" in body
    assert "1 van 2 groepen goedgekeurd" in body
    post_plan(client, world.group_56, {"tip": library[(Kind.TIP, 6)].pk}, approve=True)
    assert set(messages_of(world.bert)) == {Kind.TIP}


def test_the_ib_may_look_but_not_plan(world, library, login_as):
    client = login_as(world.iris)
    assert client.get(plan_url(world.group_3)).status_code == 200
    assert post_plan(client, world.group_3, {}, approve=True).status_code == 403


def test_leadership_sets_weekend_days_and_the_time(world, login_as):
    client = login_as(world.lea)
    assert client.get(reverse("messaging:send_settings")).status_code == 200
    response = client.post(reverse("messaging:send_settings"), {
        "progress_weekday": 0, "tip_weekday": 5, "encouragement_weekday": 6, "send_time": "17:30",
    })  # fmt: skip
    assert response.status_code == 302
    settings = SendSettings.objects.get(school=world.school_a)
    assert (settings.tip_weekday, settings.encouragement_weekday, settings.send_time) == (5, 6, datetime.time(17, 30))
    assert settings.summer_reading is False  # an unticked box
    assert login_as(world.tess).get(reverse("messaging:send_settings")).status_code == 403


def sent(message, *, delivery="", status=Status.SENT):
    Message.objects.filter(pk=message.pk).update(status=status, delivery_status=delivery, sent_at=NOW)


def test_the_overview_counts_sent_delivered_failed_and_who_received_nothing(world, library, login_as, sibling):
    quiet = f.GuardianFactory(school=world.school_a, first_name="Quinten", email="", mobile="")
    f.GuardianOfFactory(guardian=quiet, pupil=world.pim)
    week = datetime.date(2026, 11, 23)
    approve_week(world.group_3, week, world.tess, {world.pim.pk: "Goed"})
    anna = messages_of(world.anna)
    sent(anna[Kind.PROGRESS], delivery=DeliveryStatus.DELIVERED)
    sent(anna[Kind.TIP])
    sent(anna[Kind.ENCOURAGEMENT], status=Status.FAILED)
    month, day = Month.of(datetime.date(2026, 11, 1)), datetime.date(2026, 11, 20)
    counts = group_counts(world.group_3, month=month, day=day)
    assert counts == {"planned": 3, "sent": 2, "delivered": 1, "failed": 1, "too_late": 0}  # Quinten's three wait
    assert [g.first_name for g in nothing_received([world.group_3], month=month, day=day)] == ["Quinten"]
    rows, totals = school_overview(world.group_3.school_year.groups.all(), month=month, day=day)
    by_name = {row.group.name: row for row in rows}
    assert (by_name["3"].sent, by_name["3"].failed, by_name["3"].nothing_received, by_name["3"].guardians) == (
        2, 1, 1, 2,
    )  # fmt: skip
    assert (by_name["5/6"].sent, by_name["5/6"].nothing_received) == (0, 1)  # Bert; Anna (Sara) got hers
    assert totals == counts
    page = login_as(world.tess).get(reverse("messaging:group_overview", args=[world.group_3.pk]) + "?month=2026-11")
    assert 'data-count="delivered">1<' in page.content.decode() and "Quinten" in page.content.decode()
    page = login_as(world.lea).get(reverse("messaging:school_overview") + "?month=2026-11")
    assert page.status_code == 200 and "Groep 5/6" in page.content.decode()


def test_staff_history_hides_parts_about_children_the_viewer_may_not_see(world, library, login_as, sibling):
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Leest vlot"})
    approve_week(world.group_56, WEEK, world.otto, {sibling.pk: "Geheim voor juf Tess"})
    body = login_as(world.tess).get(reverse("messaging:guardian_history", args=[world.anna.pk])).content.decode()
    assert "Leest vlot" in body and "Geheim voor juf Tess" not in body and "een ander kind" in body
    body = login_as(world.lea).get(reverse("messaging:guardian_history", args=[world.anna.pk])).content.decode()
    assert "Geheim voor juf Tess" in body


def test_the_guardian_sees_only_her_own_sent_messages_in_her_language_newest_first(world, library, client):
    from tests.conftest import guardian_user

    world.anna.language = "ar"
    world.anna.save(update_fields=["language"])
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed geoefend"})
    approve_week(world.group_56, WEEK, world.otto, {world.bo.pk: "Bo's geheime regel"})
    anna = messages_of(world.anna)
    sent(anna[Kind.PROGRESS])
    sent(anna[Kind.TIP])
    Message.objects.filter(pk=anna[Kind.TIP].pk).update(sent_at=NOW + datetime.timedelta(days=2))
    Message.objects.filter(guardian=world.bert).update(status=Status.SENT, sent_at=NOW)
    client.force_login(guardian_user(world.anna))
    client.cookies["django_language"] = "ar"
    body = client.get(reverse("messaging:portal_messages")).content.decode()
    assert 'dir="rtl"' in body and 'lang="ar"' in body
    assert body.index("نصيحة: اقرأ مع Pim") < body.index("أخبار عن Pim: Goed geoefend")  # the tip is newer
    assert "أحسنت" not in body, "the encouragement is not sent yet"
    assert "Bo" not in body
    assert client.get(reverse("messaging:portal_messages")).status_code == 200


def test_staff_cannot_open_the_portal_page_and_guardians_not_the_staff_pages(world, login_as):
    assert login_as(world.tess).get(reverse("messaging:portal_messages")).status_code == 403
    client = login_as(world.anna)
    assert client.get(plan_url(world.group_3)).status_code == 403
    assert client.get(reverse("messaging:guardian_history", args=[world.anna.pk])).status_code == 403


def grow(world, group, level, pupils):
    for _ in range(pupils):
        pupil = f.PupilFactory(school=world.school_a)
        f.EnrollmentFactory(pupil=pupil, group=group, year_level=level)
        for _ in range(2):
            f.GuardianOfFactory(guardian=f.GuardianFactory(school=world.school_a), pupil=pupil)


def count_queries(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("persona", "url_of", "limit"),
    [
        ("tess", lambda w: plan_url(w.group_3), 24),  # 6 for the preview in the parents' languages
        ("lea", lambda w: reverse("messaging:week_overview") + f"?week={WEEK}", 9),
        ("tess", lambda w: reverse("messaging:group_overview", args=[w.group_3.pk]), 8),
        ("lea", lambda w: reverse("messaging:school_overview"), 10),
        ("tess", lambda w: reverse("messaging:guardian_history", args=[w.anna.pk]), 10),
    ],
)
def test_pages_run_the_same_number_of_queries_for_a_small_and_a_four_times_larger_group(
    world, library, login_as, django_assert_max_num_queries, persona, url_of, limit
):
    grow(world, world.group_3, 3, 4)
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed"})
    client = login_as(getattr(world, persona))
    url = url_of(world)
    small = count_queries(django_assert_max_num_queries, client, url, limit)
    grow(world, world.group_3, 3, 15)
    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed"})
    assert count_queries(django_assert_max_num_queries, client, url, limit) == small


def test_the_portal_page_runs_a_fixed_number_of_queries(world, library, client, django_assert_max_num_queries):
    from tests.conftest import guardian_user

    approve_week(world.group_3, WEEK, world.tess, {world.pim.pk: "Goed"})
    Message.objects.filter(guardian=world.anna).update(status=Status.SENT, sent_at=NOW)
    client.force_login(guardian_user(world.anna))
    with django_assert_max_num_queries(6):
        assert client.get(reverse("messaging:portal_messages")).status_code == 200
    assert len(ALL_KINDS) == 3
