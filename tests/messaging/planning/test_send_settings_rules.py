"""Send settings refuse what would break the weekly cap: a time inside quiet hours (it would
slide to 08:00 the next day) and a Sunday too late to retry before quiet hours end the week."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from messaging.models import SendSettings
from messaging.planning import send_settings_update


def post(client, **data):
    form = {"progress_weekday": 0, "tip_weekday": 2, "encouragement_weekday": 4, "send_time": "18:00", **data}
    return client.post(reverse("messaging:send_settings"), form)


@pytest.mark.parametrize("time", ["21:00", "22:15", "06:30", "07:59"])
def test_a_time_inside_quiet_hours_is_refused_in_dutch(world, login_as, time):
    response = post(login_as(world.lea), send_time=time)
    assert response.status_code == 200
    assert "Kies een tijd tussen 08:00 en 21:00 uur" in response.content.decode()
    assert not SendSettings.objects.filter(school=world.school_a).exists()


def test_sunday_late_in_the_evening_is_refused_because_it_would_slide_into_the_next_week(world, login_as):
    response = post(login_as(world.lea), encouragement_weekday=6, send_time="20:30")
    page = response.content.decode()
    assert response.status_code == 200 and "Op zondag moet het bericht uiterlijk om 20:00 uur weg" in page
    assert "buiten zijn week" in page


@pytest.mark.parametrize(("day", "time"), [(6, "20:00"), (6, "08:00"), (0, "20:30"), (5, "20:59")])
def test_times_that_keep_the_week_are_accepted(world, login_as, day, time):
    assert post(login_as(world.lea), tip_weekday=day, send_time=time).status_code == 302
    assert SendSettings.objects.get(school=world.school_a).tip_weekday == day


def test_the_service_refuses_too_and_the_database_holds_the_quiet_hours(world):
    with pytest.raises(ValidationError) as refused:
        send_settings_update(school=world.school_a, progress_weekday=0, tip_weekday=6, encouragement_weekday=4,
                             send_time=datetime.time(20, 30), summer_reading=True, by=world.lea)  # fmt: skip
    assert "tip_weekday" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        SendSettings.objects.create(school=world.school_a, send_time=datetime.time(21, 30))
