from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "ouderbetrokkenheid.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        # Every app's retention.py registers its kinds of personal data (school/datakinds.py).
        autodiscover_modules("retention")
