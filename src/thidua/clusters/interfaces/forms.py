from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.clusters.domain import clusters, periods
from thidua.clusters.enums import PHASE_ORDER, ChoiceMethod, LeadershipRole, Phase
from thidua.clusters.models import Cluster, EmulationPeriod
from thidua.core import versions
from thidua.core.forms import StyledForm, StyledModelForm, YearField
from thidua.orgs.domain.areas import areas_merged_into
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Unit


class ClusterForm(StyledModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "short_name", "kind", "organiser", "area", "regulation_doc", "description", "is_active"]

    def __init__(self, *args, organisers=None, **kwargs):
        """`organisers`: those the user may choose (an organiser's staff: their own); every one by default."""
        super().__init__(*args, **kwargs)
        if organisers is not None:
            self.fields["organiser"].queryset = organisers
        self.fields["area"].queryset = self.fields["area"].queryset.order_by("valid_to", "sort_key")
        if self.instance.pk is not None:  # an edit: the version it was loaded from (core.versions)
            versions.attach(self, lambda: clusters.version(self.instance, self.Meta.fields))


class ClusterCreateForm(ClusterForm):
    """"Tạo cụm, khối": what the cluster is; its years, members and head come next, on its page."""

    class Meta(ClusterForm.Meta):
        fields = ["name", "short_name", "kind", "organiser", "area", "regulation_doc", "description"]
        help_texts = {"name": _("Ví dụ: Khối thi đua các cơ quan Nội chính tỉnh"),
                      "short_name": _("Tên gọi ngắn dùng trong danh sách, ví dụ: Khối Nội chính")}


class PeriodForm(StyledModelForm):
    class Meta:
        model = EmulationPeriod
        fields = ["year", "start_date", "end_date", "notes"]
        field_classes = {"year": YearField}
        widgets = {"start_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
                   "end_date": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


def candidate_units(period: EmulationPeriod):
    """Units that could join: provinces for a Central-council cluster, the sector's units for a sector's
    cluster, the units of the organiser's own province for a province's cluster (with the provinces merged into
    it; units stationed there with an outside parent included). Decided by the organiser, whose kind, province
    and sector only the system administrator sets, never by the cluster, whose province its staff choose: a
    member is a unit the organiser's staff then reach (orgs.domain.reach), accounts included."""
    organiser = period.cluster.organiser
    qs = Unit.objects.exclude(memberships__period=period).filter(valid_to__isnull=True)
    if organiser.kind == OrganiserKind.CENTRAL:
        return qs.filter(kind="province").order_by("sort_key")
    if organiser.kind == OrganiserKind.SECTOR:
        return qs.filter(sector_id=organiser.sector_id).order_by("sort_key") if organiser.sector_id else qs.none()
    if organiser.area_id is None:
        return qs.none()
    return qs.filter(area_id__in=areas_merged_into(organiser.area_id)).order_by("sort_key")


class AddMemberForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —"))

    def __init__(self, *args, period: EmulationPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = candidate_units(period)


class LeaderForm(StyledForm):
    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", _("— Chọn vai trò —")), *LeadershipRole.choices])
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —"))
    method = forms.ChoiceField(label=_("Cách chọn"), choices=ChoiceMethod.choices)
    decision_ref = forms.CharField(label=_("Căn cứ (quyết định, biên bản)"), required=False, max_length=255)
    decided_on = forms.DateField(label=_("Ngày"), required=False,
                                 widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))

    def __init__(self, *args, period: EmulationPeriod, **kwargs):
        # Shown on the year page next to AddMemberForm, which has a "unit" too: ids of its own, so that each
        # label names its own box (two id_unit made "Đơn vị" of this form label the members' box).
        kwargs.setdefault("auto_id", "leader_%s")
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(memberships__period=period).order_by("sort_key")
        versions.attach(self, lambda: periods.version(period))
        # "Trưởng cụm" or "Khối trưởng": the words of the cluster's kind
        self.fields["role"].choices = [("", _("— Chọn vai trò —")),
                                       *period.cluster.words.roles.items()]


class PhaseReasonForm(StyledForm):
    """The one form of an override of the year's phase gates (clusters.domain.periods: advance with a reason,
    record_past_phase, reopen): the written reason kept in the log, and the version of the year page."""

    reason = forms.CharField(label=_("Lý do (ghi vào nhật ký)"), max_length=250,
                             widget=forms.Textarea(attrs={"rows": 2}))
    reason_required = _("Cần ghi lý do (ghi vào nhật ký).")

    def __init__(self, *args, period: EmulationPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        self.fields["reason"].error_messages["required"] = self.reason_required
        versions.attach(self, lambda: periods.version(period))


class OverrideForm(PhaseReasonForm):
    """The next phase entered while blockers stand, by the organiser's staff, with a reason."""

    phase = forms.CharField(widget=forms.HiddenInput)
    reason_required = _("Cần ghi lý do chuyển khi chưa đạt điều kiện (ghi vào nhật ký).")
    prefix = "override"

    def __init__(self, *args, period: EmulationPeriod, phase: str, **kwargs):
        super().__init__(*args, period=period, **kwargs)
        self.fields["phase"].initial = phase
        self.fields["reason"].help_text = _("Ví dụ: cụm chấm điểm trên giấy theo quy chế; đơn vị đã đăng ký bằng văn "
                                            "bản số …")

    def clean(self):
        data = super().clean()
        if data.get("phase") not in Phase.values:  # a hidden field: its error shown above the form
            raise forms.ValidationError(_("Giai đoạn không hợp lệ."))
        return data


class ReopenForm(PhaseReasonForm):
    """A closed year reopened for corrections, with a reason."""

    reason_required = _("Cần ghi lý do mở lại năm thi đua (ghi vào nhật ký).")
    prefix = "reopen"

    def __init__(self, *args, period: EmulationPeriod, **kwargs):
        super().__init__(*args, period=period, **kwargs)
        self.fields["reason"].help_text = _("Ví dụ: sửa kết quả bỏ phiếu theo Công văn số … ngày …")


class PastYearForm(PhaseReasonForm):
    """A year that is over moved straight to a later phase, with the reason kept in the log."""

    phase = forms.ChoiceField(label=_("Chuyển thẳng tới giai đoạn"))
    reason_required = _("Cần ghi lý do chuyển thẳng giai đoạn (ghi vào nhật ký).")

    def __init__(self, *args, period: EmulationPeriod, **kwargs):
        super().__init__(*args, period=period, **kwargs)
        self.order_fields(["phase", "reason"])
        self.fields["reason"].label = _("Lý do")
        self.fields["reason"].help_text = _("Ví dụ: ghi nhận năm 2019 theo biên bản hội nghị tổng kết ngày 10/01/2020.")
        later = PHASE_ORDER[PHASE_ORDER.index(period.phase) + 1:]
        self.fields["phase"].choices = [(p, Phase(p).label) for p in later]
        self.fields["phase"].initial = Phase.VOTING if Phase.VOTING in later else (later[-1] if later else None)
