"""factory-boy factories for the shared model."""

import datetime

import factory
from django.contrib.auth import get_user_model

from ouderbetrokkenheid.school import models as m


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SchoolBoard

    name = factory.Sequence(lambda n: f"Stichting {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.School

    board = factory.SubFactory(BoardFactory)
    brin = factory.Sequence(lambda n: f"{10 + n % 90:02d}AB{n % 100:02d}")
    name = factory.Sequence(lambda n: f"Basisschool {n}")
    region = m.Region.MIDDLE


ROOM_AHEAD = datetime.timedelta(weeks=15)


def school_year_bounds(day):
    """The personas' school year on `day`: 17 August – 16 July, holding `day`. Late in the year and in
    the summer holiday it is lengthened to 15 weeks past `day`, so that every test runs inside a school
    year with a term left to plan in (the year calendar's events reach 13 weeks ahead), whatever day
    the suite runs on."""
    start_year = day.year if day >= datetime.date(day.year, 8, 17) else day.year - 1
    last_day = max(datetime.date(start_year + 1, 7, 16), day + ROOM_AHEAD)
    return datetime.date(start_year, 8, 17), last_day


def year_end(first_day):
    """The last day of the personas' year that starts on `first_day` (lengthened in the summer holiday)."""
    running_first, running_last = school_year_bounds(datetime.date.today())
    return running_last if first_day == running_first else datetime.date(first_day.year + 1, 7, 16)


def planning_monday(today=None, *, days_ahead=8):
    """A Monday of the personas' school year at least `days_ahead` days after `today` (default: the
    suite's day), with the rest of its week inside the year: a day a round or session can still be
    planned on (invitations go out at least a week ahead)."""
    from tests.plugins.clock import TODAY

    today = today or TODAY
    first_day, last_day = school_year_bounds(today)
    day = max(today + datetime.timedelta(days=days_ahead), first_day + datetime.timedelta(days=7))
    day += datetime.timedelta(days=-day.weekday() % 7)
    if day + datetime.timedelta(days=4) > last_day:
        raise ValueError(f"no Monday left to plan on in the school year of {today}")
    return day


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.SchoolYear

    school = factory.SubFactory(SchoolFactory)
    first_day = factory.LazyFunction(lambda: school_year_bounds(datetime.date.today())[0])
    last_day = factory.LazyAttribute(lambda o: year_end(o.first_day))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    email = factory.Sequence(lambda n: f"user{n}@school.example.nl")
    password = factory.django.Password("geheim-wachtwoord-42")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Staff

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    is_teacher = True


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Group

    school_year = factory.SubFactory(SchoolYearFactory)
    name = factory.Sequence(lambda n: f"{n % 8 + 1}{chr(97 + n % 26)}")


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Pupil

    school = factory.SubFactory(SchoolFactory)
    external_id = factory.Sequence(lambda n: str(10000 + n))
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = datetime.date(2018, 5, 1)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Enrollment

    pupil = factory.SubFactory(PupilFactory)
    group = factory.SubFactory(GroupFactory)
    year_level = 3
    start_date = factory.LazyAttribute(lambda o: o.group.school_year.first_day)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.Guardian

    school = factory.SubFactory(SchoolFactory)
    external_id = factory.Sequence(lambda n: str(50000 + n))
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.Sequence(lambda n: f"ouder{n}@example.nl")
    mobile = factory.Sequence(lambda n: f"+316{10000000 + n}")


class GuardianOfFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = m.GuardianOf

    guardian = factory.SubFactory(GuardianFactory)
    pupil = factory.SubFactory(PupilFactory)
    relationship = m.Relationship.MOTHER
