"""Admin: staff assign coaches to cohorts and can look up enrolments (no scores are shown here)."""

from django.contrib import admin

from .models import (
    Cohort,
    Consent,
    Couple,
    Enrollment,
    Invitation,
    LiveSessionDate,
    ModuleEarlyOpening,
    ScheduleExtension,
    SchedulePause,
)


class LiveSessionDateInline(admin.TabularInline):
    model = LiveSessionDate
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ("title", "training", "starts_on", "status", "capacity")
    list_filter = ("status", "training")
    search_fields = ("title",)
    filter_horizontal = ("coaches",)
    readonly_fields = ("enrolment_code", "created_at")
    inlines = [LiveSessionDateInline]


@admin.register(Couple)
class CoupleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "created_at")
    raw_id_fields = ("partner_a", "partner_b")
    search_fields = ("partner_a__email", "partner_b__email")


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ("cohort", "enrolled_by", "couple", "created_at", "completed_at")
    list_filter = ("cohort",)
    raw_id_fields = ("enrolled_by", "couple")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "enrollment", "created_at", "expires_at", "accepted_at", "revoked_at")
    exclude = ("token_hash",)
    readonly_fields = ("enrollment", "inviter", "email", "created_at", "expires_at", "accepted_at", "accepted_by")


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("user", "cohort", "version", "scores_and_style", "module_progress", "recorded_at")
    list_filter = ("cohort", "version")

    def has_change_permission(self, request, obj=None):
        return False  # history rows: a change is a new row written by the person themselves


# Pacing: coaches use their own pages; staff can look these up and correct a mistake.


@admin.register(SchedulePause)
class SchedulePauseAdmin(admin.ModelAdmin):
    list_display = ("cohort", "enrollment", "started_at", "ended_at", "started_by")
    list_filter = ("cohort",)
    raw_id_fields = ("enrollment", "started_by")


@admin.register(ScheduleExtension)
class ScheduleExtensionAdmin(admin.ModelAdmin):
    list_display = ("enrollment", "days", "granted_at", "granted_by")
    raw_id_fields = ("enrollment", "granted_by")


@admin.register(ModuleEarlyOpening)
class ModuleEarlyOpeningAdmin(admin.ModelAdmin):
    list_display = ("cohort", "module", "opened_at", "opened_by")
    list_filter = ("cohort",)
    raw_id_fields = ("opened_by",)
