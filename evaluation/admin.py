from django.contrib import admin

from .models import Evaluation, ExportLog


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    """Read-only: a plan changes only through the app (and never once frozen)."""

    list_display = ("question", "school", "intervention", "outcome", "design", "frozen_at")
    list_filter = ("design", "school")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    list_display = ("evaluation", "downloaded_by", "downloaded_at", "rows")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
