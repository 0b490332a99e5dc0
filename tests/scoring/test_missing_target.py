"""Self-assessment never dead-ends (issue 12 item 3): a quantitative criterion without a registered target does not
reject the whole self-assessment — the figure is saved, flagged “chưa đăng ký chỉ tiêu” for the head unit, who
gives its points at the appraisal with a reason; every message says what to do; a criterion's code is put before
a message once, not twice."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.core.models import Activity
from thidua.movements.domain import covenants
from thidua.scoring.domain import sheets
from thidua.scoring.enums import CriterionType as T
from thidua.scoring.models import ScoreEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(s1, make_user):
    """S1's block in 2026: criterion 2.3 is quantitative; Công an registered no target for it, VKS did."""
    units = s1["units"]
    period = create_period(s1["cluster"], 2026)
    add_members(period, [units[k] for k in ("tand", "ca", "vks")])
    set_leader(period, "head", units["tand"])
    cset = sheets.ensure_criteria_set(period)
    c = {"group": sheets.add_criterion(cset, "2", "Công tác thi đua", T.GROUP, 20)}
    c["q"] = sheets.add_criterion(cset, "2.3", "Tỷ lệ khen thưởng người lao động trực tiếp", T.QUANTITATIVE, 10,
                                  parent=c["group"])
    c["a"] = sheets.add_criterion(cset, "2.4", "Báo cáo đúng hạn", T.PASS_FAIL, 10, parent=c["group"])
    advance_to(period, Phase.REGISTRATION)
    covenants.register(period, units["ca"], "Tập thể lao động xuất sắc", [])  # no target for 2.3
    covenants.register(period, units["vks"], "Tập thể lao động xuất sắc", [
        {"name": "Tỷ lệ khen thưởng", "unit_of_measure": "%", "target_value": 70, "criterion": c["q"]}])
    advance_to(period, Phase.SCORING, reason="Kiểm thử: giao ước chưa ký")
    users = SimpleNamespace(head=make_user("truong-khoi", (Role.HEAD_STAFF, units["tand"])),
                            ca=make_user("can-bo-ca", (Role.UNIT_OFFICER, units["ca"])))
    return SimpleNamespace(period=period, units=units, c=c, users=users,
                           sheet=sheets.get_sheet(period, units["ca"]))


def test_a_figure_without_a_target_is_saved_and_flagged(year):
    sheet, c = year.sheet, year.c
    sheets.save_self_assessment(sheet, {c["q"].pk: (85, "Theo báo cáo năm"), c["a"].pk: (1, "")})
    entry = ScoreEntry.objects.get(sheet=sheet, criterion=c["q"])
    assert entry.self_value == 85 and entry.self_points is None  # kept, not scored by itself
    assert ScoreEntry.objects.get(sheet=sheet, criterion=c["a"]).self_points == 10  # the rest saved as ever
    assert sheets.missing_targets(sheet) == [c["q"]]
    assert "chưa đăng ký chỉ tiêu, chưa tính điểm: tiêu chí 2.3" in Activity.objects.latest("id").summary
    sheets.submit_self_assessment(sheet)  # and the sheet can be sent
    vks = sheets.get_sheet(year.period, year.units["vks"])
    sheets.save_self_assessment(vks, {c["q"].pk: (63, "")})
    assert ScoreEntry.objects.get(sheet=vks, criterion=c["q"]).self_points == 9  # 63/70 × 10 with its target
    assert sheets.missing_targets(vks) == []


def test_a_criterions_code_is_put_before_its_message_once(year):
    sheet, c = year.sheet, year.c
    for bad, message in (({c["a"].pk: (2, "")}, "Tiêu chí 2.4: Tiêu chí đạt/không đạt chỉ nhận 1 (đạt) hoặc 0"),
                         ({c["q"].pk: (-5, "")}, "Tiêu chí 2.3: Số liệu không được âm."),
                         ({c["q"].pk: ("abc", "")}, "Tiêu chí 2.3: ")):
        with pytest.raises(ValidationError) as refused:
            sheets.save_self_assessment(sheet, bad)
        [text] = refused.value.messages
        assert text.startswith(message) and text.count("Tiêu chí 2.") == 1
    assert not ScoreEntry.objects.filter(sheet=sheet).exists()


def _appraisal_ready(year):
    sheet, c = year.sheet, year.c
    sheets.save_self_assessment(sheet, {c["q"].pk: (85, ""), c["a"].pk: (1, "")})
    sheets.submit_self_assessment(sheet)
    advance_to(year.period, Phase.APPRAISAL)
    return ScoreEntry.objects.get(sheet=sheet, criterion=c["q"])


def test_the_head_gives_the_points_with_a_reason(year):
    entry = _appraisal_ready(year)
    with pytest.raises(ValidationError) as refused:
        sheets.appraise_entry(entry, 7, "")
    assert refused.value.messages == [
        "Tiêu chí 2.3: đơn vị chưa đăng ký chỉ tiêu nên số liệu chưa tính điểm; ghi số điểm thẩm định (từ 0 đến 10) "
        "và lý do."]
    with pytest.raises(ValidationError, match="Tiêu chí 2.3: chưa đăng ký chỉ tiêu, nên ghi thẳng số điểm, từ 0 đến 10"):
        sheets.appraise_entry(entry, 11, "Quá mức")
    sheets.appraise_entry(entry, 7, "Đối chiếu báo cáo: đạt 85%, tương đương 7 điểm")
    entry.refresh_from_db()
    assert (entry.appraised_value, entry.appraised_points, entry.points) == (85, 7, 7)
    assert sheets.missing_targets(year.sheet) == []


def test_the_sheet_is_not_locked_with_a_figure_still_without_points(year):
    entry = _appraisal_ready(year)
    sheets.appraise_entry(ScoreEntry.objects.get(sheet=year.sheet, criterion=year.c["a"]), 1, "")
    with pytest.raises(ValidationError) as refused:
        sheets.lock_sheet(year.sheet)
    assert refused.value.messages == ["Tiêu chí 2.3: đơn vị chưa đăng ký chỉ tiêu, số liệu tự chấm chưa tính điểm; "
                                      "ghi điểm thẩm định (kèm lý do) trước khi khóa phiếu."]
    sheets.appraise_entry(entry, 6, "Theo báo cáo")
    sheets.lock_sheet(year.sheet)


def test_the_pages_say_what_to_do(year, client_for):
    c, period, unit = year.c, year.period, year.units["ca"]
    url = reverse("scoring:sheet", args=[period.pk, unit.pk])
    response = client_for(year.users.ca).post(url, {
        "action": "save", f"value_{c['q'].pk}": "85", f"comment_{c['q'].pk}": "", f"value_{c['a'].pk}": "1",
        f"comment_{c['a'].pk}": ""}, follow=True)
    page = response.content.decode()
    assert "Đã lưu phần tự chấm. Tiêu chí 2.3 chưa đăng ký chỉ tiêu: số liệu đã lưu nhưng chưa tính điểm; đơn vị " \
           "Khối trưởng sẽ cho điểm khi thẩm định." in page
    assert "Tiêu chí 2.3: Tiêu chí 2.3" not in page
    assert ScoreEntry.objects.get(sheet=year.sheet, criterion=c["q"]).self_value == 85
    sheets.submit_self_assessment(year.sheet)
    advance_to(period, Phase.APPRAISAL)
    page = client_for(year.users.head).get(url).content.decode()
    assert 'class="badge bg-warning-lt text-wrap missing-target"' in page
    assert "Chưa đăng ký chỉ tiêu: số liệu đã lưu, chưa tính điểm; đơn vị Khối trưởng cho điểm khi thẩm định." in page
    assert "Điểm thẩm định (0–10; đơn vị chưa đăng ký chỉ tiêu, ghi kèm lý do)" in page
    response = client_for(year.users.head).post(url, {"action": "appraise", "criterion": c["q"].pk,
                                                      f"a{c['q'].pk}-value": "7", f"a{c['q'].pk}-reason": ""})
    page = response.content.decode()
    assert response.status_code == 200 and "ghi số điểm thẩm định (từ 0 đến 10) và lý do" in page


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses such a value when it is written")
def test_a_figure_stored_out_of_range_without_a_target_is_repaired_not_refused(year):
    """The repair of a stored figure follows the same rule: no registered target, no points by itself."""
    from thidua.scoring.domain import repair

    sheet, c = year.sheet, year.c
    sheets.save_self_assessment(sheet, {c["q"].pk: (85, "")})
    with connection.cursor() as cursor:  # as an older version or a database tool wrote it
        cursor.execute("UPDATE scoring_scoreentry SET self_value = 1000000000000 WHERE criterion_id = %s", [c["q"].pk])
    entry = ScoreEntry.objects.get(sheet=sheet, criterion=c["q"])
    repair.repair_value(sheet, entry.pk, "self", "85")
    entry.refresh_from_db()
    assert (entry.self_value, entry.self_points) == (85, None)
    assert sheets.missing_targets(sheet) == [c["q"]]
