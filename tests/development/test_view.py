"""The development view pages: who may see them, publishing to guardians, the portal page, the
PDF, the group table, the conversation screens, the access log and the query counts."""

import subprocess

import pytest
from django.urls import reverse

from development.models import AccessAction, AccessLogEntry, Publication
from tests import factories as f
from tests.development.conftest import BO_RESULTS, give_results

SENTENCE = "Bo rekent nu op het niveau van midden groep 5."


def walk_published_pupil(world):
    """Pim, with his view published to Anna (the access walk's `published_pupil_id`)."""
    Publication.objects.get_or_create(pupil=world.pim, defaults={"published_by": world.tess})
    return world.pim


def view_url(pupil):
    return reverse("development:view", args=[pupil.pk])


def publish(client, pupil, **data):
    return client.post(reverse("development:view_publish", args=[pupil.pk]), {"action": "publish", **data})


def log_of(pupil, action=AccessAction.VIEW):
    return list(AccessLogEntry.objects.filter(pupil=pupil, action=action).order_by("pk"))


# -- the staff page -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["otto", "iris", "lea"])
def test_the_pupils_teacher_ib_and_leadership_see_the_view(persona, world, bo_results, login_as):
    response = login_as(getattr(world, persona)).get(view_url(world.bo))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert SENTENCE in page
    assert "havo" in page and "niet op koers" in page  # the exit perspective, and Bo is off course
    assert "0,71" in page  # maths LR for staff
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(("persona", "status"), [("tess", 404), ("sven", 404), ("lars", 404), ("bea", 403),
                                                 ("bert", 403), ("anna", 403)])  # fmt: skip
def test_nobody_else_sees_the_staff_view(persona, status, world, bo_results, login_as):
    assert login_as(getattr(world, persona)).get(view_url(world.bo)).status_code == status
    assert log_of(world.bo) == []


def test_every_read_is_logged_with_who(world, bo_results, login_as):
    login_as(world.otto).get(view_url(world.bo))
    login_as(world.iris).get(view_url(world.bo))
    entries = log_of(world.bo)
    assert [(e.staff, e.guardian, e.school) for e in entries] == [(world.otto, None, world.school_a),
                                                                  (world.iris, None, world.school_a)]  # fmt: skip


def test_a_pupil_without_results_gets_an_empty_chart_not_an_error(world, login_as):
    response = login_as(world.tess).get(view_url(world.pim))
    assert response.status_code == 200
    assert "Nog geen toetsresultaten." in response.content.decode()


def test_the_pupil_page_takes_the_same_queries_for_more_results(world, login_as, django_assert_max_num_queries):
    give_results(world.pim, [("maths", 3, "M", "M3")], now_level=3)
    client = login_as(world.tess)
    client.get(view_url(world.pim))
    with django_assert_max_num_queries(40) as few:
        client.get(view_url(world.pim))
    give_results(world.bo, BO_RESULTS)
    client = login_as(world.otto)
    client.get(view_url(world.bo))
    with django_assert_max_num_queries(40) as many:
        client.get(view_url(world.bo))
    assert len(few.captured_queries) == len(many.captured_queries)


# -- publishing and the portal ---------------------------------------------------------------------


def test_teacher_publishes_and_the_guardian_sees_it_in_their_language(world, bo_results, login_as, client):
    portal = reverse("development:portal_view", args=[world.bo.pk])
    assert login_as(world.bert).get(portal).status_code == 404  # not published yet
    assert "mijn-kind" not in login_as(world.bert).get(reverse("portal:home")).content.decode()

    response = publish(login_as(world.otto), world.bo, note="Fijn dat we elkaar spreken.")
    assert response.status_code == 302 and response.url == view_url(world.bo)
    publication = Publication.objects.get(pupil=world.bo)
    assert publication.published_by == world.otto and publication.note == "Fijn dat we elkaar spreken."
    assert [e.staff for e in log_of(world.bo, AccessAction.PUBLISH)] == [world.otto]

    client = login_as(world.bert)
    home = client.get(reverse("portal:home")).content.decode()
    assert portal in home
    page = client.get(portal).content.decode()
    assert SENTENCE in page and "<svg" in page and "Fijn dat we elkaar spreken." in page
    assert "0,71" not in page  # parents get words, not the numbers
    [entry] = log_of(world.bo)
    assert entry.guardian == world.bert and entry.staff is None

    client.cookies["django_language"] = "en"
    english = client.get(portal).content.decode()
    assert '<html lang="en"' in english and SENTENCE not in english


def test_other_families_and_schools_get_404_even_when_published(world, bo_results, login_as):
    Publication.objects.create(pupil=world.bo, published_by=world.otto)
    portal = reverse("development:portal_view", args=[world.bo.pk])
    for guardian in (world.anna, world.karel):
        assert login_as(guardian).get(portal).status_code == 404
    assert login_as(world.otto).get(portal).status_code == 403  # staff do not use the portal page


def test_unpublish_hides_it_again(world, bo_results, login_as):
    Publication.objects.create(pupil=world.bo, published_by=world.otto)
    response = login_as(world.iris).post(reverse("development:view_publish", args=[world.bo.pk]),
                                         {"action": "unpublish"})  # fmt: skip
    assert response.status_code == 302
    assert not Publication.objects.filter(pupil=world.bo).exists()
    assert [e.staff for e in log_of(world.bo, AccessAction.UNPUBLISH)] == [world.iris]
    assert login_as(world.bert).get(reverse("development:portal_view", args=[world.bo.pk])).status_code == 404


@pytest.mark.parametrize(("persona", "status"), [("lea", 403), ("tess", 404), ("sven", 404), ("bert", 403)])
def test_only_the_teacher_or_ib_publishes(persona, status, world, bo_results, login_as):
    assert publish(login_as(getattr(world, persona)), world.bo).status_code == status
    assert not Publication.objects.exists()


def test_publishing_needs_a_csrf_token(world, bo_results):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.otto.user)
    assert publish(client, world.bo).status_code == 403
    assert not Publication.objects.exists()


def test_a_too_long_note_is_refused_in_dutch_and_nothing_is_written(world, bo_results, login_as):
    response = publish(login_as(world.otto), world.bo, note="x" * 1001)
    assert response.status_code == 302
    page = login_as(world.otto).get(response.url).content.decode()
    assert "De toelichting is te lang: hooguit 1000 tekens." in page
    assert not Publication.objects.exists() and log_of(world.bo, AccessAction.PUBLISH) == []


# -- the PDF ---------------------------------------------------------------------------------------


def test_the_pdf_holds_the_view_and_the_latest_record(world, bo_results, login_as, tmp_path):
    from conversations.models import Record
    from tests.conversations.test_records_support import pim_booking

    booking = pim_booking(world)
    Record.objects.create(booking=booking, author=world.tess, going_well="Pim leest graag voor.")
    give_results(world.pim, [("maths", 3, "M", "M3")], now_level=3)
    response = login_as(world.tess).get(reverse("development:view_pdf", args=[world.pim.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "view.pdf"
    pdf.write_bytes(response.content)
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Pim rekent nu op het niveau van midden groep 3." in text
    assert "Pim leest graag voor." in text
    assert "Standaardtabel van de app" in text
    assert [e.staff for e in log_of(world.pim, AccessAction.PDF)] == [world.tess]


def test_the_pdf_is_for_staff_in_scope_only(world, bo_results, login_as):
    url = reverse("development:view_pdf", args=[world.bo.pk])
    assert login_as(world.tess).get(url).status_code == 404
    assert login_as(world.bert).get(url).status_code == 403


# -- the group table --------------------------------------------------------------------------------


def test_the_group_table_shows_who_is_off_course(world, bo_results, login_as):
    response = login_as(world.otto).get(reverse("development:view_group", args=[world.group_56.pk]) + "?sorteer=koers")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<tr data-pupil="{world.bo.pk}" class="table-danger">' in page
    assert "M5 · 0.71 · E6" in page or "M5 · 0,71 · E6" in page
    assert [e.what for e in log_of(world.bo)] == ["groepsoverzicht ontwikkeling 5/6"]


@pytest.mark.parametrize(("persona", "status"), [("tess", 404), ("sven", 404), ("bea", 403), ("bert", 403)])
def test_the_group_table_is_for_the_groups_teacher_ib_and_leadership(persona, status, world, login_as):
    url = reverse("development:view_group", args=[world.group_56.pk])
    assert login_as(getattr(world, persona)).get(url).status_code == status
    assert login_as(world.iris).get(url).status_code == 200


def _fill_group(world, count):
    for _ in range(count):
        pupil = f.EnrollmentFactory(group=world.group_56, pupil__school=world.school_a, year_level=6).pupil
        give_results(pupil, BO_RESULTS)


def test_the_group_table_takes_the_same_queries_for_four_times_the_pupils(world, bo_results, login_as,
                                                                          django_assert_max_num_queries):  # fmt: skip
    url = reverse("development:view_group", args=[world.group_56.pk])
    client = login_as(world.otto)
    _fill_group(world, 2)
    client.get(url)
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    _fill_group(world, 9)  # 3 pupils → 12
    with django_assert_max_num_queries(25) as large:
        page = client.get(url).content.decode()
    assert page.count("<tr data-pupil=") == 12
    assert len(small.captured_queries) == len(large.captured_queries)


# -- in the conversation screens and the staff pupil page -----------------------------------------


def test_the_conversation_screen_shows_the_compact_view(world, login_as):
    from tests.conversations.test_records_support import pim_booking

    booking = pim_booking(world)
    give_results(world.pim, [("maths", 3, "M", "M3")], now_level=3)
    page = login_as(world.tess).get(reverse("conversations:conversation", args=[booking.pk])).content.decode()
    assert "opp-compact" in page and "Pim rekent nu op het niveau van midden groep 3." in page
    assert [e.what for e in log_of(world.pim)] == ["ontwikkeling (gesprek)"]


def test_the_published_record_shows_the_view_to_the_guardian_only_when_published(world, login_as):
    from tests.conversations.test_records_support import walk_record

    record = walk_record(world)
    give_results(world.pim, [("maths", 3, "M", "M3")], now_level=3)
    url = reverse("conversations:my_record", args=[record.pk])
    assert "opp-compact" not in login_as(world.anna).get(url).content.decode()
    Publication.objects.create(pupil=world.pim, published_by=world.tess)
    page = login_as(world.anna).get(url).content.decode()
    assert "opp-compact" in page and "Pim rekent nu op het niveau van midden groep 3." in page
    assert [e.guardian for e in log_of(world.pim)] == [world.anna]


def test_the_staff_pupil_page_links_to_the_view(world, login_as):
    page = login_as(world.tess).get(reverse("staffpages:pupil", args=[world.pim.pk])).content.decode()
    assert view_url(world.pim) in page


@pytest.mark.parametrize("lang", ["en", "ar", "tr", "pl", "uk"])
def test_the_portal_page_in_every_parent_language(lang, world, bo_results, login_as):
    from tests.i18n.test_parent_pages_translated import assert_page_in

    Publication.objects.create(pupil=world.bo, published_by=world.otto)
    client = login_as(world.bert)
    client.cookies["django_language"] = lang
    page = client.get(reverse("development:portal_view", args=[world.bo.pk])).content.decode()
    assert_page_in(lang, page)  # <html lang>, dir="rtl" for Arabic, no Dutch sentence leaking through
    assert "<svg" in page and 'direction="ltr"' in page  # the chart keeps time running left to right


def test_publishing_tells_the_guardians_once_in_their_language(world, bo_results, login_as):
    from messaging.models import MessagePart

    world.bert.language = "en"
    world.bert.save(update_fields=["language"])
    client = login_as(world.otto)
    publish(client, world.bo)
    publish(client, world.bo, note="Een nieuwe toelichting.")  # a changed note: no second message
    [part] = MessagePart.objects.filter(source__startswith="development.publication:")
    assert part.message.guardian == world.bert
    assert "Bo" in part.text and "U kunt nu" not in part.text  # in English
