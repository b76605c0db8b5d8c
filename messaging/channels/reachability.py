"""Guardians the school cannot reach: no e-mail address and no mobile number, whose e-mail
address bounced, or whose last message failed on every channel they have. Teachers phone
them or talk at the gate."""

from django.db.models import F, OuterRef, Prefetch, Q, Subquery

from ouderbetrokkenheid.accounts.selectors import guardians_visible_to
from ouderbetrokkenheid.school.models import GuardianOf

from ..models import Message, Status


def unreachable_guardians(user):
    last = Message.objects.filter(guardian=OuterRef("pk"), status__in=[Status.SENT, Status.FAILED]).order_by(
        "-scheduled_at", "-pk"
    )
    return (
        guardians_visible_to(user)
        .annotate(last_status=Subquery(last.values("status")[:1]), last_error=Subquery(last.values("last_error")[:1]))
        .filter(Q(email="", mobile="") | Q(last_status=Status.FAILED) | (~Q(email="") & Q(email_bounced=F("email"))))
        .prefetch_related(Prefetch("children_links", queryset=GuardianOf.objects.select_related("pupil")))
        .order_by("last_name", "first_name", "pk")
    )
