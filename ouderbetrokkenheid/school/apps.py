from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolConfig(AppConfig):
    name = "ouderbetrokkenheid.school"
    label = "school"
    verbose_name = _("School")

    def ready(self):
        from . import lookups  # noqa: F401  registers JSONField's portable `has_item` lookup
