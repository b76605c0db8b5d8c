from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Gesprekscyclus")

    def ready(self):
        from ouderbetrokkenheid.school.translations import review_kind_register

        from .review import REVIEW_KIND

        review_kind_register(REVIEW_KIND)
