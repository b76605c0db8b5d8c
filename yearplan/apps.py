from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YearplanConfig(AppConfig):
    name = "yearplan"
    verbose_name = _("Jaarplanning")
