from django.contrib import admin

from . import models as m


class MessagePartInline(admin.TabularInline):
    model = m.MessagePart
    extra = 0
    raw_id_fields = ["pupil"]


class MessageAttemptInline(admin.TabularInline):
    model = m.MessageAttempt
    extra = 0
    readonly_fields = ["channel", "at", "provider_id", "ok", "delivery_status", "error"]
    can_delete = False


@admin.register(m.Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["guardian", "purpose", "kind", "channel", "scheduled_at", "status", "delivery_status"]
    list_filter = ["status", "purpose", "kind", "channel", "school"]
    list_select_related = ["guardian"]
    search_fields = ["guardian__last_name", "guardian__email", "idempotency_key"]
    raw_id_fields = ["guardian", "school"]
    readonly_fields = ["idempotency_key", "attempts", "provider_id", "claimed_at", "sent_at", "created_at"]
    date_hierarchy = "scheduled_at"
    inlines = [MessagePartInline, MessageAttemptInline]


@admin.register(m.Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["guardian", "topic", "active", "changed_at", "changed_via"]
    list_filter = ["topic", "active"]
    list_select_related = ["guardian"]
    raw_id_fields = ["guardian"]


@admin.register(m.SendSettings)
class SendSettingsAdmin(admin.ModelAdmin):
    list_display = ["school", "progress_weekday", "tip_weekday", "encouragement_weekday", "send_time"]
    list_select_related = ["school"]


class LibraryTextInline(admin.StackedInline):
    model = m.LibraryText
    extra = 0
    raw_id_fields = ["approved_by"]


@admin.register(m.LibraryEntry)
class LibraryEntryAdmin(admin.ModelAdmin):
    list_display = ["key", "school", "kind", "year_level", "month", "theme", "summer_reading", "active"]
    list_filter = ["kind", "year_level", "month", "summer_reading", "active", "school"]
    list_select_related = ["school"]
    search_fields = ["key", "theme", "texts__text"]
    inlines = [LibraryTextInline]


class ProgressLineInline(admin.TabularInline):
    model = m.ProgressLine
    extra = 0
    raw_id_fields = ["pupil"]


@admin.register(m.WeekPlan)
class WeekPlanAdmin(admin.ModelAdmin):
    list_display = ["group", "week", "theme", "approved_by", "approved_at"]
    list_select_related = ["group", "approved_by"]
    raw_id_fields = ["group", "tip", "encouragement", "approved_by"]
    inlines = [ProgressLineInline]
