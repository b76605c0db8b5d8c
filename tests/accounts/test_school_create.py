"""`manage.py school_create` (issue 13, point 17): board, school, its school year from the region's
holidays and the first leadership account, who chooses a password through an e-mailed link; bad
input is refused in Dutch and writes nothing."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from ouderbetrokkenheid.school.holidays import running_or_next_start_year
from ouderbetrokkenheid.school.models import CalendarPeriod, School, SchoolBoard, SchoolYear, Staff
from tests.plugins.clock import AMSTERDAM

ARGS = {
    "board": "Stichting Nieuw Begin", "brin": "33cc00", "name": "De Vlinder", "region": "noord",
    "email": "Directie@Vlinder.example.nl", "first_name": "Fenna", "last_name": "Visser",
}  # fmt: skip


def in_month(month, day=10):
    """10:00 on `day` of `month` in the school year running now (never a year written down)."""
    start_year = running_or_next_start_year(timezone.localdate(), "noord")
    year = start_year if month >= 8 else start_year + 1
    return datetime.datetime(year, month, day, 10, tzinfo=AMSTERDAM)


def counts():
    return (SchoolBoard.objects.count(), School.objects.count(), SchoolYear.objects.count(),
            get_user_model().objects.count(), Staff.objects.count(), CalendarPeriod.objects.count())  # fmt: skip


@pytest.mark.parametrize("month", [12, 9])
def test_school_create_makes_board_school_year_and_leadership_with_a_set_password_mail(
    db, clock, month, mailoutbox, django_capture_on_commit_callbacks, client
):
    clock.move_to(in_month(month))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("school_create", *[f"--{k.replace('_', '-')}={v}" for k, v in ARGS.items()])
    school = School.objects.get(brin="33CC00")
    assert (school.name, school.region, school.board.name) == ("De Vlinder", "noord", "Stichting Nieuw Begin")
    year = school.years.get()
    assert year.first_day <= timezone.localdate() <= year.last_day  # the running year, from the region
    assert year.periods.filter(kind="holiday", name__icontains="kerst").exists()
    director = Staff.objects.get(school=school)
    assert director.is_leadership and director.user.email == "directie@vlinder.example.nl"
    assert not director.user.has_usable_password()
    [mail] = mailoutbox
    assert mail.to == ["directie@vlinder.example.nl"] and "De Vlinder" in mail.subject
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", mail.body).group(0)
    form = client.get(urlsplit(link).path, follow=True)
    assert form.status_code == 200
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Vlinder-start-2x!", "new_password2": "Vlinder-start-2x!"}
    )
    assert response.status_code == 302
    assert client.login(email="directie@vlinder.example.nl", password="Vlinder-start-2x!")


def test_a_second_school_joins_the_existing_board(db, mailoutbox, django_capture_on_commit_callbacks):
    board = SchoolBoard.objects.create(name="Stichting Nieuw Begin")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("school_create", *[f"--{k.replace('_', '-')}={v}" for k, v in ARGS.items()])
    assert School.objects.get(brin="33CC00").board == board
    assert SchoolBoard.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"brin": "ABCD"}, "Het BRIN-nummer ABCD klopt niet"),
        ({"region": "oost"}, "Kies de vakantieregio: noord, midden of zuid."),
        ({"email": "geen-adres"}, "Het e-mailadres geen-adres klopt niet."),
        ({"start_year": "1990"}, "De officiële schoolvakanties van 1990-1991 zijn niet bekend"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_written(db, mailoutbox, change, message):
    before = counts()
    with pytest.raises(CommandError) as refused:
        call_command("school_create", *[f"--{k.replace('_', '-')}={v}" for k, v in (ARGS | change).items()])
    assert str(refused.value).startswith("Niets aangemaakt.")
    assert message in str(refused.value)
    assert counts() == before and not mailoutbox


def test_an_existing_brin_or_account_is_refused(world, mailoutbox):
    before = counts()
    with pytest.raises(CommandError, match="Er is al een school met BRIN-nummer 11AA00."):
        call_command("school_create", *[f"--{k.replace('_', '-')}={v}" for k, v in (ARGS | {"brin": "11aa00"}).items()])
    with pytest.raises(CommandError, match="heeft al een account"):
        call_command(
            "school_create",
            *[f"--{k.replace('_', '-')}={v}" for k, v in (ARGS | {"email": world.tess.user.email}).items()],
        )
    assert counts() == before and not mailoutbox
