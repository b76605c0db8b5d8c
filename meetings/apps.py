from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Informatiebijeenkomsten")

    def ready(self):
        from ouderbetrokkenheid.school.translations import review_kind_register

        from .review import REVIEW_KINDS

        for kind in REVIEW_KINDS:
            review_kind_register(kind)
