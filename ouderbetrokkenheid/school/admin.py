"""Django admin for the shared model: for superusers and support, kept fast on big schools.

Foreign keys to big tables are autocomplete or raw-id fields (no giant <select>), and lists
select their related rows in the same query.
"""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import models as m
from .text import VisibleCharField

# Names typed in the admin lose bidi controls and other invisible characters (school/text.py).
VISIBLE_TEXT = {models.CharField: {"form_class": VisibleCharField}}


@admin.register(m.SchoolBoard)
class SchoolBoardAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(m.School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "brin", "region", "board"]
    list_filter = ["region"]
    list_select_related = ["board"]
    search_fields = ["name", "brin"]
    autocomplete_fields = ["board"]


class CalendarPeriodInline(admin.TabularInline):
    model = m.CalendarPeriod
    extra = 0
    fields = ["kind", "name", "start_date", "end_date"]


@admin.register(m.SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school", "first_day", "last_day"]
    list_filter = ["school"]
    list_select_related = ["school"]
    search_fields = ["school__name", "school__brin"]
    autocomplete_fields = ["school"]
    date_hierarchy = "first_day"
    inlines = [CalendarPeriodInline]


@admin.register(m.Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "school"]
    list_filter = ["school_year__school"]
    list_select_related = ["school_year__school"]
    search_fields = ["name", "school_year__school__name"]
    autocomplete_fields = ["school_year", "teachers"]

    @admin.display(description=_("school"), ordering="school_year__school__name")
    def school(self, group):
        return group.school_year.school


class EnrollmentInline(admin.TabularInline):
    model = m.Enrollment
    extra = 0
    fields = ["group", "year_level", "start_date", "end_date", "is_lateral_entrant"]
    autocomplete_fields = ["group"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group__school_year")


class PupilGuardianInline(admin.TabularInline):
    model = m.GuardianOf
    extra = 0
    fields = ["guardian", "relationship", "has_parental_authority", "receives_information", "invite_separately"]
    autocomplete_fields = ["guardian"]
    verbose_name = _("ouder/verzorger")
    verbose_name_plural = _("ouders/verzorgers")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("guardian")


@admin.register(m.Pupil)
class PupilAdmin(admin.ModelAdmin):
    formfield_overrides = VISIBLE_TEXT
    list_display = ["__str__", "external_id", "date_of_birth", "school"]
    list_filter = ["school"]
    list_select_related = ["school"]
    search_fields = ["first_name", "last_name", "external_id"]
    autocomplete_fields = ["school"]
    inlines = [EnrollmentInline, PupilGuardianInline]


class GuardianChildInline(admin.TabularInline):
    model = m.GuardianOf
    extra = 0
    fields = ["pupil", "relationship", "has_parental_authority", "receives_information", "invite_separately"]
    autocomplete_fields = ["pupil"]
    verbose_name = _("kind")
    verbose_name_plural = _("kinderen")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("pupil")


@admin.register(m.Guardian)
class GuardianAdmin(admin.ModelAdmin):
    formfield_overrides = VISIBLE_TEXT
    list_display = ["__str__", "external_id", "email", "mobile", "language", "channel", "school"]
    list_filter = ["school", "language", "channel", "needs_interpreter", "prefers_simple_dutch"]
    list_select_related = ["school"]
    search_fields = ["first_name", "last_name", "external_id", "email", "mobile"]
    autocomplete_fields = ["school"]
    raw_id_fields = ["user"]
    inlines = [GuardianChildInline]


@admin.register(m.Staff)
class StaffAdmin(admin.ModelAdmin):
    """A membership: one login's work at one school (a login may hold several, all in one board)."""

    formfield_overrides = VISIBLE_TEXT
    list_display = ["__str__", "user", "school", "is_teacher", "is_ib", "is_leadership", "is_admin"]
    list_filter = ["school__board", "school", "is_teacher", "is_ib", "is_leadership", "is_admin"]
    list_select_related = ["school", "user"]
    search_fields = ["first_name", "last_name", "user__email"]
    autocomplete_fields = ["school"]
    raw_id_fields = ["user"]


@admin.register(m.BoardAdmin)
class BoardAdminAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "board"]
    list_select_related = ["user", "board"]
    search_fields = ["user__email", "board__name"]
    autocomplete_fields = ["board"]
    raw_id_fields = ["user"]
