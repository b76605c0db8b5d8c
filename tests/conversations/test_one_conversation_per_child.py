"""One conversation per child per round whoever books it (issue 14, point 11): every guardian linked
to the child counts, also one without parental authority and also under concurrent requests;
separated parents who asked for separate conversations each have their own. A guardian never holds
two overlapping conversations, refused by the service itself (not only by PostgreSQL's constraint).
The invitation goes to the guardians who receive information, who are the ones the rule counts."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conversations.booking import BookingItem, BookingRefused, bookings_create
from conversations.invitations import invite_source, round_invite
from conversations.models import Booking
from messaging.models import MessagePart
from tests import factories as f
from tests.conversations.test_booking import add_sibling, make_round, make_slots


def stepfather(world):
    """Sem: Pim's stepfather, no parental authority, kept informed by the school."""
    sem = f.GuardianFactory(school=world.school_a, first_name="Sem", last_name="Smit", email="sem@example.nl")
    f.GuardianOfFactory(guardian=sem, pupil=world.pim, has_parental_authority=False, receives_information=True)
    return sem


def page_book(login_as, guardian, round, data):
    return login_as(guardian).post(reverse("conversations:book", args=[round.pk]), data, follow=True)


def test_a_guardian_without_authority_cannot_book_a_second_conversation_for_the_child(world, login_as):
    round = make_round(world)
    slots = make_slots(round, world.tess, 4)
    sem = stepfather(world)
    page_book(login_as, world.anna, round, {f"slot_{world.pim.pk}": slots[0].pk})
    page = page_book(login_as, sem, round, {f"slot_{world.pim.pk}": slots[2].pk}).content.decode()
    assert "Een andere ouder of verzorger heeft al een afspraak voor Pim gemaakt." in page
    assert Booking.objects.filter(pupil=world.pim).count() == 1


def test_when_the_stepfather_books_first_the_mother_comes_along_and_cannot_book_again(world, login_as):
    round = make_round(world)
    slots = make_slots(round, world.tess, 4)
    sem = stepfather(world)
    page_book(login_as, sem, round, {f"slot_{world.pim.pk}": slots[1].pk})
    booking = Booking.objects.get()
    assert set(booking.guardians.all()) == {sem, world.anna}  # the parent with authority comes too
    page = page_book(login_as, world.anna, round, {f"slot_{world.pim.pk}": slots[3].pk}).content.decode()
    assert "U hebt al een afspraak voor Pim in deze ronde" in page
    assert Booking.objects.count() == 1


def test_separated_parents_who_chose_separate_conversations_each_book_their_own(world, login_as):
    round = make_round(world)
    slots = make_slots(round, world.tess, 4)
    piet = f.GuardianFactory(school=world.school_a, first_name="Piet", email="piet@example.nl")
    f.GuardianOfFactory(guardian=piet, pupil=world.pim, invite_separately=True)
    world.anna.children_links.filter(pupil=world.pim).update(invite_separately=True)
    page_book(login_as, world.anna, round, {f"slot_{world.pim.pk}": slots[0].pk})
    page_book(login_as, piet, round, {f"slot_{world.pim.pk}": slots[2].pk})
    bookings = Booking.objects.order_by("slot__starts_at")
    assert [list(b.guardians.all()) for b in bookings] == [[world.anna], [piet]]
    assert {b.party for b in bookings} == {str(world.anna.pk), str(piet.pk)}
    page = page_book(login_as, piet, round, {f"slot_{world.pim.pk}": slots[3].pk}).content.decode()
    assert "U hebt al een afspraak voor Pim in deze ronde" in page
    assert Booking.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_guardians_booking_for_one_child_at_the_same_moment_make_one_conversation(world):
    round = make_round(world)
    slots = make_slots(round, world.tess, 2 * 5)
    sem = stepfather(world)
    for attempt in range(5):  # a few races, each on fresh slots
        barrier, outcomes = threading.Barrier(2), {}

        def book(guardian, slot, barrier=barrier, outcomes=outcomes):
            try:
                barrier.wait(timeout=30)
                item = BookingItem(slot=slot, pupil=world.pim, guardians=None)
                outcomes[guardian.pk] = bookings_create(round=round, items=[item], by_guardian=guardian)[0]
            except BookingRefused as error:
                outcomes[guardian.pk] = error
            finally:
                connection.close()

        threads = [
            threading.Thread(target=book, args=(world.anna, slots[2 * attempt])),
            threading.Thread(target=book, args=(sem, slots[2 * attempt + 1])),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        made = [o for o in outcomes.values() if isinstance(o, Booking)]
        refused = [o for o in outcomes.values() if isinstance(o, BookingRefused)]
        assert (len(made), len(refused)) == (1, 1), outcomes
        assert "afspraak voor" in refused[0].message and "deze ronde" in refused[0].message
        assert Booking.objects.exclude(status="cancelled").filter(round=round, pupil=world.pim).count() == 1
        Booking.objects.filter(round=round).update(status="cancelled")
        from conversations.models import BookingGuardian

        BookingGuardian.objects.filter(round=round).update(active=False)


def test_a_guardian_never_holds_two_overlapping_conversations_refused_before_any_insert(world):
    round = make_round(world)
    fien = add_sibling(world, world.anna, name="Fien", year_level=6)
    tess, otto = make_slots(round, world.tess, 2), make_slots(round, world.otto, 2, start=datetime.time(15, 5))
    bookings_create(round=round, items=[BookingItem(slot=tess[0], pupil=world.pim, guardians=None)],
                    by_guardian=world.anna)  # fmt: skip
    with CaptureQueriesContext(connection) as queries, pytest.raises(BookingRefused, match="al een ander gesprek"):
        bookings_create(round=round, items=[BookingItem(slot=otto[0], pupil=fien, guardians=None)],
                        by_guardian=world.anna)  # fmt: skip
    assert not [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]  # no constraint needed
    later = make_round(world, days_ahead=12)
    tess, otto = make_slots(later, world.tess, 1), make_slots(later, world.otto, 1, start=datetime.time(15, 5))
    with pytest.raises(BookingRefused, match="al een ander gesprek"):  # nor within one request (a crafted chain)
        bookings_create(round=later, items=[BookingItem(slot=tess[0], pupil=world.pim, guardians=[world.anna]),
                                            BookingItem(slot=otto[0], pupil=fien, guardians=[world.anna])],
                        by_staff=world.lea)  # fmt: skip
    assert Booking.objects.count() == 1


def test_the_invitation_reaches_the_guardians_the_booking_rule_counts(world):
    round = make_round(world, days_ahead=8)
    sem = stepfather(world)
    quiet = f.GuardianFactory(school=world.school_a, first_name="Rik", email="rik@example.nl")
    f.GuardianOfFactory(guardian=quiet, pupil=world.pim, has_parental_authority=False, receives_information=False)
    make_slots(round, world.otto, 1)  # Bo's teacher; Pim's time comes below
    round_invite(round=round, accept_short=1)
    invited = set(MessagePart.objects.filter(source=invite_source(round)).values_list("message__guardian", flat=True))
    assert {world.anna.pk, sem.pk} <= invited and quiet.pk not in invited
    slot = make_slots(round, world.tess, 1)[0]
    booking = bookings_create(round=round, items=[BookingItem(slot=slot, pupil=world.pim, guardians=None)],
                              by_guardian=sem)[0]  # fmt: skip
    told = set(
        MessagePart.objects.filter(source=f"conversations.booking:{booking.pk}:confirmed").values_list(
            "message__guardian", flat=True
        )
    )
    assert told == {world.anna.pk, sem.pk}  # everyone invited hears that Pim's conversation is booked


def separated(world):
    """Anna and Piet, Pim's separated parents, each chose a conversation of their own."""
    piet = f.GuardianFactory(school=world.school_a, first_name="Piet", email="piet@example.nl")
    f.GuardianOfFactory(guardian=piet, pupil=world.pim, invite_separately=True)
    world.anna.children_links.filter(pupil=world.pim).update(invite_separately=True)
    return piet


def test_a_stepparent_cannot_book_a_third_conversation_when_both_separated_parents_have_their_own(world, login_as):
    round = make_round(world)
    slots = make_slots(round, world.tess, 4)
    piet, sem = separated(world), stepfather(world)
    page_book(login_as, world.anna, round, {f"slot_{world.pim.pk}": slots[0].pk})
    page_book(login_as, piet, round, {f"slot_{world.pim.pk}": slots[1].pk})
    page = page_book(login_as, sem, round, {f"slot_{world.pim.pk}": slots[2].pk}).content.decode()
    assert "De ouders van Pim hebben elk een eigen gesprek." in page
    assert Booking.objects.exclude(status="cancelled").filter(pupil=world.pim).count() == 2
    assert not Booking.objects.filter(guardians=sem).exists()


def test_the_stepparent_is_refused_before_the_parents_booked_so_they_keep_their_own_two(world):
    round = make_round(world)
    slots = make_slots(round, world.tess, 3)
    piet, sem = separated(world), stepfather(world)
    with pytest.raises(BookingRefused, match="hebben elk een eigen gesprek"):
        bookings_create(round=round, items=[BookingItem(slot=slots[0], pupil=world.pim, guardians=None)],
                        by_guardian=sem)  # fmt: skip
    with pytest.raises(BookingRefused, match="hebben elk een eigen gesprek"):  # nor through staff
        bookings_create(round=round, items=[BookingItem(slot=slots[0], pupil=world.pim, guardians=[sem])],
                        by_staff=world.lea)  # fmt: skip
    for slot, parent in zip(slots[1:], (world.anna, piet), strict=True):
        bookings_create(round=round, items=[BookingItem(slot=slot, pupil=world.pim, guardians=None)],
                        by_guardian=parent)  # fmt: skip
    assert Booking.objects.filter(pupil=world.pim).count() == 2


def test_staff_bring_the_stepparent_along_to_a_parents_own_conversation(world):
    round = make_round(world)
    slots = make_slots(round, world.tess, 3)
    piet, sem = separated(world), stepfather(world)
    booking = bookings_create(
        round=round, items=[BookingItem(slot=slots[0], pupil=world.pim, guardians=[world.anna, sem])],
        by_staff=world.lea,
    )[0]  # fmt: skip
    assert booking.party == str(world.anna.pk)  # Anna's conversation, not a third one
    with pytest.raises(BookingRefused):
        bookings_create(round=round, items=[BookingItem(slot=slots[1], pupil=world.pim, guardians=None)],
                        by_guardian=world.anna)  # fmt: skip
    bookings_create(round=round, items=[BookingItem(slot=slots[2], pupil=world.pim, guardians=None)],
                    by_guardian=piet)  # fmt: skip
    assert Booking.objects.filter(pupil=world.pim).count() == 2


def test_with_one_separated_parent_the_stepparent_books_the_other_households_conversation(world):
    round = make_round(world)
    slots = make_slots(round, world.tess, 3)
    piet = f.GuardianFactory(school=world.school_a, first_name="Piet", email="piet@example.nl")
    f.GuardianOfFactory(guardian=piet, pupil=world.pim, invite_separately=True)
    sem = stepfather(world)  # Anna (authority, not separate) and Sem are one household
    mine = bookings_create(round=round, items=[BookingItem(slot=slots[0], pupil=world.pim, guardians=None)],
                           by_guardian=sem)[0]  # fmt: skip
    assert mine.party == "" and set(mine.guardians.all()) == {world.anna, sem}
    bookings_create(round=round, items=[BookingItem(slot=slots[1], pupil=world.pim, guardians=None)],
                    by_guardian=piet)  # fmt: skip
    assert Booking.objects.filter(pupil=world.pim).count() == 2


@pytest.mark.django_db(transaction=True)
def test_both_separated_parents_and_the_stepparent_booking_at_once_make_two_conversations(world):
    """Three clients at the same moment, a few times over: the parents each get their own
    conversation and the step-parent none; and staff bringing the step-parent to Anna's
    conversation while Anna books hers makes one (the party's unique constraint)."""
    round = make_round(world)
    slots = make_slots(round, world.tess, 3 * 4 + 2 * 4)
    piet, sem = separated(world), stepfather(world)

    def race(jobs):
        barrier, outcomes = threading.Barrier(len(jobs)), {}

        def run(key, item, by):
            try:
                barrier.wait(timeout=30)
                outcomes[key] = bookings_create(round=round, items=[item], **by)[0]
            except BookingRefused as error:
                outcomes[key] = error
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=job) for job in jobs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return outcomes

    def reset():
        from conversations.models import BookingGuardian

        Booking.objects.filter(round=round).update(status="cancelled")
        BookingGuardian.objects.filter(round=round).update(active=False)

    free = iter(slots)
    for _attempt in range(4):
        outcomes = race([
            (g.pk, BookingItem(slot=next(free), pupil=world.pim, guardians=None), {"by_guardian": g})
            for g in (world.anna, piet, sem)
        ])  # fmt: skip
        assert isinstance(outcomes[world.anna.pk], Booking) and isinstance(outcomes[piet.pk], Booking), outcomes
        assert isinstance(outcomes[sem.pk], BookingRefused), outcomes
        assert Booking.objects.exclude(status="cancelled").filter(round=round, pupil=world.pim).count() == 2
        reset()
    for _attempt in range(4):
        outcomes = race([
            ("anna", BookingItem(slot=next(free), pupil=world.pim, guardians=None), {"by_guardian": world.anna}),
            ("staff", BookingItem(slot=next(free), pupil=world.pim, guardians=[world.anna, sem]),
             {"by_staff": world.lea}),
        ])  # fmt: skip
        made = [o for o in outcomes.values() if isinstance(o, Booking)]
        assert len(made) == 1 and made[0].party == str(world.anna.pk), outcomes
        assert Booking.objects.exclude(status="cancelled").filter(round=round, pupil=world.pim).count() == 1
        reset()


def test_the_booking_page_offers_the_stepparent_no_times_and_says_why(world, login_as):
    round = make_round(world)
    make_slots(round, world.tess, 2)
    separated(world)
    sem = stepfather(world)
    page = login_as(sem).get(reverse("conversations:book", args=[round.pk])).content.decode()
    assert "De ouders van Pim hebben elk een eigen gesprek." in page
    assert f'name="slot_{world.pim.pk}"' not in page
    page = login_as(world.anna).get(reverse("conversations:book", args=[round.pk])).content.decode()
    assert f'name="slot_{world.pim.pk}"' in page and "hebben elk een eigen gesprek" not in page
