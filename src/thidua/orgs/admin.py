from django.contrib import admin

from thidua.orgs.models import Area, Organiser, Person, Sector, Unit, UnitName, UnitSuccession


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["search_text", "code"]
    ordering = ["sort_key"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["search_text", "code"]


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "area", "sector", "doc_abbreviation"]
    list_filter = ["kind"]
    search_fields = ["search_text", "code"]


class UnitNameInline(admin.TabularInline):
    model = UnitName
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "sector", "area", "valid_to"]
    list_filter = ["kind", "sector"]
    search_fields = ["search_text", "code"]
    autocomplete_fields = ["parent", "area"]
    inlines = [UnitNameInline]
    ordering = ["sort_key"]
    list_select_related = ["sector", "area"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "on_date"]
    autocomplete_fields = ["predecessor", "successor"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "position", "category", "status"]
    list_filter = ["category", "status"]
    search_fields = ["search_text", "staff_code"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]
    show_full_result_count = False
