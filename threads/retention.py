"""Personal data of two-way contact (see school/datakinds.py): a guardian's threads with the
school, their posts and conversation requests. A thread is deleted, with its posts and requests,
a year after its last post: long enough to look back over a whole school year, no longer."""

import datetime

from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.datakinds import DataKind, register

from .models import ConversationRequest, Post, Thread

A_YEAR = datetime.timedelta(days=365)
REASON = _("Zo kunnen u en de school een jaar lang teruglezen wat er is gezegd.")

register(
    DataKind(
        key="threads.threads",
        label=_("Uw berichten met school"),
        category=_("berichten tussen ouders en school"),
        period=A_YEAR,
        period_text=_("1 jaar na het laatste bericht"),
        reason=REASON,
        # Posts and requests go with their thread (on_delete=CASCADE).
        expired=lambda now, period: Thread.objects.filter(last_post_at__lt=now - period),
        of_guardian=lambda guardian: Post.objects.filter(thread__guardian=guardian).order_by("created_at"),
        export_fields=("created_at", "direction", "via", "body", "quick_answer", "read_at"),
        order=60,
    )
)
register(
    DataKind(
        key="threads.requests",
        label=_("Uw vragen om een gesprek"),
        category=_("berichten tussen ouders en school"),
        period_text=_("1 jaar na het laatste bericht"),
        reason=REASON,
        # The same rows go with their thread (threads.threads): no retention of their own.
        of_guardian=lambda guardian: ConversationRequest.objects.filter(thread__guardian=guardian).order_by(
            "created_at"
        ),
        export_fields=("created_at", "pupil__first_name", "topic", "times", "form", "status"),
        order=59,
    )
)
