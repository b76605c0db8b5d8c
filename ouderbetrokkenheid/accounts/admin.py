from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from ouderbetrokkenheid.school.models import Staff, other_board_message

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


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if len({data["school"].board_id for data in kept if data.get("school")}) > 1:
            raise ValidationError(other_board_message())


class MembershipInline(admin.TabularInline):
    """The schools this login works at (one board), each with its own roles."""

    model = Staff
    formset = MembershipFormSet
    fields = ("school", "first_name", "infix", "last_name", "is_teacher", "is_ib", "is_leadership", "is_admin")
    autocomplete_fields = ("school",)
    extra = 0
    verbose_name = _("lidmaatschap (school)")
    verbose_name_plural = _("lidmaatschappen (scholen)")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff log in with e-mail and password; guardians' users have neither (magic links only).
    A member of staff has a membership per school they work at (one board), each with its roles."""

    inlines = [MembershipInline]
    form = UserEditForm

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []  # memberships after adding

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
