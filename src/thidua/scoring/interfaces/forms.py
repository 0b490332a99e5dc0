"""Forms of the scoring pages. They only read and shape what the user typed; every rule (phase, lock, limits,
maxima, file types) is checked by thidua.scoring.domain.sheets, whose Vietnamese messages the pages show."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.core import versions
from thidua.core.formatting import format_number, parse_number
from thidua.core.forms import IntegerNumberField, NumberField, StyledForm, style_fields
from thidua.scoring.domain.sheets import criterion_version, scale_version
from thidua.scoring.enums import CriterionType, TieRule
from thidua.scoring.models import CriteriaSet, Criterion

PASS_FAIL_CHOICES = [("", "—"), ("1", _("Đạt")), ("0", _("Không đạt"))]
TIE_SLOTS = 4


def input_value(value) -> str:
    """A stored figure as the user types it back: 85.50 → "85,5", 1003.00 → "1.003" (read back by
    `core.formatting.parse_number`)."""
    if value is None:
        return ""
    return format_number(Decimal(value).normalize())


def value_field(criterion: Criterion, form_id: str | None = None, initial=None, label: str = "") -> forms.Field:
    """The input for a criterion's value: a select for pass/fail, a text box otherwise. The domain parses it
    (with `core.formatting.parse_number`, as every form does) and checks it, so bad input gets the domain's
    message."""
    attrs = {"form": form_id} if form_id else {}
    if criterion.type == CriterionType.PASS_FAIL:
        widget = forms.Select(choices=PASS_FAIL_CHOICES, attrs=attrs)
    else:
        widget = forms.TextInput(attrs={**attrs, "inputmode": "decimal", "autocomplete": "off"})
    return forms.CharField(label=label or f"{criterion.code}", required=False, max_length=30, widget=widget,
                           initial=input_value(initial))


# -- criteria tree and scale ----------------------------------------------------------------------------------

class CriterionForm(StyledForm):
    code = forms.CharField(label=_("Mục"), max_length=20, help_text=_("Ví dụ: 1, 1.1, 2.3"))
    name = forms.CharField(label=_("Tiêu chí"), max_length=500)
    type = forms.ChoiceField(label=_("Loại"), choices=CriterionType.choices)
    max_points = NumberField(label=_("Điểm tối đa"), min_value=0, max_digits=8, decimal_places=2)
    points_per_occurrence = NumberField(label=_("Điểm mỗi lần"), required=False, min_value=0, max_digits=8,
                                        decimal_places=2, help_text=_("Chỉ với tiêu chí tính điểm theo số lần."))
    parent = forms.ModelChoiceField(label=_("Thuộc nhóm"), queryset=Criterion.objects.none(), required=False,
                                    empty_label=_("— (tiêu chí cấp 1)"))
    guidance = forms.CharField(label=_("Hướng dẫn chấm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria_set: CriteriaSet | None = None, instance: Criterion | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"code": instance.code, "name": instance.name, "type": instance.type,
                                 "max_points": instance.max_points, "parent": instance.parent_id,
                                 "points_per_occurrence": instance.points_per_occurrence,
                                 "guidance": instance.guidance}
        super().__init__(*args, **kwargs)
        groups = Criterion.objects.none()
        if criteria_set is not None and criteria_set.pk:
            groups = criteria_set.criteria.filter(type=CriterionType.GROUP).order_by("order")
            if instance is not None:
                groups = groups.exclude(pk=instance.pk)
        self.fields["parent"].queryset = groups
        if instance is not None:  # the edit page carries the version it was loaded with (core.versions)
            versions.attach(self, lambda: criterion_version(instance))

    def domain_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"code": data["code"].strip(), "name": data["name"].strip(), "ctype": data["type"],
                "max_points": data["max_points"], "parent": data["parent"],
                "points_per_occurrence": data["points_per_occurrence"], "guidance": data["guidance"]}


class ExclusionForm(StyledForm):
    units = forms.ModelMultipleChoiceField(label=_("Không áp dụng cho"), queryset=None, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=255)

    def __init__(self, *args, units_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units_queryset
        self.fields["units"].widget.attrs["class"] = "form-check-input"


class CopyCriteriaForm(StyledForm):
    source = forms.ModelChoiceField(label=_("Sao chép từ năm"), queryset=CriteriaSet.objects.none(), empty_label=None)

    def __init__(self, *args, sources=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources if sources is not None else CriteriaSet.objects.none()
        self.fields["source"].label_from_instance = lambda cs: _("Năm %(year)s") % {"year": cs.period.year}


def bands_to_text(bands: list[dict]) -> str:
    return "\n".join(f"{b['label']}: {input_value(Decimal(str(b['min'])))}" for b in bands)


class ScaleForm(forms.ModelForm):
    """The scale of the year (CriteriaSet). Bands are typed one per line ("Xuất sắc: 90"); tie rules are
    chosen in order."""

    bands_text = forms.CharField(
        label=_("Xếp loại theo điểm"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một mức: tên mức, dấu hai chấm, điểm tối thiểu (0–100). Ví dụ: Xuất sắc: 90"))

    class Meta:
        model = CriteriaSet
        fields = ["regulation_ref", "peer_rule", "trim_count", "peer_weight", "outlier_gap", "max_evidence_mb"]
        field_classes = {"trim_count": IntegerNumberField, "peer_weight": NumberField, "outlier_gap": NumberField,
                         "max_evidence_mb": IntegerNumberField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tie_choices = [("", "—"), *TieRule.choices]
        current = list(self.instance.tie_rules or [])
        for i in range(TIE_SLOTS):
            name = f"tie_{i + 1}"
            self.fields[name] = forms.ChoiceField(label=_("Khi bằng điểm, xét thứ %(number)s") % {"number": i + 1},
                                                  choices=tie_choices,
                                                  required=False, initial=current[i] if i < len(current) else "")
        self.fields["bands_text"].initial = bands_to_text(self.instance.bands or [])
        style_fields(self)
        instance = self.instance
        versions.attach(self, lambda: scale_version(instance.period, instance if instance.pk else None))

    def clean_bands_text(self):
        bands, errors = [], []
        for number, line in enumerate(self.cleaned_data["bands_text"].splitlines(), start=1):
            if not line.strip():
                continue
            label, sep, minimum = line.rpartition(":")
            if not sep or not label.strip():
                errors.append(_("Dòng %(number)s: cần dạng “tên mức: điểm tối thiểu”.") % {"number": number})
                continue
            try:
                value = parse_number(minimum)
            except ValueError as error:
                errors.append(_("Dòng %(number)s: %(error)s") % {"number": number, "error": error})
                continue
            if not (0 <= value <= 100):
                errors.append(_("Dòng %(number)s: điểm tối thiểu phải từ 0 đến 100.") % {"number": number})
                continue
            bands.append({"label": label.strip(), "min": int(value) if value == value.to_integral_value()
                          else float(value)})
        if errors:
            raise forms.ValidationError(errors)
        if not bands:
            raise forms.ValidationError(_("Cần ít nhất một mức xếp loại."))
        return sorted(bands, key=lambda b: b["min"], reverse=True)

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"tie_{i + 1}") for i in range(TIE_SLOTS)]
        chosen = [c for c in chosen if c]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("Mỗi quy tắc xét khi bằng điểm chỉ chọn một lần."))
        data["tie_rules"] = chosen
        return data

    def settings(self) -> dict:
        data = self.cleaned_data
        out = {name: data[name] for name in self.Meta.fields}
        out["bands"] = data["bands_text"]
        out["tie_rules"] = data["tie_rules"]
        return out


# -- the score sheet ------------------------------------------------------------------------------------------

class SelfAssessmentForm(forms.Form):
    """All applicable criteria of one sheet in one form: a value and a comment for each. The inputs sit in the
    sheet's table and belong to the form through the HTML `form` attribute."""

    FORM_ID = "self-form"

    def __init__(self, *args, criteria: list[Criterion], entries: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            entry = entries.get(criterion.pk)
            self.fields[f"value_{criterion.pk}"] = value_field(
                criterion, self.FORM_ID, entry.self_value if entry else None,
                label=_("Số liệu tự chấm, mục %(code)s") % {"code": criterion.code})
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Thuyết minh, mục %(code)s") % {"code": criterion.code}, required=False,
                initial=entry.self_comment if entry else "",
                widget=forms.Textarea(attrs={"rows": 1, "form": self.FORM_ID}))
        style_fields(self)
        style_small(self)

    def values(self) -> dict[int, tuple]:
        return {c.pk: (self.cleaned_data.get(f"value_{c.pk}", ""), self.cleaned_data.get(f"comment_{c.pk}", ""))
                for c in self.criteria}


def style_small(form):
    for field in form.fields.values():
        css = field.widget.attrs.get("class", "")
        field.widget.attrs["class"] = css.replace("form-control", "form-control form-control-sm", 1).replace(
            "form-select", "form-select form-select-sm", 1)


class AppraisalForm(forms.Form):
    def __init__(self, *args, criterion: Criterion, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        start = None
        if entry is not None:
            start = entry.appraised_value if entry.appraised_points is not None else entry.self_value
        self.fields["value"] = value_field(criterion, initial=start, label=_("Số liệu thẩm định"))
        self.fields["reason"] = forms.CharField(
            label=_("Lý do điều chỉnh"), required=False, initial=entry.appraisal_reason if entry else "",
            widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Bắt buộc khi điểm thẩm định khác điểm tự chấm."))
        style_fields(self)
        style_small(self)


class ExplanationForm(StyledForm):
    text = forms.CharField(label=_("Giải trình của đơn vị"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, entry=None, **kwargs):
        if entry is not None and "initial" not in kwargs:
            kwargs["initial"] = {"text": entry.explanation}
        super().__init__(*args, **kwargs)
        style_small(self)


class SecondLookForm(forms.Form):
    def __init__(self, *args, criterion: Criterion, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        start = None
        if entry is not None:
            start = entry.final_value if entry.final_points is not None else entry.appraised_value
        self.fields["value"] = value_field(criterion, initial=start, label=_("Số liệu sau xem xét lại"))
        self.fields["reason"] = forms.CharField(
            label=_("Kết luận xem xét lại"), required=False, initial=entry.final_reason if entry else "",
            widget=forms.Textarea(attrs={"rows": 2}))
        style_fields(self)
        style_small(self)


class EvidenceForm(StyledForm):
    file = forms.FileField(label=_("Tệp minh chứng"), required=False,
                           widget=forms.ClearableFileInput(attrs={
                               "accept": ".pdf,.png,.jpg,.jpeg,.doc,.docx,.xls,.xlsx"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_small(self)


# -- the peer matrix ------------------------------------------------------------------------------------------

class PeerMatrixForm:
    """The peer matrix as typed: one box per (rater, ratee), named p_<rater>_<ratee>. Which raters the user may
    fill is decided by the view; the domain checks every value (0–100, members only, nobody scores itself)."""

    def __init__(self, data=None, *, member_ids: list[int], rater_ids: set[int], saved: dict | None = None):
        self.data, self.member_ids, self.rater_ids = data, member_ids, rater_ids
        self.saved = saved or {}
        self.errors: list[str] = []

    @staticmethod
    def field_name(rater: int, ratee: int) -> str:
        return f"p_{rater}_{ratee}"

    def submitted(self) -> dict[tuple[int, int], str]:
        """(rater, ratee) → the raw text of every box posted; a box for a rater the user may not fill, or not a
        pair of members, is reported in `foreign`."""
        scores, self.foreign = {}, []
        for key, value in (self.data or {}).items():
            if not key.startswith("p_"):
                continue
            try:
                rater, ratee = (int(part) for part in key[2:].split("_"))
            except ValueError:
                self.foreign.append(key)
                continue
            if rater not in self.rater_ids:
                self.foreign.append(key)
                continue
            scores[(rater, ratee)] = value.strip()
        return scores

    def value(self, rater: int, ratee: int) -> str:
        if self.data is not None:
            return self.data.get(self.field_name(rater, ratee), "")
        return input_value(self.saved.get((rater, ratee)))
