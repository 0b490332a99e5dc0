from django.contrib import admin

from thidua.clusters.models import Cluster, EmulationPeriod, LeadershipTerm, Membership


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organiser", "area", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["search_text", "code"]
    list_select_related = ["organiser", "area"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


class LeadershipInline(admin.TabularInline):
    model = LeadershipTerm
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(EmulationPeriod)
class EmulationPeriodAdmin(admin.ModelAdmin):
    list_display = ["cluster", "year", "start_date", "end_date", "phase"]
    list_filter = ["year", "phase"]
    search_fields = ["cluster__search_text"]
    inlines = [MembershipInline, LeadershipInline]
    list_select_related = ["cluster"]
