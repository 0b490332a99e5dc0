"""The awards' law on its pages (/quy-dinh/): base salaries, rule sets, an award's terms, a province's award names —
added and changed by the system administrator (the province's administrator for the names), validated in
Vietnamese, logged old → new; a salary dated in the future applies from its day and not before."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.awards.domain import law
from thidua.awards.domain.money import CashTable, cash_for, rule_set_on
from thidua.awards.models import Award, AwardLocalName, AwardRecord, AwardTerms, BaseSalary, RuleSet
from thidua.core import dated
from thidua.core.models import Activity
from thidua.demo import builders as b

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def first_of_month_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


@pytest.fixture
def admin(client, make_user):
    user = make_user("quan-tri", (Role.ADMIN, None))
    client.force_login(user)
    return user


def entries(model) -> list[Activity]:
    return list(Activity.objects.filter(target_type__model=model._meta.model_name).order_by("at", "id"))


def nothing_written(before_counts, *models) -> bool:
    return [m.objects.count() for m in models] + [Activity.objects.count()] == before_counts


def counts(*models) -> list[int]:
    return [m.objects.count() for m in models] + [Activity.objects.count()]


# -- a base salary dated in the future ----------------------------------------------------------------------------


def test_a_future_base_salary_applies_from_its_day_and_not_before(client, admin):
    """The issue's example (a new base salary from 1/7/2026), with the day taken from today so that it stays in the
    future: entered on the page today, the cash of a decision today is unchanged; from its day, it changes."""
    ldtt = Award.objects.get(code="ldtt")
    start = first_of_month_after(TODAY, 3)
    today_cash = cash_for(ldtt, "individual", TODAY)[0]
    assert today_cash == 710_000  # 0,3 × 2.340.000 = 702.000, rounded up to 10.000 đồng
    response = client.post(reverse("law:base_salaries_add"), {
        "amount": "2.530.000", "valid_from": f"{start:%d/%m/%Y}", "legal_ref": "Nghị định số mới về lương cơ sở"})
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert cash_for(ldtt, "individual", TODAY)[0] == today_cash
    assert cash_for(ldtt, "individual", start - dt.timedelta(days=1))[0] == today_cash
    assert cash_for(ldtt, "individual", start) == (760_000, "Theo Nghị định 152/2025/NĐ-CP, lương cơ sở 2.530.000 đồng")
    table = CashTable()
    assert (table.cash(ldtt.pk, "individual", TODAY), table.cash(ldtt.pk, "individual", start)) == (710_000, 760_000)
    # the list shows the new salary from its day, the previous one until the day before
    page = client.get(reverse("law:base_salaries"))
    rows = {row.valid_from: row for row in page.context["table"].data}
    assert rows[dt.date(2024, 7, 1)].next_from == start and rows[start].next_from is None
    html = page.content.decode()
    assert "2.530.000" in html and f"{start - dt.timedelta(days=1):%d/%m/%Y}" in html
    [entry] = entries(BaseSalary)
    assert entry.action == "create" and entry.actor == admin and entry.scope == "law"
    assert {"field": "mức lương cơ sở (đồng)", "old": "", "new": "2.530.000"} in entry.changes


def test_a_salary_edit_is_logged_old_to_new(client, admin):
    salary = BaseSalary.objects.get(valid_from=dt.date(2024, 7, 1))
    url = reverse("law:base_salaries_edit", args=[salary.pk])
    form = client.get(url).context["form"]
    response = client.post(url, {"amount": "2.340.000", "valid_from": "01/07/2024",
                                 "legal_ref": "Nghị định 73/2024/NĐ-CP, Điều 3", "version": form["version"].value()})
    assert response.status_code == 302
    [entry] = entries(BaseSalary)
    assert entry.action == "update" and entry.summary == "Sửa mức lương cơ sở"
    assert entry.changes == [{"field": "căn cứ", "old": "Nghị định 73/2024/NĐ-CP",
                              "new": "Nghị định 73/2024/NĐ-CP, Điều 3"}]
    assert "Nghị định 73/2024/NĐ-CP, Điều 3" in client.get(reverse("law:base_salaries")).content.decode()


@pytest.mark.parametrize("data, field, message", [
    ({"amount": "0", "valid_from": "01/01/2030", "legal_ref": "NĐ"}, "amount", "lớn hơn hoặc bằng 1"),
    ({"amount": "-5", "valid_from": "01/01/2030", "legal_ref": "NĐ"}, "amount", "lớn hơn hoặc bằng 1"),
    ({"amount": "2.5", "valid_from": "01/01/2030", "legal_ref": "NĐ"}, "amount", "2.5"),
    ({"amount": "2.530.000", "valid_from": "31/02/2030", "legal_ref": "NĐ"}, "valid_from", "Ngày không hợp lệ"),
    ({"amount": "2.530.000", "valid_from": "01/07/2024", "legal_ref": "NĐ"}, "valid_from", "Đã có"),
    ({"amount": "2.530.000", "valid_from": "01/01/2030", "legal_ref": ""}, "legal_ref", ""),
])
def test_a_bad_salary_is_refused_in_vietnamese_and_writes_nothing(client, admin, data, field, message):
    before = counts(BaseSalary)
    response = client.post(reverse("law:base_salaries_add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert counts(BaseSalary) == before
    assert data["amount"] in response.content.decode()  # what was typed stays in the form


def test_a_salary_a_decision_used_is_kept_with_its_amount(client, admin, s1):
    salary = BaseSalary.objects.get(valid_from=dt.date(2024, 7, 1))
    AwardRecord.objects.create(award=Award.objects.get(code="ldtt"), subject="collective", unit=s1["units"]["ca"],
                               recipient_name="Công an tỉnh", year=2024, level="local", decision_number="1/QĐ",
                               decision_date=dt.date(2024, 8, 1), signed_by="Giám đốc", cash_amount=710_000)
    assert law.salary_uses(salary) == ["sổ khen thưởng"]
    assert law.salary_uses(BaseSalary.objects.get(valid_from=dt.date(2023, 7, 1))) == []  # its period had none
    url = reverse("law:base_salaries_edit", args=[salary.pk])
    page = client.get(url)
    assert page.context["form"].fields["amount"].disabled and "row-in-use" in page.content.decode()
    assert 'id="delete-row"' not in page.content.decode()
    # a posted amount is ignored (the field is disabled); the domain refuses it from any other caller
    client.post(url, {"amount": "9.999.999", "valid_from": "01/07/2024", "legal_ref": "Nghị định 73/2024/NĐ-CP"})
    salary.refresh_from_db()
    assert salary.amount == 2_340_000
    salary.amount = 9_999_999
    with pytest.raises(ValidationError, match="không sửa mức lương cơ sở"):
        law.save_base_salary(salary, admin)
    assert BaseSalary.objects.get(pk=salary.pk).amount == 2_340_000
    before = counts(BaseSalary)
    response = client.post(reverse("law:base_salaries_delete", args=[salary.pk]))
    assert response.status_code == 200 and "Không xóa được" in response.content.decode()
    assert counts(BaseSalary) == before


def test_an_edit_over_a_newer_version_is_refused_with_who_changed_what(client, admin, make_user):
    salary = BaseSalary.objects.get(valid_from=dt.date(2024, 7, 1))
    url = reverse("law:base_salaries_edit", args=[salary.pk])
    loaded = client.get(url).context["form"]["version"].value()
    other = make_user("quan-tri-2", (Role.ADMIN, None))
    salary.legal_ref = "Nghị định 73/2024/NĐ-CP (sửa)"
    law.save_base_salary(salary, other)
    response = client.post(url, {"amount": "2.340.000", "valid_from": "01/07/2024", "legal_ref": "Của tôi",
                                 "version": loaded})
    message = " ".join(response.context["form"].non_field_errors())
    assert "quan-tri-2" in message and "Nghị định 73/2024/NĐ-CP (sửa)" in message
    assert BaseSalary.objects.get(pk=salary.pk).legal_ref == "Nghị định 73/2024/NĐ-CP (sửa)"


# -- rule sets ----------------------------------------------------------------------------------------------------


def test_a_new_rule_set_ends_the_open_one_the_day_before(client, admin):
    start = first_of_month_after(TODAY, 12)
    response = client.post(reverse("law:rule_sets_add"), {"code": "nd-moi", "name": "Nghị định mới",
                                                           "valid_from": f"{start:%d/%m/%Y}"})
    assert response.status_code == 302
    current = RuleSet.objects.get(code="nd152-2025")
    assert current.valid_to == start - dt.timedelta(days=1)
    assert rule_set_on(TODAY) == current and rule_set_on(start).code == "nd-moi"
    created, ended = entries(RuleSet)
    assert created.action == "create" and created.target_label == "Nghị định mới"
    assert ended.summary == f"Kết thúc hiệu lực ngày {start - dt.timedelta(days=1):%d/%m/%Y}: thay bằng “Nghị định mới”"
    assert ended.changes == [{"field": "hết hiệu lực sau ngày", "old": "",
                              "new": f"{start - dt.timedelta(days=1):%d/%m/%Y}"}]


@pytest.mark.parametrize("data, message", [
    ({"code": "nd-x", "name": "X", "valid_from": "01/01/2025", "valid_to": "31/12/2025"}, "Trùng thời gian"),
    ({"code": "nd-x", "name": "X", "valid_from": "01/01/2030", "valid_to": "31/12/2029"}, "phải từ ngày bắt đầu"),
    ({"code": "nd152-2025", "name": "X", "valid_from": "01/01/2040"}, "đã có"),
])
def test_a_bad_rule_set_is_refused_and_writes_nothing(client, admin, data, message):
    before = counts(RuleSet)
    response = client.post(reverse("law:rule_sets_add"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert counts(RuleSet) == before
    assert RuleSet.objects.get(code="nd152-2025").valid_to is None


def test_a_rule_set_in_use_is_ended_not_deleted(client, admin):
    rule_set = RuleSet.objects.get(code="nd98-2023")
    page = client.get(reverse("law:rule_sets_delete", args=[rule_set.pk]))
    assert "Không xóa được" in page.content.decode() and "quy định theo thời kỳ" in page.content.decode()
    assert client.post(reverse("law:rule_sets_delete", args=[rule_set.pk])).status_code == 200
    assert RuleSet.objects.filter(pk=rule_set.pk).exists()
    # ending it later than the next set starts is refused; the day before is what it already is
    url = reverse("law:rule_sets_end", args=[rule_set.pk])
    response = client.post(url, {"last_day": "31/12/2025"})
    assert "Trùng thời gian" in response.content.decode()
    assert RuleSet.objects.get(pk=rule_set.pk).valid_to == dt.date(2025, 6, 30)


def test_a_rule_set_typed_by_mistake_is_deleted_and_logged(client, admin):
    client.post(reverse("law:rule_sets_add"), {"code": "nham", "name": "Nhập nhầm", "valid_from": "01/01/2010",
                                               "valid_to": "31/12/2010"})
    row = RuleSet.objects.get(code="nham")
    assert client.post(reverse("law:rule_sets_delete", args=[row.pk])).status_code == 302
    assert not RuleSet.objects.filter(code="nham").exists()
    deleted = entries(RuleSet)[-1]
    assert deleted.action == "delete" and deleted.target_label == "Nhập nhầm"
    assert {"field": "văn bản", "old": "Nhập nhầm", "new": ""} in deleted.changes


# -- terms --------------------------------------------------------------------------------------------------------


def test_terms_are_edited_and_logged(client, admin):
    terms = AwardTerms.objects.get(award__code="ldtt", rule_set__code="nd152-2025")
    url = reverse("law:award_terms_edit", args=[terms.pk])
    version = client.get(url).context["form"]["version"].value()
    response = client.post(url, {"decided_by": terms.decided_by, "rank": "20", "cash_individual": "0,35",
                                 "article": terms.article, "version": version})
    assert response.status_code == 302, response.context["form"].errors
    terms.refresh_from_db()
    assert terms.cash_individual == Decimal("0.35") and terms.award.code == "ldtt"
    [entry] = entries(AwardTerms)
    assert entry.changes == [{"field": "hệ số tiền thưởng cá nhân", "old": "0,3", "new": "0,35"}]


@pytest.mark.parametrize("change, field, message", [
    ({"award": "ldtt"}, "award", "đã có quy định theo"),
    ({"cash_individual": "0"}, "cash_individual", "lớn hơn 0"),
    ({"cash_individual": "-1,5"}, "cash_individual", "lớn hơn 0"),
    ({"rank": "0"}, "rank", "Thứ bậc"),
])
def test_bad_terms_are_refused_and_write_nothing(client, admin, change, field, message):
    rule_set = RuleSet.objects.create(code="nd-thu", name="Nghị định thử", valid_from=dt.date(2040, 1, 1))
    data = {"award": Award.objects.get(code="gk").pk, "rule_set": rule_set.pk, "rank": "18", "cash_individual": "0,3",
            "article": "Điều 1"}
    if change.get("award"):
        AwardTerms.objects.create(award=Award.objects.get(code="ldtt"), rule_set=rule_set)
        change = {"award": Award.objects.get(code="ldtt").pk}
    before = counts(AwardTerms)
    response = client.post(reverse("law:award_terms_add"), {**data, **change})
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert counts(AwardTerms) == before


# -- a province's names for catalogue awards ----------------------------------------------------------------------


def test_a_province_names_its_flag_and_renames_it_from_a_later_day(client, s1, make_user):
    staff = make_user("tdkt-ls", (Role.ORGANISER_STAFF, s1["organiser"]))
    client.force_login(staff)
    flag = Award.objects.get(code="co-tinh")
    add = reverse("law:local_names_add")
    form = client.get(add).context["form"]
    assert list(form.fields["organiser"].queryset) == [s1["organiser"]]
    response = client.post(add, {"organiser": s1["organiser"].pk, "award": flag.pk, "name": "Cờ thi đua của UBND tỉnh",
                                 "valid_from": "01/01/2024", "decision_ref": "Quyết định 1/2024/QĐ-UBND"})
    assert response.status_code == 302
    response = client.post(add, {"organiser": s1["organiser"].pk, "award": flag.pk,
                                 "name": "Cờ thi đua của Ủy ban nhân dân tỉnh Lạng Sơn", "valid_from": "01/07/2025",
                                 "decision_ref": "Quyết định 9/2025/QĐ-UBND"})
    assert response.status_code == 302
    first, second = AwardLocalName.objects.order_by("valid_from")
    assert first.valid_to == dt.date(2025, 6, 30) and second.valid_to is None
    assert law.local_name_on(s1["organiser"].pk, flag.pk, dt.date(2025, 6, 30)) == "Cờ thi đua của UBND tỉnh"
    assert law.local_name_on(s1["organiser"].pk, flag.pk, TODAY) == "Cờ thi đua của Ủy ban nhân dân tỉnh Lạng Sơn"
    assert law.local_name_on(s1["organiser"].pk, flag.pk, dt.date(2023, 12, 31)) is None
    assert {e.scope for e in entries(AwardLocalName)} == {f"law:{s1['organiser'].pk}"}
    # another province's names are its own: the same award, the same days
    other = b.organiser("ubnd-khac", "UBND tỉnh khác", "province")
    client.force_login(make_user("tdkt-khac", (Role.ORGANISER_STAFF, other)))
    response = client.post(add, {"organiser": other.pk, "award": flag.pk, "name": "Cờ thi đua của tỉnh khác",
                                 "valid_from": "01/01/2024", "decision_ref": "QĐ"})
    assert response.status_code == 302


def test_an_overlapping_local_name_is_refused(client, s1, make_user):
    client.force_login(make_user("tdkt-ls", (Role.ORGANISER_STAFF, s1["organiser"])))
    flag = Award.objects.get(code="co-tinh")
    AwardLocalName.objects.create(organiser=s1["organiser"], award=flag, name="Tên cũ", valid_from=dt.date(2024, 1, 1),
                                  valid_to=dt.date(2024, 12, 31), decision_ref="QĐ")
    before = counts(AwardLocalName)
    response = client.post(reverse("law:local_names_add"), {
        "organiser": s1["organiser"].pk, "award": flag.pk, "name": "Tên mới", "valid_from": "01/06/2024",
        "decision_ref": "QĐ"})
    assert "Trùng thời gian với “Tên cũ” (từ 01/01/2024 đến 31/12/2024)" in response.content.decode()
    assert counts(AwardLocalName) == before


def test_periods_rule_without_the_database():
    """check_periods on plain rows: shared days refused, an open earlier row ended, rows without an end by day."""
    class Row:
        def __init__(self, pk, start, end=None):
            self.pk, self.valid_from, self.valid_to = pk, start, end

        def __str__(self):
            return f"row {self.pk}"

    d = dt.date
    old = Row(1, d(2024, 1, 1))
    assert dated.check_periods(Row(None, d(2025, 1, 1)), [old]) is old
    with pytest.raises(ValidationError, match="Trùng thời gian"):
        dated.check_periods(Row(None, d(2025, 1, 1)), [old], end_open_rows=False)
    with pytest.raises(ValidationError, match="Trùng thời gian"):  # an open row that starts later is not ended
        dated.check_periods(Row(None, d(2023, 1, 1)), [old])
    closed = Row(2, d(2024, 1, 1), d(2024, 12, 31))
    assert dated.check_periods(Row(None, d(2025, 1, 1)), [closed]) is None
    assert dated.check_periods(Row(None, d(2023, 1, 1), d(2023, 12, 31)), [closed]) is None
    with pytest.raises(ValidationError, match="Trùng thời gian"):
        dated.check_periods(Row(None, d(2023, 1, 1), d(2024, 1, 1)), [closed])  # one shared day is enough
    with pytest.raises(ValidationError, match="phải từ ngày bắt đầu"):
        dated.check_periods(Row(None, d(2025, 1, 2), d(2025, 1, 1)), [])
    assert dated.check_periods(Row(2, d(2024, 1, 1), d(2024, 6, 30)), [closed]) is None  # itself does not count
    by_day = dated.Dating(end=None)
    assert dated.check_periods(Row(None, d(2025, 1, 1)), [old], by_day) is None
    with pytest.raises(ValidationError, match="Đã có"):
        dated.check_periods(Row(None, d(2024, 1, 1)), [old], by_day)
