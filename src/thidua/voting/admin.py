from django.contrib import admin

from thidua.voting.models import VoteThreshold


@admin.register(VoteThreshold)
class VoteThresholdAdmin(admin.ModelAdmin):
    """The law's council shares per award and rule set (seeded by voting 0003): an administrator checks Decree
    152/2025's article, corrects the row and clears "carried over". Opened sessions keep the share they opened with."""

    list_display = ["award", "rule_set", "numerator", "denominator", "strict", "basis", "article", "carried_over"]
    list_filter = ["rule_set", "carried_over"]
