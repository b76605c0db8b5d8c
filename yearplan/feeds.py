"""Secret calendar-feed links: make (or remake), revoke, and look up by token.

The token is 32 random bytes (url-safe); only its SHA-256 is stored, so the link is shown once,
when it is made. Making a new link revokes the old one (at most one active link per person, a
constraint in the database). One token model for every calendar feed: a guardian's token opens
the school-year feed and the conversations feed (yearplan.views.feeds); both stop when it is
revoked, when the account is deactivated, or when no child is linked to the guardian any more."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from ouderbetrokkenheid.school.models import GuardianOf

from .models import FeedToken


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _owner(*, staff=None, guardian=None) -> dict:
    if (staff is None) == (guardian is None):
        raise ValueError("a feed link belongs to one member of staff or one guardian")
    return {"staff": staff} if staff is not None else {"guardian": guardian}


@transaction.atomic
def feed_token_create(*, staff=None, guardian=None) -> str:
    """A new secret link for the person (the previous one stops working). Returns the token."""
    owner = _owner(staff=staff, guardian=guardian)
    FeedToken.objects.select_for_update().filter(revoked_at__isnull=True, **owner).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    FeedToken.objects.create(token_hash=token_hash(token), **owner)
    return token


def feed_token_revoke(*, staff=None, guardian=None) -> int:
    owner = _owner(staff=staff, guardian=guardian)
    return FeedToken.objects.filter(revoked_at__isnull=True, **owner).update(revoked_at=timezone.now())


def active_feed_token(*, staff=None, guardian=None):
    return FeedToken.objects.filter(revoked_at__isnull=True, **_owner(staff=staff, guardian=guardian)).first()


def _guardian_may_follow(guardian) -> bool:
    """A deactivated account, or no child linked any more (the guardian–pupil links ended): dead."""
    if guardian.user_id and not guardian.user.is_active:
        return False
    return GuardianOf.objects.filter(guardian=guardian).exists()


def feed_owner(token: str):
    """The active FeedToken for a token (staff and guardian loaded), or None."""
    if not token or len(token) > 100:
        return None
    feed = (
        FeedToken.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .select_related("staff__school", "staff__user", "guardian__school", "guardian__user")
        .first()
    )
    if feed is not None and feed.staff_id and not feed.staff.user.is_active:
        return None  # a member of staff who left: their links stop with their account
    if feed is not None and feed.guardian_id and not _guardian_may_follow(feed.guardian):
        return None
    now = timezone.now()
    if feed is not None and (feed.last_used_at is None or now - feed.last_used_at > datetime.timedelta(hours=1)):
        FeedToken.objects.filter(pk=feed.pk).update(last_used_at=now)  # at most once an hour
    return feed
