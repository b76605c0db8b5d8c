from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ouderbetrokkenheid.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from ouderbetrokkenheid.required_settings import refuse_to_start_without_required_settings

        refuse_to_start_without_required_settings()

        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from .mfa.admin_site import VerifiedAdminSite
        from .mfa.services import on_login

        # The admin opens only for a session verified with a second factor (like django-otp's
        # OTPAdminSite, keeping the admin's own login page); MFARequiredMiddleware sends the rest
        # to the verify step.
        admin.site.__class__ = VerifiedAdminSite
        user_logged_in.connect(on_login, dispatch_uid="accounts-mfa-on-login")
