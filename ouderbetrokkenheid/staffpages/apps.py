from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffPagesConfig(AppConfig):
    name = "ouderbetrokkenheid.staffpages"
    label = "staffpages"
    verbose_name = _("Medewerkers")
