from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ouderbetrokkenheid.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from ouderbetrokkenheid.required_settings import refuse_to_start_without_required_settings

        refuse_to_start_without_required_settings()
