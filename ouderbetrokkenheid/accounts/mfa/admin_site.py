from django.contrib.admin import AdminSite

from .rules import is_verified


class VerifiedAdminSite(AdminSite):
    """Django's admin for sessions verified with a second factor only."""

    def has_permission(self, request):
        return super().has_permission(request) and is_verified(request.user)
