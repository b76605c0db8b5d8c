from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadsConfig(AppConfig):
    name = "threads"
    verbose_name = _("Contact met ouders")

    def ready(self):
        from messaging.inbound import reply_received

        from .inbound import on_reply

        reply_received.connect(on_reply, dispatch_uid="threads.inbound")
