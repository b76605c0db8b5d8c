"""The threads' receiver of messaging's `reply_received`: a parent's SMS, WhatsApp or e-mail reply
is filed in their thread; a numbered quick answer by SMS is confirmed at once."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from .services import reply_file


def on_reply(sender, reply, **kwargs):
    try:
        post = reply_file(guardian=reply.guardian, via=reply.channel, body=reply.body, reference=reply.reference,
                          answers=reply.answers)  # fmt: skip
    except ValidationError:
        return None
    if post is None or not post.quick_answer:
        return None
    with translation.override(reply.guardian.page_language):
        return _("Dank u. De leerkracht ziet uw antwoord: %(answer)s") % {"answer": post.get_quick_answer_display()}
