"""Forms of a conference record: its facts and secretary, the lists of chairs, guests and decisions (rows; a
blank row is skipped), the attending members as checkboxes with one representative row per member.

A chair, the secretary or a representative is picked from the people records (the members' working leaders and
managers, read in one query: `MemberPeople`) or typed. A picked person's name, rank and position are copied by
the domain as of the conference date; a rank or position typed in the row wins (what the records do not know).
Each row carries, hidden, the person and the rank and position it was shown with (`was`): when the officer picks
another person and leaves the boxes as they were, they are emptied so that the new person's are copied."""

from collections.abc import Collection
from dataclasses import dataclass, field

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.clusters.domain.words import kind_words
from thidua.core.forms import RowForm, StyledForm, date_field, row_formset
from thidua.meetings.domain.people import with_rank
from thidua.meetings.enums import ConferenceKind, DecisionKind
from thidua.orgs.enums import PersonStatus, WorkerCategory
from thidua.orgs.models import Person, Unit

PEOPLE_HINT = _("Chọn trong hồ sơ cá nhân (lãnh đạo, quản lý đang công tác của các đơn vị thành viên) hoặc ghi họ "
                "tên nếu chưa có hồ sơ. Cấp bậc, chức vụ để trống thì lấy theo hồ sơ tại ngày họp.")


def next_leaders_label(leaders: str) -> str:
    """The decision that elects next year's head and deputy, in the cluster's words."""
    return _("Bầu %(leaders)s năm sau") % {"leaders": leaders}


def person_label(person: Person) -> str:
    label = with_rank(person.full_name, person.rank)
    return f"{label} — {person.position}" if person.position else label


@dataclass
class MemberPeople:
    """The people a conference's rows may pick: the members' working leaders and managers, and whoever the
    conference already names (one query)."""

    members: list[Unit]
    by_id: dict[int, Person] = field(default_factory=dict)
    by_unit: dict[int, list[Person]] = field(default_factory=dict)

    @classmethod
    def load(cls, members: list[Unit], named_ids: Collection[int] = ()) -> "MemberPeople":
        found = cls(members)
        member_ids = [u.pk for u in members]
        leaders = Q(unit_id__in=member_ids, status=PersonStatus.WORKING, category=WorkerCategory.LEADER)
        for person in Person.objects.filter(leaders | Q(pk__in=named_ids, unit_id__in=member_ids)).order_by(
                "sort_key", "pk"):
            found.by_id[person.pk] = person
            found.by_unit.setdefault(person.unit_id, []).append(person)
        return found

    def of_unit(self, unit_id: int) -> list[tuple[int, str]]:
        return [(p.pk, person_label(p)) for p in self.by_unit.get(unit_id, [])]

    def grouped(self) -> list[tuple[str, list[tuple[int, str]]]]:
        """Every member's people, one group per member."""
        return [(u.name, self.of_unit(u.pk)) for u in self.members if u.pk in self.by_unit]


class PersonField(forms.ChoiceField):
    """A person picked from a list given by the form; cleaned to the Person, None when none is picked."""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        self.people: dict[int, Person] = {}

    def offer(self, people: dict[int, Person], choices: list) -> None:
        self.people = people
        self.choices = [("", _("— Ghi tên —")), *choices]

    def clean(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.people[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": value}) from None


def was_value(person_id, rank: str, position: str) -> str:
    """The hidden `was` of a row: the person and the rank and position the row was shown with."""
    return "|".join([str(person_id or ""), rank or "", position or ""])


def forget_previous_person(data: dict, was: str, title_key: str) -> None:
    """Another person picked, the rank and title boxes left as they were: empty them, so the new person's are
    copied (a value the officer changed is kept)."""
    if not was:
        return
    person_was, _sep, rest = was.partition("|")
    rank_was, _sep, title_was = rest.partition("|")
    person = data.get("person")
    if str(person.pk if person else "") == person_was:
        return
    for key, previous in (("rank", rank_was), (title_key, title_was)):
        if (data.get(key) or "") == previous:
            data[key] = ""


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ConferenceForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại hội nghị"), choices=ConferenceKind.choices, initial=ConferenceKind.YEAR_END)
    title = forms.CharField(label=_("Tên hội nghị"), max_length=400,
                            error_messages={"required": _("Cần ghi tên hội nghị.")})
    held_on = date_field(_("Ngày họp"))
    time_of_day = forms.CharField(label=_("Thời gian"), max_length=60, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: buổi sáng, 14 giờ")}))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    host = MemberChoiceField(label=_("Đơn vị đăng cai"), queryset=Unit.objects.none(), required=False,
                             empty_label=_("— Chưa ghi —"),
                             help_text=_("Có thể là bất kỳ thành viên nào, không nhất thiết là trưởng cụm."))
    basis = forms.CharField(label=_("Căn cứ tổ chức"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("Ví dụ: Hướng dẫn số 243/HD-SNV ngày 16/11/2023 của Sở Nội vụ"))
    agenda = forms.CharField(label=_("Chương trình"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    minutes = forms.CharField(label=_("Biên bản, nội dung chính"), required=False,
                              widget=forms.Textarea(attrs={"rows": 5}))
    ends_at = forms.CharField(label=_("Giờ kết thúc"), max_length=60, required=False,
                              widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: 11 giờ 30 phút")}))
    secretary_person = PersonField(label=_("Thư ký (chọn trong hồ sơ)"),
                                   error_messages={"invalid_choice": _("Thư ký được chọn không thuộc đơn vị thành "
                                                                       "viên nào năm này.")})
    secretary_name = forms.CharField(label=_("Thư ký (họ và tên)"), max_length=120, required=False)
    secretary_rank = forms.CharField(label=_("Cấp bậc"), max_length=60, required=False)
    secretary_title = forms.CharField(label=_("Chức vụ"), max_length=255, required=False)
    secretary_was = forms.CharField(required=False, widget=forms.HiddenInput)
    attending_units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị dự"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Đơn vị dự phải là thành viên của cụm năm này.")})

    def __init__(self, *args, period, people: MemberPeople, **kwargs):
        super().__init__(*args, **kwargs)
        members = Unit.objects.filter(memberships__period=period).order_by("sort_key", "pk")
        self.fields["secretary_person"].offer(people.by_id, people.grouped())
        self.fields["host"].queryset = members
        self.fields["host"].error_messages["invalid_choice"] = (
            _("Đơn vị đăng cai phải là thành viên của %(word)s năm %(year)s.")
            % {"word": kind_words(period.cluster.kind).word, "year": period.year})
        self.fields["attending_units"].queryset = members
        self.fields["attending_units"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        secretary = {"person": data.get("secretary_person"), "rank": data.get("secretary_rank", ""),
                     "title": data.get("secretary_title", "")}
        forget_previous_person(secretary, data.get("secretary_was", ""), "title")
        data["secretary_rank"], data["secretary_title"] = secretary["rank"], secretary["title"]
        named = secretary["person"] is not None or (data.get("secretary_name") or "").strip()
        if not named and (secretary["rank"] or secretary["title"]) and "secretary_person" not in self.errors:
            self.add_error("secretary_name", _("Cần ghi họ tên thư ký hoặc chọn trong hồ sơ."))
        return data

    def secretary(self) -> dict | None:
        data = self.cleaned_data
        if data.get("secretary_person") is None and not data.get("secretary_name", "").strip():
            return None
        return {"person": data.get("secretary_person"), "name": data.get("secretary_name", "").strip(),
                "rank": data.get("secretary_rank", "").strip(), "title": data.get("secretary_title", "").strip()}


class ChairForm(RowForm):
    person = PersonField(label=_("Chọn trong hồ sơ"),
                         error_messages={"invalid_choice": _("Người được chọn không thuộc đơn vị thành viên nào.")})
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    rank = forms.CharField(label=_("Cấp bậc"), max_length=60)
    title = forms.CharField(label=_("Chức vụ"), max_length=255)
    unit = MemberChoiceField(label=_("Đơn vị"), queryset=None, empty_label="—")
    cluster_role = forms.CharField(label=_("Vai trò trong cụm"), max_length=120,
                                   widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Trưởng cụm")}))
    was = forms.CharField(widget=forms.HiddenInput)
    ignore_for_blank = ("was",)

    def __init__(self, *args, members, people: MemberPeople, role_example: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = members
        self.fields["unit"].error_messages["invalid_choice"] = _("Đơn vị của người chủ trì phải là thành viên của cụm.")
        self.fields["person"].offer(people.by_id, people.grouped())
        if role_example:
            self.fields["cluster_role"].widget.attrs["placeholder"] = _("Ví dụ: %(role)s") % {"role": role_example}

    def clean_row(self, data):
        forget_previous_person(data, data.get("was", ""), "title")
        if data.get("person") is None:
            self.need(data, "name", _("Cần ghi họ tên người chủ trì hoặc chọn trong hồ sơ."))
            self.need(data, "title", _("Cần ghi chức vụ người chủ trì."))


class GuestForm(RowForm):
    name = forms.CharField(label=_("Họ và tên"), max_length=120)
    title = forms.CharField(label=_("Chức vụ"), max_length=255)
    organisation = forms.CharField(label=_("Cơ quan"), max_length=255)

    def clean_row(self, data):
        self.need(data, "organisation", _("Cần ghi cơ quan của khách mời."))


class DecisionForm(RowForm):
    kind = forms.ChoiceField(label=_("Loại quyết định"), choices=[("", _("— Chọn —")), *DecisionKind.choices])
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, leaders: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if leaders:  # "Bầu Khối trưởng, Khối phó năm sau" for a block
            self.fields["kind"].choices = [
                (value, next_leaders_label(leaders) if value == DecisionKind.NEXT_LEADERS else label)
                for value, label in self.fields["kind"].choices]

    def clean_row(self, data):
        self.need(data, "kind", _("Chọn loại quyết định."))
        self.need(data, "text", _("Cần ghi nội dung quyết định."))


class RepresentativeForm(RowForm):
    """The representative of one attending member: picked from its people or typed."""

    person = PersonField(label=_("Chọn trong hồ sơ"),
                         error_messages={"invalid_choice": _("Người được chọn không thuộc đơn vị này.")})
    name = forms.CharField(label=_("Họ và tên"), max_length=255)
    rank = forms.CharField(label=_("Cấp bậc"), max_length=60)
    position = forms.CharField(label=_("Chức vụ"), max_length=255)
    was = forms.CharField(widget=forms.HiddenInput)
    unit = forms.CharField(widget=forms.HiddenInput)  # the member the row was shown for (see representative_rows)
    ignore_for_blank = ("was", "unit")

    def __init__(self, *args, unit: Unit, people: MemberPeople, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.initial["unit"] = unit.pk
        mine = {p.pk: p for p in people.by_unit.get(unit.pk, [])}
        self.fields["person"].offer(mine, people.of_unit(unit.pk))
        for name in ("person", "name", "rank", "position"):
            self.fields[name].widget.attrs["aria-label"] = f"{self.fields[name].label} — {unit.name}"

    def clean_row(self, data):
        forget_previous_person(data, data.get("was", ""), "position")

    def representative(self) -> dict:
        data = self.cleaned_data
        return {"person": data.get("person"), "name": (data.get("name") or "").strip(),
                "rank": (data.get("rank") or "").strip(), "position": (data.get("position") or "").strip()}


MEMBERS_CHANGED = _("Danh sách đơn vị thành viên của năm đã thay đổi từ khi mở trang này (có đơn vị được thêm "
                    "hoặc bỏ). Người đại diện đã được xếp lại theo đúng đơn vị của mình, người đại diện của đơn vị "
                    "không còn là thành viên đã bị bỏ; hãy kiểm tra lại rồi bấm “Lưu hội nghị”. Chưa lưu gì.")


class RepresentativeRows(forms.BaseFormSet):
    """One representative row per member, in the members' order. The unit of a row is the member at its place;
    each row also posts the id of the unit it was shown for, and a POST whose ids no longer match the members
    (one added or removed since the form was opened) is refused rather than shifting the rows to a neighbour."""

    members_changed = False

    def __init__(self, *args, members: list[Unit], people: MemberPeople, **kwargs):
        self.members, self.people = members, people
        super().__init__(*args, **kwargs)

    def clean(self):
        if self.members_changed:
            raise forms.ValidationError(MEMBERS_CHANGED, code="members_changed")

    def get_form_kwargs(self, index):
        # index None: Django's empty form, which no page of ours shows
        return {"unit": self.members[index] if index is not None else Unit(), "people": self.people}

    def representatives(self) -> dict[int, dict]:
        """unit id → its representative, for the rows filled in (call after is_valid())."""
        return {form.unit.pk: form.representative() for form in self.forms if not form.is_blank()}


def representative_rows(members: list[Unit], people: MemberPeople, data=None, initial=None) -> RepresentativeRows:
    """The representatives' rows bound to the POST (a POST without them, from an older form, reads as none
    named) or showing `initial`."""
    count = len(members)
    formset_class = forms.formset_factory(RepresentativeForm, formset=RepresentativeRows, extra=0, max_num=count,
                                          absolute_max=count)
    if data is not None:
        changed = False
        if "reps-TOTAL_FORMS" not in data:
            data = data.copy()
            data.update({"reps-TOTAL_FORMS": str(count), "reps-INITIAL_FORMS": "0"})
        else:
            data, changed = _rows_by_unit(data, members)
        rows = formset_class(data, prefix="reps", members=members, people=people)
        rows.members_changed = changed
        return rows
    return formset_class(initial=initial or [{} for _unit in members], prefix="reps", members=members, people=people)


REPRESENTATIVE_FIELDS = ("person", "name", "rank", "position", "was")


def _rows_by_unit(data, members: list[Unit]) -> tuple:
    """The posted representatives' rows and whether they still match the members: when the posted unit ids differ
    from the members' (a member added or removed since the form was opened), the rows are rebuilt in the members'
    order, each from the row posted for that unit (a row posted without an id keeps its place), so the form shown
    again puts every name against its own unit and the next save matches."""
    try:
        total = min(int(data.get("reps-TOTAL_FORMS") or 0), len(members) + 100)
    except ValueError:
        total = 0
    posted = [str(data.get(f"reps-{i}-unit") or "") for i in range(total)]
    if posted == [str(unit.pk) for unit in members]:
        return data, False
    where = {}
    for i, unit_id in enumerate(posted):
        where.setdefault(unit_id, i)
    rebuilt = data.copy()
    for key in [key for key in rebuilt if key.startswith("reps-")]:
        del rebuilt[key]
    rebuilt.update({"reps-TOTAL_FORMS": str(len(members)), "reps-INITIAL_FORMS": "0"})
    for j, unit in enumerate(members):
        i = where.get(str(unit.pk))
        if i is None and j < total and not posted[j]:
            i = j
        for name in REPRESENTATIVE_FIELDS:
            rebuilt[f"reps-{j}-{name}"] = data.get(f"reps-{i}-{name}", "") if i is not None else ""
        rebuilt[f"reps-{j}-unit"] = str(unit.pk)
    return rebuilt, True


ChairFormSet = row_formset(ChairForm, max_num=20)
GuestFormSet = row_formset(GuestForm, max_num=50)
DecisionFormSet = row_formset(DecisionForm, max_num=50)
