"""Who reads a thread: the guardian who wrote, the teachers of the children it is about and the
IB. Another family, another group's teacher and another school get nothing (404); leadership
sees counts, never contents (403 on the pages, numbers on the reach dashboard)."""

import pytest
from django.urls import reverse

from threads import services
from threads.models import Post
from threads.selectors import school_counts, threads_visible_to

SECRET = "Thuis gaat het niet goed met Pim"


@pytest.fixture
def thread(world):
    return services.reply_file(guardian=world.anna, via="portal", body=SECRET, pupils=[world.pim]).thread


def test_the_childs_teacher_and_the_ib_read_the_thread(thread, world, login_as):
    for reader in (world.tess, world.iris):
        response = login_as(reader).get(reverse("threads:thread", args=[thread.pk]))
        assert response.status_code == 200 and SECRET in response.content.decode()
        inbox = login_as(reader).get(reverse("threads:inbox")).content.decode()
        assert "Anna Prins" in inbox


@pytest.mark.parametrize("outsider", ["otto", "sven"])
def test_another_groups_teacher_and_another_school_get_404(thread, world, login_as, outsider):
    client = login_as(getattr(world, outsider))
    for name in ("thread", "answer", "request", "close"):
        response = client.post(reverse(f"threads:{name}", args=[thread.pk]), {"body": "Hallo", "request": 1})
        assert response.status_code == 404, name
    assert client.get(reverse("threads:thread", args=[thread.pk])).status_code == 404
    assert "Anna" not in client.get(reverse("threads:inbox")).content.decode()
    assert Post.objects.count() == 1 and thread.status == "open"


@pytest.mark.parametrize("persona", ["lea", "bea"])
def test_leadership_and_the_board_see_no_contents(thread, world, login_as, persona):
    client = login_as(getattr(world, persona))
    assert client.get(reverse("threads:thread", args=[thread.pk])).status_code == 403
    assert client.get(reverse("threads:inbox")).status_code == 403
    assert not threads_visible_to(world.lea.user).exists()


def test_leadership_counts_without_contents(thread, world, login_as):
    counts = school_counts(school=world.school_a, since=thread.created_at)
    assert counts["threads"] == 1 and counts["from_parents"] == 1 and counts["started_by_parents"] == 1
    page = login_as(world.lea).get(reverse("reach:dashboard")).content.decode()
    assert "Contact met ouders" in page and SECRET not in page


def test_another_family_sees_only_its_own_thread(thread, world, login_as):
    page = login_as(world.bert).get(reverse("threads:portal")).content.decode()
    assert SECRET not in page
    services.reply_file(guardian=world.bert, via="portal", body="Vraag van Bert")
    page = login_as(world.anna).get(reverse("threads:portal")).content.decode()
    assert SECRET in page and "Vraag van Bert" not in page


def test_a_teacher_stops_reading_when_the_child_leaves_the_group(thread, world, login_as):
    world.group_3.teachers.remove(world.tess)
    assert login_as(world.tess).get(reverse("threads:thread", args=[thread.pk])).status_code == 404


def test_a_parent_cannot_ask_for_a_conversation_about_another_familys_child(world, login_as):
    response = login_as(world.anna).post(reverse("threads:portal_request"), {"pupil": world.bo.pk, "form": "phone"})
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert not Post.objects.exists()


def test_the_pages_use_a_bounded_number_of_queries(world, login_as, django_assert_max_num_queries):
    for n in range(6):
        guardian = world.anna if n == 0 else _family(world, n)
        services.reply_file(guardian=guardian, via="sms", body=f"Bericht {n}")
    tess = login_as(world.tess)
    with django_assert_max_num_queries(14):
        assert tess.get(reverse("threads:inbox")).status_code == 200
    thread = threads_visible_to(world.tess.user).first()
    with django_assert_max_num_queries(20):
        assert tess.get(reverse("threads:thread", args=[thread.pk])).status_code == 200
    anna = login_as(world.anna)
    with django_assert_max_num_queries(16):
        assert anna.get(reverse("threads:portal")).status_code == 200


def _family(world, n):
    from tests import factories as f

    pupil = f.PupilFactory(school=world.school_a, first_name=f"Kind{n}")
    f.EnrollmentFactory(pupil=pupil, group=world.group_3, year_level=3)
    guardian = f.GuardianFactory(school=world.school_a, first_name=f"Ouder{n}", email=f"ouder{n}@example.nl")
    f.GuardianOfFactory(guardian=guardian, pupil=pupil)
    return guardian


def test_the_inbox_counts_unread_replies_and_open_requests_once(thread, world):
    from threads.selectors import thread_list

    services.reply_file(guardian=world.anna, via="sms", body="Nog iets")
    services.request_create(guardian=world.anna, pupil=world.pim, topic="Lezen")
    services.request_create(guardian=world.anna, pupil=world.pim, topic="Rekenen")
    [row] = thread_list(world.tess.user)
    assert (row.unread, row.open_requests) == (4, 2)
