"""`make run` publishes the demo schools' calendars, so a demo parent sees their school year."""

import io

from django.core.management import call_command
from django.urls import reverse

from ouderbetrokkenheid.school.models import Guardian
from tests.conftest import guardian_user
from yearplan.models import Publication, PublishedEvent


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_demo_calendars_are_published_once_and_parents_see_them(db, client):
    run("demo_school", "--no-simulation")  # the import only: fast
    first = run("demo_yearplan")

    assert first.count("gepubliceerd") == 2
    publications, events = Publication.objects.count(), PublishedEvent.objects.count()
    assert publications == 2 and events > 10
    assert run("demo_yearplan") == ""  # again: nothing new, nobody notified
    assert (Publication.objects.count(), PublishedEvent.objects.count()) == (publications, events)

    parent = Guardian.objects.get(email="femke.vandenberg14@example.nl")
    client.force_login(guardian_user(parent))
    page = client.get(reverse("yearplan:parent_year"))
    assert page.status_code == 200
    assert "Kerstvakantie" in page.content.decode()
