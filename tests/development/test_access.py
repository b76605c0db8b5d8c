"""Who may read a pupil's development data, for every persona, and the access log."""

import datetime

import pytest
from django.http import Http404

from development import access
from development.models import AccessAction, AccessLogEntry, Publication
from ouderbetrokkenheid.accounts.access import Actor
from ouderbetrokkenheid.school.models import GuardianOf
from tests.conftest import guardian_user
from tests.factories import StaffFactory


def user_of(who):
    return guardian_user(who) if hasattr(who, "children_links") else getattr(who, "user", who)


READERS_OF_BO = {"otto", "iris", "lea"}
PERSONAS = ["tess", "otto", "iris", "lea", "sven", "lars", "bea", "anna", "bert", "karel"]


@pytest.mark.parametrize("name", PERSONAS)
def test_who_reads_bo_unpublished(world, name):
    user = user_of(getattr(world, name))
    allowed = name in READERS_OF_BO
    assert access.may_read(user, world.bo) is allowed
    assert access.may_read(Actor(user), world.bo) is allowed
    assert access.may_change(user, world.bo) is allowed
    assert set(access.pupils_visible_to(user).filter(pk=world.bo.pk)) == ({world.bo} if allowed else set())
    if not allowed:
        with pytest.raises(Http404):
            access.pupil_for(user, world.bo.pk)


@pytest.mark.parametrize("name", PERSONAS)
def test_publication_opens_it_to_bos_guardian_only(world, name):
    Publication.objects.create(pupil=world.bo, published_by=world.otto)
    user = user_of(getattr(world, name))
    assert access.may_read(user, world.bo) is (name in READERS_OF_BO | {"bert"})
    # Guardians never change anything.
    assert access.may_change(user, world.bo) is (name in READERS_OF_BO)


def test_guardian_without_authority_or_information_right_does_not_read(world):
    Publication.objects.create(pupil=world.bo, published_by=world.otto)
    GuardianOf.objects.filter(guardian=world.bert).update(has_parental_authority=False, receives_information=False)
    assert not access.may_read(user_of(world.bert), world.bo)
    GuardianOf.objects.filter(guardian=world.bert).update(receives_information=True)
    assert access.may_read(user_of(world.bert), world.bo)


def test_school_admin_without_ib_or_leadership_role_does_not_read(world):
    admin = StaffFactory(school=world.school_a, is_admin=True)
    assert not access.may_read(admin.user, world.bo)
    assert not access.may_manage_school(admin.user)


def test_teacher_reads_only_current_group(world):
    assert access.may_read(world.tess.user, world.pim)
    assert not access.may_read(world.tess.user, world.bo)
    world.bo.enrollments.update(end_date=world.year_a.first_day + datetime.timedelta(days=1))
    assert not access.may_read(world.otto.user, world.bo)  # Bo left Otto's group
    assert access.may_read(world.iris.user, world.bo)  # the IB still reads the school's pupil


def test_staff_who_is_also_a_guardian(world):
    world.bert.user = world.tess.user
    world.bert.save(update_fields=["user"])
    assert access.may_read(world.tess.user, world.pim)
    assert not access.may_read(world.tess.user, world.bo)
    Publication.objects.create(pupil=world.bo, published_by=world.otto)
    assert access.may_read(world.tess.user, world.bo)
    assert not access.may_change(world.tess.user, world.bo)


def test_roles_for_school_wide_pages(world):
    assert [access.may_manage_school(s.user) for s in (world.tess, world.iris, world.lea, world.lars)] == [
        False,
        True,
        True,
        True,
    ]
    assert [access.may_read_log(s.user) for s in (world.tess, world.iris, world.lea)] == [False, False, True]
    assert not access.may_manage_school(world.bea.user) and not access.may_read_log(world.bea.user)


def test_log_access_records_staff_or_guardian(world):
    by_staff = access.log_access(actor=world.otto.user, pupil=world.bo, action=AccessAction.VIEW, what="grafiek")
    by_staff_obj = access.log_access(actor=world.otto, pupil=world.bo, action=AccessAction.CHANGE, what="x")
    by_guardian = access.log_access(
        actor=guardian_user(world.bert), pupil=world.bo, action=AccessAction.VIEW, what="portaal"
    )
    assert (by_staff.staff, by_staff.guardian, by_staff.school) == (world.otto, None, world.school_a)
    assert by_staff_obj.staff == world.otto
    assert (by_guardian.staff, by_guardian.guardian) == (None, world.bert)
    assert AccessLogEntry.objects.count() == 3


def test_queries_are_bounded(world, django_assert_max_num_queries):
    user = world.otto.user
    with django_assert_max_num_queries(3):
        access.may_read(user, world.bo)
