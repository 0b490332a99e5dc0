from django.contrib import admin

from thidua.core.models import Activity, WorkdayOverride


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """Read-only: the activity log is append-only."""

    list_display = ["at", "actor", "action", "target_label", "summary"]
    list_filter = ["action"]
    search_fields = ["target_label", "summary", "scope"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    """Read-only: swaps change on /quy-dinh/ngay-lam-viec/, where each change is checked and logged."""

    list_display = ["day", "is_working_day", "reason", "source"]
    list_filter = ["is_working_day"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
