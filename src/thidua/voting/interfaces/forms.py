"""Forms of the voting pages. A ballot is read straight from the posted data (parse_selections) so that every
refusal — a candidate not on the list, too many choices — comes from the one domain function that checks it
(thidua.voting.domain.sessions._validate_selections), with its Vietnamese message."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from thidua.core.formatting import parse_number
from thidua.core.forms import IntegerNumberField, StyledForm, StyledModelForm, date_field
from thidua.voting.domain.dates import check_meeting_day, year_end_conference_day
from thidua.voting.domain.setup import check_rules
from thidua.voting.domain.thresholds import check_override, is_council, law_threshold, legal_rows, session_day
from thidua.voting.enums import ElectorateKind, QuestionKind, SessionKind, ThresholdBasis
from thidua.voting.interfaces.labels import question_kind_labels, session_kind_labels
from thidua.voting.models import BallotSession

RULE_HELP = (_("Tỷ lệ và túc số theo quy chế của cụm, khối hoặc của hội đồng, ví dụ: > 1/2 tổng số đơn vị thành viên; "
             "≥ 4/5 (80%) hoặc ≥ 9/10 (90%) tổng số thành viên hội đồng; túc số 2/3."))
COUNCIL_RULE_HELP = _("Tỷ lệ theo quy chế của hội đồng: áp dụng cho nội dung không có tỷ lệ theo quy định của pháp "
                      "luật. Nội dung về danh hiệu, hình thức có tỷ lệ theo quy định (Chiến sĩ thi đua, Cờ thi đua: "
                      "≥ 90% hoặc ≥ 80% tổng số thành viên hội đồng) biểu quyết theo tỷ lệ đó, ghi ở từng nội dung.")
CLUSTER_DAY_HELP = _("Ngày hội nghị bỏ phiếu (hoặc ngày kiểm phiếu của năm đã qua): biên bản kiểm phiếu, kết quả và "
                     "trưởng, phó được bầu ghi ngày này. Để trống: ngày kiểm phiếu trên hệ thống.")
COUNCIL_QUORUM_HELP = _("Túc số tính trên số thành viên có mặt: 2/3 tổng số thành viên; phiên xét khen thưởng ≥ 4/5 "
                        "(80%). Ý kiến bằng văn bản của thành viên vắng mặt được tính vào số phiếu, không tính vào "
                        "túc số.")


class SessionForm(StyledModelForm):
    held_on = date_field(_("Ngày họp, biểu quyết"), required=False,
                         help_text=_("Để trống: ngày mở phiên bỏ phiếu. Tỷ lệ theo quy định có hiệu lực vào ngày này."))

    class Meta:
        model = BallotSession
        fields = ["title", "kind", "electorate_kind", "council", "council_name", "regulation_ref", "held_on",
                  "threshold_numerator", "threshold_denominator", "threshold_strict", "threshold_basis",
                  "quorum_numerator", "quorum_denominator", "max_rounds"]
        labels = {"title": _("Tên phiên bỏ phiếu")}
        field_classes = {name: IntegerNumberField for name in ("threshold_numerator", "threshold_denominator",
                                                                "quorum_numerator", "quorum_denominator", "max_rounds")}

    def __init__(self, *args, period=None, fixed=False, councils=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        if period is None:
            # A council's own session: its members vote (written or paper ballots entered by the secretary).
            self.fields["kind"].choices = [(SessionKind.COUNCIL.value, SessionKind.COUNCIL.label)]
            self.fields["electorate_kind"].choices = [(ElectorateKind.PERSONS.value, ElectorateKind.PERSONS.label)]
            self.fields["council_name"].required = councils is None
        else:
            del self.fields["council_name"]
        if period is None and not fixed and councils is not None:
            # The councils the user keeps: the session's voters will be its members on the meeting's day.
            self.fields["council"].queryset = councils
            self.fields["council"].empty_label = _("— Không chọn: nhập danh sách thành viên bỏ phiếu —")
            self.fields["council"].help_text = _(
                "Chọn hội đồng: thành viên của hội đồng vào ngày họp (hoặc ngày mở phiên) được bỏ phiếu và là tổng "
                "số thành viên để tính tỷ lệ đạt. Không chọn: nhập tên hội đồng và danh sách thành viên bỏ phiếu.")
            self.fields["council_name"].help_text = _("Để trống nếu đã chọn hội đồng ở trên.")
        else:
            del self.fields["council"]
        if fixed:  # the kind of session and of electorate are set once, when the session is created
            del self.fields["kind"], self.fields["electorate_kind"]
        elif period is not None:  # "Bầu khối trưởng, khối phó năm sau" for a block
            labels = session_kind_labels(period.cluster.words)
            self.fields["kind"].choices = [(value, labels.get(value, label)) for value, label in
                                           self.fields["kind"].choices]
        council = period is None or self.instance.kind == SessionKind.COUNCIL
        if not council:  # a council's meeting day also chooses the rule set of its thresholds; a cluster's does not
            self.fields["held_on"].help_text = CLUSTER_DAY_HELP
        if period is not None and self.instance.pk is None and not self.initial.get("held_on"):
            self.initial["held_on"] = year_end_conference_day(period)  # where the year's ballot is usually cast
        self.fields["threshold_numerator"].help_text = COUNCIL_RULE_HELP if council else RULE_HELP
        if council:
            self.fields["quorum_numerator"].help_text = COUNCIL_QUORUM_HELP

    def clean_held_on(self):
        day = self.cleaned_data.get("held_on")
        check_meeting_day(self.period, day, planned=True)  # within the year's window; may be coming
        return day

    def clean(self):
        data = super().clean()
        if "council" in self.fields and not data.get("council") and not (data.get("council_name") or "").strip() \
                and "council_name" not in self.errors:
            self.add_error("council_name", _("Chọn hội đồng hoặc nhập tên hội đồng."))
        if all(name in data for name in ("threshold_numerator", "threshold_denominator", "quorum_numerator",
                                         "quorum_denominator", "max_rounds")):
            for problem in check_rules(data["threshold_numerator"], data["threshold_denominator"],
                                       data["quorum_numerator"], data["quorum_denominator"], data["max_rounds"]):
                self.add_error(None, problem)
        return data


class QuestionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=QuestionKind.choices)
    title = forms.CharField(label=_("Nội dung bỏ phiếu"), max_length=300)
    award = forms.ModelChoiceField(label=_("Danh hiệu, hình thức trong danh mục"), queryset=None, required=False)
    award_label = forms.CharField(label=_("Hoặc ghi tên danh hiệu, hình thức"), max_length=200, required=False)
    max_choices = IntegerNumberField(label=_("Số lựa chọn tối đa trên một phiếu"), min_value=1, max_value=100, initial=1)
    seats = IntegerNumberField(label=_("Số được chọn tối đa (chỉ tiêu)"), min_value=1, max_value=100, initial=1)

    def __init__(self, *args, session: BallotSession | None = None, **kwargs):
        # Shown on the session's page below the rules form, which has a title and a kind too: ids of its own, so
        # that each label names its own box.
        kwargs.setdefault("auto_id", "question_%s")
        super().__init__(*args, **kwargs)
        from thidua.awards.models import Award

        self.fields["award"].queryset = Award.objects.order_by("sort_key")
        if session is not None and session.period_id:  # "Bầu khối trưởng" for a block
            labels = question_kind_labels(session.period.cluster.words)
            self.fields["kind"].choices = [(value, labels[value]) for value, _label in QuestionKind.choices]
        if session is not None and is_council(session):
            # A council's vote on an award the law sets a share for takes that share: shown with each award.
            day = session_day(session)
            shares = {award_id: law_threshold(row) for award_id, row in legal_rows(None, day).items()}

            def label(award) -> str:
                share = shares.get(award.pk)
                return f"{award.name} — {share.words} ({share.citation})" if share else award.name

            self.fields["award"].label_from_instance = label
            self.fields["award"].help_text = _(
                "Phiên của hội đồng ngày %(day)s: danh hiệu, hình thức ghi tỷ lệ sau tên biểu quyết theo tỷ lệ đó; "
                "nội dung khác theo tỷ lệ của quy chế hội đồng.") % {"day": day.strftime("%d/%m/%Y")}


class ThresholdForm(StyledForm):
    """Another share for one question than the law's or the regulation's, decided by the council with a reason."""

    numerator = IntegerNumberField(label=_("Tỷ lệ đạt: tử số"), min_value=1, max_value=1000)
    denominator = IntegerNumberField(label=_("Tỷ lệ đạt: mẫu số"), min_value=1, max_value=1000)
    strict = forms.BooleanField(label=_("Phải vượt quá tỷ lệ (>)"), required=False)
    basis = forms.ChoiceField(label=_("Tính tỷ lệ"), choices=ThresholdBasis.choices, initial=ThresholdBasis.ALL)
    reason = forms.CharField(label=_("Lý do (ghi vào biên bản)"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _(
            "Cần ghi lý do khi quyết định tỷ lệ đạt riêng cho nội dung này (ghi vào biên bản).")

    def clean(self):
        data = super().clean()
        if "numerator" in data and "denominator" in data:
            for problem in check_override(data["numerator"], data["denominator"], data.get("reason") or "x"):
                self.add_error(None, problem)
        return data


class CandidatesForm(StyledForm):
    """Candidates are picked from the period's members; a name may be typed for anyone else (e.g. a person)."""

    units = forms.ModelMultipleChoiceField(label=_("Đơn vị thành viên"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    label = forms.CharField(label=_("Hoặc ghi tên (cá nhân, tập thể khác)"), max_length=255, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["units"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        if not data.get("units") and not (data.get("label") or "").strip():
            raise ValidationError(_("Chọn ít nhất một đơn vị hoặc ghi tên người, tập thể được bỏ phiếu."))
        return data


class CouncilSearchForm(StyledForm):
    q = forms.CharField(label=_("Tìm cá nhân theo tên (không cần dấu)"), max_length=120, required=False)


class PaperVotersForm(StyledForm):
    voters = forms.ModelMultipleChoiceField(label=_("Người, đơn vị đã nhận và bỏ phiếu giấy"), queryset=None,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, voters=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voters"].queryset = voters
        self.fields["voters"].widget.attrs["class"] = "form-check-input"
        self.fields["voters"].error_messages["required"] = _("Chưa chọn người, đơn vị nào.")


class ReceiptForm(StyledForm):
    code = forms.CharField(label=_("Mã phiếu"), max_length=40,
                           help_text=_("Mã 12 ký tự nhận được khi bỏ phiếu, ví dụ ABCD-EFGH-JKLM."))


class LeadersDecisionForm(StyledForm):
    candidate = forms.ModelChoiceField(label=_("Người, đơn vị được chọn"), queryset=None)
    text = forms.CharField(label=_("Lý do (ghi vào biên bản)"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates
        self.fields["text"].error_messages["required"] = _("Cần ghi lý do quyết định.")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Lựa chọn không hợp lệ.")) from error


def parse_selections(data, questions) -> dict[int, list[int]]:
    """{question id: [candidate ids]} from the posted fields q<question id> (one or more values each): the
    questions on the ballot, and any other question posted, so that the domain refuses what is not on it."""
    keys = {f"q{q.pk}" for q in questions} | {k for k in data if k[:1] == "q" and k[1:].isdigit()}
    return {int(key[1:]): [_int(v) for v in data.getlist(key) if v != ""] for key in sorted(keys)}


def parse_counts(data, question) -> tuple[int, int, dict[int, int]]:
    """A question's paper counts: valid ballots, invalid ballots, votes per candidate (fields c<candidate id>),
    whole numbers read by `parse_number` (1.003 is one thousand and three; empty is 0)."""
    def number(name, label):
        raw = (data.get(name) or "").strip() or "0"
        try:
            value = int(parse_number(raw, decimals_allowed=False))
        except ValueError as error:
            raise ValidationError(_("%(label)s: %(error)s") % {"label": label, "error": error}) from error
        if value < 0:
            raise ValidationError(_("%(label)s: số phiếu không được âm.") % {"label": label})
        return value

    ballots = number("ballots", _("Số phiếu hợp lệ"))
    invalid = number("invalid", _("Số phiếu không hợp lệ"))
    votes = {}
    for key in data:
        if key.startswith("c") and key[1:].isdigit():
            votes[int(key[1:])] = number(key, _("Số phiếu"))
    return ballots, invalid, votes


class MeetingDayForm(StyledForm):
    """The meeting's day of a session entered or corrected after it opened (voting.domain.dates.set_meeting_day)."""

    held_on = date_field(_("Ngày họp, biểu quyết"), required=False,
                         help_text=_("Ngày hội nghị bỏ phiếu: biên bản kiểm phiếu và kết quả ghi ngày này. Sửa trước "
                                     "khi áp dụng kết quả để trưởng, phó được bầu mang ngày này."))
