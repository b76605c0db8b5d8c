from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .forms import AdminLoginForm
from .models import MagicLink, User

admin.site.login_form = AdminLoginForm  # the staff login's throttle (accounts.views.admin_login gives the 429)


class LowercaseEmailMixin:
    """E-mail addresses are stored lowercased (a database constraint); blank means none (guardians)."""

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower() or None


class UserCreationForm(LowercaseEmailMixin, AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserEditForm(LowercaseEmailMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff log in with e-mail and password; guardians' users have neither (magic links only)."""

    form = UserEditForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)
    list_display = ("__str__", "is_active", "is_staff", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email",)
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")


@admin.register(MagicLink)
class MagicLinkAdmin(admin.ModelAdmin):
    """Read-only: links are made by the login flow. Deleting one revokes it."""

    list_display = ("guardian", "sent_to", "created_at", "expires_at", "used_at", "failed_attempts")
    list_filter = ("sent_to",)
    list_select_related = ("guardian__school",)
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "guardian",
        "sent_to",
        "created_at",
        "expires_at",
        "used_at",
        "failed_attempts",
        "token_hash",
        "code_hash",
    )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
