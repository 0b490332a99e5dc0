from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from thidua.accounts.models import RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit", "organiser"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleInline]
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("ThiĐua", {"fields": ("full_name", "position", "person", "must_change_password")}),)
    raw_id_fields = ["person"]  # millions of people: no select of them all
