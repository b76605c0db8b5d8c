from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Berichten")

    def ready(self):
        from anymail.signals import inbound, tracking

        from .bounces import on_tracking
        from .inbound import on_inbound

        tracking.connect(on_tracking, dispatch_uid="messaging.bounces")
        inbound.connect(on_inbound, dispatch_uid="messaging.inbound")
