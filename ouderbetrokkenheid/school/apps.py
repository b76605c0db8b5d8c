from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolConfig(AppConfig):
    name = "ouderbetrokkenheid.school"
    label = "school"
    verbose_name = _("School")
