from django.contrib import admin

from .models import BuddyPair, ReachFollowUp


@admin.register(BuddyPair)
class BuddyPairAdmin(admin.ModelAdmin):
    list_display = ["guardian", "buddy", "school", "guardian_consent_at", "buddy_consent_at", "ended_at"]
    list_filter = ["school"]
    raw_id_fields = ["guardian", "buddy", "created_by", "guardian_consent_by", "buddy_consent_by", "ended_by"]


@admin.register(ReachFollowUp)
class ReachFollowUpAdmin(admin.ModelAdmin):
    list_display = ["guardian", "outcome", "at", "by"]
    raw_id_fields = ["guardian", "by", "school_year"]
