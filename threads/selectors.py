"""Reads: threads scoped to who may read them, and the counts leadership sees.

Who reads a thread: its guardian; the teachers of the children it is about (currently in their
group); the school's IB. Leadership and school admins see counts, never contents. Getters raise
Http404 for "does not exist" and "not yours" alike.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery

from conversations.models import Booking, BookingStatus, Initiator
from ouderbetrokkenheid.accounts.selectors import as_actor, get_or_404, pupils_visible_to

from .models import ConversationRequest, Direction, Post, Thread, ThreadStatus


def threads_visible_to(user, *, day=None):
    """The threads a member of staff may read (IB: the school's; a teacher: their pupils')."""
    staff = as_actor(user).staff
    if staff is None:
        return Thread.objects.none()
    if staff.is_ib:
        return Thread.objects.filter(school_id=staff.school_id)
    if staff.is_teacher:
        pupils = pupils_visible_to(as_actor(user), day=day)
        through = Thread.pupils.through.objects.filter(thread_id=OuterRef("pk"), pupil__in=pupils)
        return Thread.objects.filter(school_id=staff.school_id).filter(Exists(through))
    return Thread.objects.none()


def thread_list(user):
    """The staff inbox: newest first, with the guardian, the children and the unread count."""
    unread = Count(
        "posts", filter=Q(posts__direction=Direction.FROM_PARENT, posts__read_at__isnull=True), distinct=True
    )
    return (
        threads_visible_to(user)
        .select_related("guardian")
        .prefetch_related("pupils")
        .annotate(unread=unread, open_requests=Count("requests", filter=Q(requests__status="open"), distinct=True))
        .order_by("status", "-last_post_at", "-pk")
    )


def _with_posts(queryset):
    posts = Post.objects.select_related("author", "outbox").order_by("created_at", "pk")
    requests = ConversationRequest.objects.select_related("pupil", "booking__slot").order_by("created_at", "pk")
    return queryset.select_related("guardian", "school").prefetch_related(
        "pupils", Prefetch("posts", queryset=posts), Prefetch("requests", queryset=requests)
    )


def thread_for(user, thread_id) -> Thread:
    return get_or_404(_with_posts(threads_visible_to(user)), thread_id)


def threads_of_guardian(guardian):
    return _with_posts(Thread.objects.filter(guardian=guardian)).order_by("status", "-last_post_at", "-pk")


def school_counts(*, school, since) -> dict:
    """Counts for leadership and the reach dashboard, never contents: threads and posts since
    `since`, and the contact parents started (threads opened by a parent's word, their requests)."""
    threads = Thread.objects.filter(school=school, created_at__gte=since)
    posts = Post.objects.filter(thread__school=school, created_at__gte=since)
    requests = ConversationRequest.objects.filter(thread__school=school, created_at__gte=since)
    first_in = Post.objects.filter(thread=OuterRef("pk")).order_by("created_at", "pk").values("direction")[:1]
    return {
        "threads": threads.count(),
        "open_threads": Thread.objects.filter(school=school, status=ThreadStatus.OPEN).count(),
        "from_parents": posts.filter(direction=Direction.FROM_PARENT).count(),
        "from_school": posts.filter(direction=Direction.FROM_SCHOOL).count(),
        "started_by_parents": threads.annotate(first=Subquery(first_in)).filter(first=Direction.FROM_PARENT).count(),
        "requests_by_parents": requests.filter(initiated_by=Initiator.PARENT).count(),
        "conversations_by_parents": Booking.objects.filter(
            pupil__school=school, created_at__gte=since, initiated_by=Initiator.PARENT
        )
        .exclude(status=BookingStatus.CANCELLED)
        .count(),
    }
