"""Django admin: every model of the school app has a list, add and change page that opens."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from ouderbetrokkenheid.school import models as m

SCHOOL_MODELS = [m.SchoolBoard, m.School, m.SchoolYear, m.Group, m.Pupil, m.Guardian, m.Staff, m.BoardAdmin]


def test_every_model_of_the_school_app_has_an_admin_or_an_inline():
    registered = {model for model in admin.site._registry if model._meta.app_label == "school"}
    inlines = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    assert registered == set(SCHOOL_MODELS)
    assert {m.CalendarPeriod, m.Enrollment, m.GuardianOf} <= inlines


@pytest.fixture
def superuser_client(client, django_user_model, world):
    day = world.year_a.first_day + datetime.timedelta(days=60)
    m.CalendarPeriod.objects.create(
        school_year=world.year_a, kind=m.PeriodKind.STUDY_DAY, name="Studiedag", start_date=day, end_date=day
    )
    client.force_login(django_user_model.objects.create_superuser("root@example.nl", "geheim-wachtwoord-42"))
    return client


@pytest.mark.parametrize("model", SCHOOL_MODELS, ids=lambda model: model.__name__)
def test_admin_pages_open_for_a_superuser(model, superuser_client, django_assert_max_num_queries):
    names = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    with django_assert_max_num_queries(12):
        assert superuser_client.get(reverse(f"{names}_changelist")).status_code == 200
    assert superuser_client.get(reverse(f"{names}_add")).status_code == 200
    change = reverse(f"{names}_change", args=[model.objects.first().pk])
    with django_assert_max_num_queries(25):
        assert superuser_client.get(change).status_code == 200


def test_admin_search_finds_a_pupil_by_name(superuser_client):
    response = superuser_client.get(reverse("admin:school_pupil_changelist"), {"q": "Prins"})
    assert "Pim" in response.content.decode() and "Bo Bakker" not in response.content.decode()
