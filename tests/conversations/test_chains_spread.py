"""Back-to-back chains offered to families with several children are spread (issue 14, point 12):
every family gets good chains, but not every family the same six earliest ones, so a rush of
families does not race for the same times. The choice is stable for one family."""

import datetime
import re

from django.urls import reverse

from conversations.booking import back_to_back
from tests.conversations.test_booking import make_round, make_slots


class Family:
    def __init__(self, *pks):
        self.pks = pks


def evening(world, count=24):
    round = make_round(world)
    tess = make_slots(round, world.tess, count, start=datetime.time(13, 0))
    otto = make_slots(round, world.otto, count, start=datetime.time(13, 15))
    return round, tess, otto


def test_families_are_offered_different_valid_chains_and_the_same_ones_each_time(world):
    round, tess, otto = evening(world)
    offered = {}
    for n in range(12):
        family = [1000 + 2 * n, 1001 + 2 * n]
        chains = back_to_back(round=round, slot_lists=[tess, otto], family=family)
        assert len(chains) == 6
        for first, second in chains:  # back to back: the second starts when the first ends (+ slack)
            assert first.ends_at <= second.starts_at <= first.ends_at + datetime.timedelta(minutes=15)
        starts = [c[0].starts_at for c in chains]
        wraps = sum(1 for a, b in zip(starts, starts[1:], strict=False) if b < a)
        assert wraps <= 1  # later and later from the family's own place, wrapping round once at most
        assert back_to_back(round=round, slot_lists=[tess, otto], family=family) == chains  # stable
        offered[n] = [tuple(s.pk for s in c) for c in chains]
    firsts = {chains[0] for chains in offered.values()}
    everything = {chain for chains in offered.values() for chain in chains}
    assert len(firsts) >= 6, "most families would race for the same first chain"
    assert len(everything) >= 18, "the families are offered too few different chains"
    spread = max(max(c) for c in everything) - min(min(c) for c in everything)
    assert spread > 30  # over the whole evening, not just its first hour


def test_a_short_evening_offers_every_chain_there_is(world):
    round, tess, otto = evening(world, count=4)
    chains = back_to_back(round=round, slot_lists=[tess, otto], family=[1, 2])
    assert [(a.pk, b.pk) for a, b in chains] == [(t.pk, o.pk) for t, o in zip(tess, otto, strict=True)]


def test_the_booking_page_offers_this_family_its_own_chains(world, login_as):
    from tests.conversations.test_booking import add_sibling

    round, tess, otto = evening(world)
    fien = add_sibling(world, world.anna, name="Fien", year_level=6)
    page = login_as(world.anna).get(reverse("conversations:book", args=[round.pk])).content.decode()
    section = page[page.index("Alle kinderen na elkaar") :].split("</section>")[0]
    shown = re.findall(rf'name="slot_{world.pim.pk}" value="(\d+)"', section)
    # the page lists the children by first name: Fien (Otto) first, then Pim (Tess) right after
    expected = back_to_back(round=round, slot_lists=[otto, tess], family=[world.pim.pk, fien.pk])
    assert [int(pk) for pk in shown] == [chain[1].pk for chain in expected]
