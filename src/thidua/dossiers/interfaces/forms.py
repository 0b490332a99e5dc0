"""Forms of the proposal pages. The law's checks stay in dossiers.domain.workflow; these only read input."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import AwardType, Subject, Verdict
from thidua.awards.models import Award, Initiative
from thidua.clusters.models import EmulationPeriod
from thidua.core import versions
from thidua.core.formatting import DATE_INPUT_FORMATS
from thidua.core.forms import StyledForm, YearField
from thidua.core.search import apply_search, ranked
from thidua.dossiers.domain import papers, workflow
from thidua.dossiers.enums import Channel, DocumentKind, State
from thidua.dossiers.models import Nominee
from thidua.orgs.enums import OrganiserKind
from thidua.orgs.models import Organiser, Unit

MAX_CANDIDATES = 20
DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("ngày/tháng/năm"), "autocomplete": "off"})


def awards_for(subject: str):
    ids = [a.pk for a in Award.objects.only("pk", "subjects") if subject in a.subjects]
    return Award.objects.filter(pk__in=ids).order_by("sort_key")


class ProposalForm(StyledForm):
    sender = forms.ModelChoiceField(label=_("Đơn vị đề nghị"), queryset=Unit.objects.none(), empty_label=None)
    channel = forms.ChoiceField(label=_("Kênh gửi"), choices=Channel.choices,
                                help_text=_("Theo địa phương: gửi UBND tỉnh nơi đơn vị đóng; theo ngành dọc: gửi bộ, "
                                          "ngành cấp trên của đơn vị."))
    recipient = forms.ModelChoiceField(label=_("Gửi đến"), queryset=Organiser.objects.none(), empty_label=None)
    period = forms.ModelChoiceField(label=_("Thuộc cụm, khối (năm thi đua)"), queryset=EmulationPeriod.objects.none(),
                                    required=False, empty_label=_("— Không —"),
                                    help_text=_("Tờ trình tổng kết năm của cụm, khối có thời hạn nộp riêng."))
    title = forms.CharField(label=_("Trích yếu"), max_length=300,
                            initial="Đề nghị khen thưởng",
                            widget=forms.TextInput(attrs={"placeholder": _("Về việc đề nghị khen thưởng …")}))
    number = forms.CharField(label=_("Số tờ trình"), max_length=60, required=False,
                             help_text=_("Số, ký hiệu của tờ trình đã ký, ví dụ 15/TTr-TA. Có thể để trống."))
    year = YearField(label=_("Năm thành tích"), min_value=1945, max_value=2100)
    award_type = forms.ChoiceField(label=_("Loại hình khen thưởng"), choices=AwardType.choices)
    signer = forms.ModelChoiceField(label=_("Người ký tờ trình"), queryset=None, required=False,
                                    empty_label=_("— Chọn sau —"),
                                    help_text=_("Lãnh đạo của đơn vị đề nghị (lãnh đạo, quản lý ở đầu danh sách)."))
    signer_position = forms.CharField(label=_("Chức vụ in trên tờ trình"), max_length=160, required=False,
                                      help_text=_("Để trống: lấy chức vụ của người ký trong hồ sơ cán bộ."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.all() if user.is_system_admin and not user.officer_unit_ids else \
            Unit.objects.filter(pk__in=user.officer_unit_ids)
        self.fields["sender"].queryset = units.order_by("sort_key")
        if user.officer_unit_ids:
            set_signer_choices(self.fields["signer"], papers.signers_for(units), several_units=len(units) > 1)
        else:  # an administrator may send for any unit: the signer is chosen on the proposal's page
            del self.fields["signer"], self.fields["signer_position"]
        # The organisers the user's units may send to by either channel (the domain checks the pair again).
        organisers = Organiser.objects.filter(kind__in=[OrganiserKind.PROVINCE, OrganiserKind.SECTOR])
        if user.officer_unit_ids:
            wanted = Q(pk__in=[])
            for unit in units:
                for channel in Channel.values:
                    wanted |= Q(pk__in=workflow.recipients_for(unit, channel).values("pk"))
            organisers = organisers.filter(wanted)
        self.fields["recipient"].queryset = organisers.order_by("kind", "sort_key")
        self.fields["recipient"].label_from_instance = lambda o: f"{o.name} ({o.get_kind_display().split(' (')[0]})"
        unit_filter = Q() if user.is_system_admin and not user.officer_unit_ids else \
            Q(memberships__unit_id__in=user.officer_unit_ids)
        self.fields["period"].queryset = (EmulationPeriod.objects.filter(unit_filter).select_related("cluster")
                                          .distinct().order_by("-year", "cluster__sort_key"))
        self.fields["period"].label_from_instance = lambda p: _("%(cluster)s — năm %(year)s") % {"cluster": p.cluster.name, "year": p.year}
        self.fields["year"].initial = timezone.localdate().year


def set_signer_choices(field, people, several_units: bool) -> None:
    field.queryset = people
    field.label_from_instance = lambda p: " — ".join(
        part for part in (p.full_name, p.position, p.unit.short_name or p.unit.name if several_units else "") if part)


class SignerForm(StyledForm):
    """Who signs the proposal for the sender, chosen among the sender unit's people (leaders first)."""

    signer = forms.ModelChoiceField(label=_("Người ký tờ trình"), queryset=None, required=False,
                                    empty_label=_("— Chưa chọn (in khối chữ ký trống) —"))
    signer_position = forms.CharField(label=_("Chức vụ in trên tờ trình"), max_length=160, required=False,
                                      help_text=_("Để trống: lấy chức vụ của người ký trong hồ sơ cán bộ."))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        set_signer_choices(self.fields["signer"], papers.signers_for([proposal.sender_id]), several_units=False)
        if not self.is_bound:
            self.initial.setdefault("signer", proposal.signer_id)
            self.initial.setdefault("signer_position", proposal.signer_position)
        versions.attach(self, lambda: workflow.version(proposal))


class PersonNomineeForm(StyledForm):
    """A person of the sender: typed name or staff code; when several match, the page lists them to choose."""

    q = forms.CharField(label=_("Họ tên hoặc mã cán bộ"), required=False, max_length=120,
                        widget=forms.TextInput(attrs={"placeholder": _("Gõ có dấu hoặc không dấu")}))
    person = forms.ModelChoiceField(label=_("Cá nhân"), queryset=None, required=False, widget=forms.HiddenInput)
    award = forms.ModelChoiceField(label=_("Danh hiệu, hình thức đề nghị"), queryset=None)
    initiative = forms.ModelChoiceField(label=_("Sáng kiến làm căn cứ"), queryset=None, required=False,
                                        empty_label=_("— Không —"))
    achievement = forms.CharField(label=_("Tóm tắt thành tích"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        self.candidates = []
        self.fields["person"].queryset = people
        self.fields["award"].queryset = awards_for(Subject.INDIVIDUAL)
        self.fields["initiative"].queryset = (Initiative.objects.filter(person__unit__in=units.values("pk"))
                                              .select_related("person").order_by("title"))
        self.fields["initiative"].label_from_instance = lambda i: f"{i.title} ({i.person.full_name})"

    def clean(self):
        data = super().clean()
        if data.get("person") or "person" in self.errors:
            return data
        query = (data.get("q") or "").strip()
        if not query:
            self.add_error("q", _("Gõ họ tên hoặc mã cán bộ của người được đề nghị."))
            return data
        matches = list(self.people.filter(staff_code__iexact=query)[:2]) or \
            list(ranked(apply_search(self.people, query), "sort_key")[:MAX_CANDIDATES + 1])
        if len(matches) == 1:
            data["person"] = matches[0]
        elif not matches:
            self.add_error("q", _("Không tìm thấy “%(query)s” trong danh sách cá nhân của đơn vị.") % {"query": query})
        else:
            self.candidates = matches[:MAX_CANDIDATES]
            if len(matches) > MAX_CANDIDATES:
                message = _("Có nhiều người khớp với “%(query)s”: chọn một người trong danh sách dưới (chỉ hiện 20 người "
                            "đầu; gõ thêm để thu hẹp).")
            else:
                message = _("Có nhiều người khớp với “%(query)s”: chọn một người trong danh sách dưới.")
            self.add_error("q", message % {"query": query})
        return data


class UnitNomineeForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Tập thể"), queryset=None, empty_label=None)
    award = forms.ModelChoiceField(label=_("Danh hiệu, hình thức đề nghị"), queryset=None)
    achievement = forms.CharField(label=_("Tóm tắt thành tích"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["award"].queryset = awards_for(Subject.COLLECTIVE)


class DocumentForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    nominee = forms.ModelChoiceField(label=_("Của người, tập thể"), queryset=None, required=False,
                                     empty_label=_("— Cả tờ trình —"))
    file = forms.FileField(label=_("Tệp (.pdf, .docx, .doc)"),
                           widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.doc"}),
                           error_messages={"required": _("Hãy chọn tệp để tải lên.")})

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = Nominee.objects.filter(proposal=proposal).select_related("award")
        self.fields["nominee"].label_from_instance = lambda n: f"{n.name_as_written} — {n.award.short_name or n.award}"


class ReturnForm(StyledForm):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Cần ghi lý do trả lại để đơn vị biết phải sửa gì.")},
                             help_text=_("Đơn vị đề nghị sẽ thấy lý do này trên tờ trình."))


class ReviewForm(StyledForm):
    council_result = forms.CharField(label=_("Kết quả xét của hội đồng"), widget=forms.Textarea(attrs={"rows": 3}),
                                     initial="", required=False)
    excluded = forms.ModelMultipleChoiceField(label=_("Không đề nghị khen"), queryset=None, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    excluded_reason = forms.CharField(label=_("Lý do không đề nghị khen"), required=False, max_length=300,
                                      initial="Không đủ điều kiện theo kết quả thẩm định, xét của hội đồng.")

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        nominees = Nominee.objects.filter(proposal=proposal).select_related("award")
        self.fields["excluded"].queryset = nominees
        self.fields["excluded"].label_from_instance = lambda n: (
            f"{n.name_as_written} — {n.award}" + (f" ({Verdict(n.eligibility).label.lower()})" if n.eligibility
                                                  else ""))
        if not self.is_bound:
            self.initial["excluded"] = [n.pk for n in nominees if n.eligibility == Verdict.NOT_ELIGIBLE]
        self.fields["excluded"].widget.attrs.pop("class", None)

    def excluded_map(self) -> dict[int, str]:
        reason = (self.cleaned_data.get("excluded_reason") or "").strip() or _("Hội đồng không đề nghị khen.")
        return {n.pk: reason for n in self.cleaned_data.get("excluded") or []}


class DecisionForm(StyledForm):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False,
                                      widget=forms.TextInput(attrs={"placeholder": "125/QĐ-UBND"}))
    decision_date = forms.DateField(label=_("Ngày quyết định"), input_formats=DATE_INPUT_FORMATS, required=False,
                                    widget=DATE_WIDGET,
                                    error_messages={"invalid": _("Ngày không hợp lệ (ngày/tháng/năm, ví dụ 05/06/2025).")})
    decision_signer = forms.CharField(label=_("Cấp quyết định, người ký"), max_length=255, required=False,
                                      widget=forms.TextInput(attrs={"placeholder": _("Chủ tịch UBND tỉnh …")}))

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("decision_date", dt.date.today())


STATE_BADGES = {State.DRAFT: "secondary", State.SUBMITTED: "info", State.RECEIVED: "primary",
                State.RETURNED: "warning", State.APPRAISED: "primary", State.REVIEWED: "purple",
                State.DECIDED: "success"}


class SubmitForm(StyledForm):
    """The day a past year's proposal was in fact sent, when it is recorded after the fact: it chooses the rule set
    the proposal is judged under (workflow.transition, submitted_on)."""

    submitted_on = forms.DateField(
        label=_("Ngày gửi tờ trình"), input_formats=DATE_INPUT_FORMATS, required=False, widget=DATE_WIDGET,
        help_text=_("Chỉ ghi khi ghi nhận tờ trình của năm đã qua; để trống: hôm nay. Bộ quy định áp dụng theo ngày "
                    "gửi."),
        error_messages={"invalid": _("Ngày không hợp lệ (ngày/tháng/năm, ví dụ 05/06/2025).")})
