"""The scoring pages: who may see and do what in each view and phase, bad input refused with a Vietnamese
message and nothing saved, the lock, and pages whose query count does not grow with criteria or members."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.demo import builders as b
from thidua.movements.domain import covenants
from thidua.scoring.domain import sheets
from thidua.scoring.enums import CriterionType as T
from thidua.scoring.enums import SheetState
from thidua.scoring.models import (
    CriteriaSet,
    Criterion,
    CriterionExclusion,
    Evidence,
    PeerScore,
    ScoreEntry,
    ScoreSheet,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 minh chung"


@pytest.fixture
def year(s1, settings, tmp_path, make_user):
    """S1's cluster in a year of its own (2026): TAND tỉnh heads, Công an and VKS are the other members.
    Criterion 4 does not apply to VKS. Users of every kind, right and wrong."""
    settings.MEDIA_ROOT = tmp_path
    units = s1["units"]
    period = create_period(s1["cluster"], 2026)
    add_members(period, [units[k] for k in ("tand", "ca", "vks")])
    set_leader(period, "head", units["tand"])
    cset = sheets.ensure_criteria_set(period)
    c = {
        "q": sheets.add_criterion(cset, "1", "Hoàn thành chỉ tiêu chuyên môn", T.QUANTITATIVE, 30),
        "a": sheets.add_criterion(cset, "2", "Báo cáo đúng hạn", T.PASS_FAIL, 20),
        "b": sheets.add_criterion(cset, "3", "Sáng kiến", T.PER_OCCURRENCE, 40, points_per_occurrence=10),
        "bonus": sheets.add_criterion(cset, "4", "Điểm thưởng", T.BONUS, 5),
        "d": sheets.add_criterion(cset, "5", "Khối chuyên trách", T.PASS_FAIL, 10),
    }
    sheets.exclude_criterion(c["d"], units["vks"], "Không có bộ phận chuyên trách")
    advance_to(period, Phase.REGISTRATION)
    for key in ("tand", "ca", "vks"):
        covenants.register(period, units[key], "Tập thể lao động xuất sắc", [
            {"name": "Tỷ lệ hoàn thành chỉ tiêu", "unit_of_measure": "%", "target_value": 100, "criterion": c["q"]}])
    other_organiser = b.organiser("ubnd-khac", "Ủy ban nhân dân tỉnh khác", "province", area_code="lang-son")
    users = SimpleNamespace(
        head=make_user("truong-cum", (Role.HEAD_STAFF, units["tand"])),
        ca=make_user("can-bo-ca", (Role.UNIT_OFFICER, units["ca"])),
        vks=make_user("can-bo-vks", (Role.UNIT_OFFICER, units["vks"])),
        ca_leader=make_user("lanh-dao-ca", (Role.LEADER, units["ca"])),
        vks_leader=make_user("lanh-dao-vks", (Role.LEADER, units["vks"])),
        organiser=make_user("so-noi-vu", (Role.ORGANISER_STAFF, s1["organiser"])),
        other_organiser=make_user("tinh-khac", (Role.ORGANISER_STAFF, other_organiser)),
        outsider=make_user("can-bo-snv", (Role.UNIT_OFFICER, units["snv"])),
        nobody=make_user("khong-vai-tro"),
    )
    return SimpleNamespace(period=period, units=units, c=c, cset=cset, users=users)


def self_values(y, unit_key="ca", bonus=3):
    c = y.c
    values = {c["q"].pk: (95, "Hoàn thành 95%"), c["a"].pk: (1, ""), c["b"].pk: (2, "Hai sáng kiến"),
              c["bonus"].pk: (bonus, "")}
    if unit_key != "vks":
        values[c["d"].pk] = (1, "")
    return values


def submitted(y, *unit_keys, phase=Phase.APPRAISAL):
    """Move to self-scoring, self-assess and submit the given units' sheets, then move on to `phase`."""
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    out = {}
    for key in unit_keys:
        sheet = sheets.get_sheet(y.period, y.units[key])
        sheets.save_self_assessment(sheet, self_values(y, key))
        sheets.submit_self_assessment(sheet)
        out[key] = sheet
    advance_to(y.period, phase, reason="kiểm thử")
    y.period.refresh_from_db()
    return out


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def post(client, user, url, data, **extra):
    client.force_login(user)
    return client.post(url, data, **extra)


def sheet_url(y, key="ca"):
    return reverse("scoring:sheet", args=[y.period.pk, y.units[key].pk])


def text(response) -> str:
    return response.content.decode()


def statuses(client, y, url, names):
    return {name: get(client, getattr(y.users, name), url).status_code for name in names}


# -- permissions, view by view ---------------------------------------------------------------------------------

WRONG = ["other_organiser", "outsider", "nobody"]


def test_criteria_page_who_sees_and_who_changes(client, year):
    url = reverse("scoring:criteria", args=[year.period.pk])
    assert statuses(client, year, url, ["head", "organiser", "ca", "ca_leader", "vks"]) == dict.fromkeys(
        ["head", "organiser", "ca", "ca_leader", "vks"], 200)
    assert statuses(client, year, url, WRONG) == dict.fromkeys(WRONG, 403)
    add = {"action": "add", "code": "9", "name": "Thêm", "type": T.PASS_FAIL, "max_points": "5"}
    for name in ("ca", "ca_leader", "other_organiser", "nobody"):
        assert post(client, getattr(year.users, name), url, add).status_code == 403
    assert not Criterion.objects.filter(criteria_set=year.cset, code="9").exists()
    criterion = year.c["a"]
    for view in ("scoring:criterion_edit", "scoring:criterion_delete", "scoring:criterion_exclusions"):
        assert post(client, year.users.ca, reverse(view, args=[criterion.pk]), {}).status_code == 403
    assert get(client, year.users.ca, reverse("scoring:criterion_edit", args=[criterion.pk])).status_code == 403
    assert Criterion.objects.filter(pk=criterion.pk).exists()
    client.logout()
    assert client.get(url).status_code == 302  # to the log-in page
    client.force_login(year.users.head)
    assert client.get(reverse("scoring:criteria", args=[999999])).status_code == 404


def test_a_member_cannot_see_another_members_self_assessment_before_peer_review(client, year):
    """Sheet page, sheet list, evidence and ranking: another member sees nothing of a sheet through self-scoring
    and appraisal; from peer review on it may see it (to review), and the ranking once published."""
    y, u = year, year.users
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    sheet = sheets.get_sheet(y.period, y.units["ca"])
    sheets.save_self_assessment(sheet, self_values(y))
    entry = ScoreEntry.objects.get(sheet=sheet, criterion=y.c["a"])
    evidence = sheets.attach_evidence(entry, SimpleUploadedFile("bao-cao.pdf", PDF))
    evidence_url = reverse("scoring:evidence", args=[evidence.pk])
    list_url = reverse("scoring:sheet_list", args=[y.period.pk])
    ranking_url = reverse("scoring:ranking", args=[y.period.pk])
    own = ["ca", "ca_leader", "organiser"]
    others = ["vks", "vks_leader", "head", *WRONG]  # the head waits for the sheet to be sent

    # Self-scoring: the unit and the organiser see the draft; nobody else does.
    assert statuses(client, y, sheet_url(y), own) == dict.fromkeys(own, 200)
    assert statuses(client, y, sheet_url(y), others) == dict.fromkeys(others, 403)
    assert statuses(client, y, evidence_url, own) == dict.fromkeys(own, 200)
    assert statuses(client, y, evidence_url, others) == dict.fromkeys(others, 403)
    assert statuses(client, y, list_url, ["head", "organiser"]) == {"head": 200, "organiser": 200}
    assert statuses(client, y, list_url, ["ca", "vks", "vks_leader", *WRONG]) == dict.fromkeys(
        ["ca", "vks", "vks_leader", *WRONG], 403)
    assert statuses(client, y, ranking_url, ["head", "organiser"]) == {"head": 200, "organiser": 200}
    assert statuses(client, y, ranking_url, ["ca", "vks", *WRONG]) == dict.fromkeys(["ca", "vks", *WRONG], 403)
    # the head's list shows the draft's state, but neither its totals nor a link to it
    listing = text(get(client, u.head, list_url))
    assert "Chưa gửi tự chấm" in listing and sheet_url(y) not in listing

    # Sent, and appraisal: the head sees it now; the other members still do not.
    sheets.submit_self_assessment(sheet)
    advance_to(y.period, Phase.APPRAISAL, reason="kiểm thử")
    assert statuses(client, y, sheet_url(y), ["head", *own]) == dict.fromkeys(["head", *own], 200)
    assert get(client, u.head, evidence_url).status_code == 200
    assert statuses(client, y, sheet_url(y), ["vks", "vks_leader", *WRONG]) == dict.fromkeys(
        ["vks", "vks_leader", *WRONG], 403)
    assert statuses(client, y, evidence_url, ["vks", *WRONG]) == dict.fromkeys(["vks", *WRONG], 403)
    assert get(client, u.vks, list_url).status_code == 403

    # Peer review: members review each other; outsiders still see nothing.
    advance_to(y.period, Phase.PEER_REVIEW, reason="kiểm thử")
    assert statuses(client, y, sheet_url(y), ["vks", "vks_leader"]) == {"vks": 200, "vks_leader": 200}
    assert get(client, u.vks, evidence_url).status_code == 200
    assert get(client, u.vks, list_url).status_code == 200
    assert statuses(client, y, sheet_url(y), WRONG) == dict.fromkeys(WRONG, 403)
    assert get(client, u.vks, ranking_url).status_code == 403  # not yet published
    advance_to(y.period, Phase.RANKING, reason="kiểm thử")
    assert get(client, u.vks, ranking_url).status_code == 200
    assert statuses(client, y, ranking_url, WRONG) == dict.fromkeys(WRONG, 403)


def test_a_unit_sheet_is_created_only_when_its_own_officer_opens_it(client, year):
    advance_to(year.period, Phase.SCORING, reason="kiểm thử")
    assert get(client, year.users.organiser, sheet_url(year)).status_code == 200
    assert get(client, year.users.ca_leader, sheet_url(year)).status_code == 200
    assert not ScoreSheet.objects.filter(period=year.period).exists()
    response = get(client, year.users.ca, sheet_url(year))
    assert response.status_code == 200 and 'id="self-form"' in text(response)
    assert ScoreSheet.objects.filter(period=year.period, unit=year.units["ca"]).count() == 1
    # a unit that is not a member has no sheet here
    assert get(client, year.users.organiser, sheet_url(year, "snv")).status_code == 404


def test_sheet_actions_need_the_right_role(client, year):
    y, u = year, year.users
    sheet = submitted(y, "ca")["ca"]
    entry = ScoreEntry.objects.get(sheet=sheet, criterion=y.c["b"])
    appraise = {"action": "appraise", "criterion": y.c["b"].pk, f"a{y.c['b'].pk}-value": "1",
                f"a{y.c['b'].pk}-reason": "Một sáng kiến chưa được công nhận"}
    for name in ("ca", "ca_leader", "vks", "other_organiser", "nobody"):
        assert post(client, getattr(u, name), sheet_url(y), appraise).status_code == 403, name
    assert post(client, u.ca, sheet_url(y), {"action": "lock"}).status_code == 403
    entry.refresh_from_db()
    assert entry.appraised_points is None
    sheets.appraise_entry(entry, 1, "Một sáng kiến chưa được công nhận")
    explain = {"action": "explain", "criterion": y.c["b"].pk, f"e{y.c['b'].pk}-text": "Đã có quyết định"}
    for name in ("head", "ca_leader", "vks", "organiser", "nobody"):
        assert post(client, getattr(u, name), sheet_url(y), explain).status_code == 403, name
    entry.refresh_from_db()
    assert entry.explanation == ""
    assert post(client, u.ca_leader, sheet_url(y), {"action": "save"}).status_code == 403


def test_peer_page_who_sees_and_who_enters(client, year):
    y, u = year, year.users
    submitted(y, "tand", "ca", "vks", phase=Phase.PEER_REVIEW)
    url = reverse("scoring:peer", args=[y.period.pk])
    right = ["head", "organiser", "ca", "ca_leader", "vks"]
    assert statuses(client, y, url, right) == dict.fromkeys(right, 200)
    assert statuses(client, y, url, WRONG) == dict.fromkeys(WRONG, 403)
    tand, ca, vks = (y.units[k].pk for k in ("tand", "ca", "vks"))
    # a member's officer enters its own row only
    assert post(client, u.ca, url, {f"p_{ca}_{tand}": "92", f"p_{ca}_{vks}": "88"}).status_code == 302
    assert set(PeerScore.objects.values_list("rater_id", "ratee_id", "points")) == {(ca, tand, 92), (ca, vks, 88)}
    assert post(client, u.ca, url, {f"p_{ca}_{tand}": "50", f"p_{vks}_{tand}": "10"}).status_code == 403
    assert post(client, u.ca_leader, url, {f"p_{ca}_{tand}": "50"}).status_code == 403
    assert post(client, u.other_organiser, url, {f"p_{ca}_{tand}": "50"}).status_code == 403
    assert PeerScore.objects.get(rater_id=ca, ratee_id=tand).points == 92
    # the member sees its own row, not the others' scores
    page = text(get(client, u.vks, url))
    assert f'name="p_{vks}_{tand}"' in page and f'name="p_{ca}_{tand}"' not in page
    assert 'id="peer-consolidated"' not in page


# -- bad input through the views -------------------------------------------------------------------------------

def test_self_assessment_above_the_maximum_or_below_zero_is_refused_and_nothing_saved(client, year):
    y = year
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    c = y.c
    good = {"action": "save", f"value_{c['a'].pk}": "1", f"comment_{c['a'].pk}": "Đúng hạn",
            f"value_{c['b'].pk}": "2", f"value_{c['q'].pk}": "95,5"}
    for field, bad, message in ((f"value_{c['bonus'].pk}", "6", "vượt quá mức tối đa 5"),
                                (f"value_{c['b'].pk}", "-1", "không được âm"),
                                (f"value_{c['a'].pk}", "2", "chỉ nhận 1 (đạt) hoặc 0"),
                                (f"value_{c['q'].pk}", "chín mươi", "không phải là số")):
        response = post(client, y.users.ca, sheet_url(y), {**good, field: bad})
        assert response.status_code == 200
        page = text(response)
        assert message in page, message
        # what was typed is kept: the bad value in its box (a select offers only Đạt/Không đạt), and the rest
        if field != f"value_{c['a'].pk}":
            assert f'name="{field}" value="{bad}"' in page
        assert "Đúng hạn" in page and (field == f"value_{c['q'].pk}" or 'value="95,5"' in page)
        assert not ScoreEntry.objects.filter(sheet__period=y.period).exists()
    response = post(client, y.users.ca, sheet_url(y), good)
    assert response.status_code == 302
    entry = ScoreEntry.objects.get(sheet__unit=y.units["ca"], criterion=c["q"])
    assert (entry.self_value, entry.self_points) == (Decimal("95.5"), Decimal("28.65"))
    # a criterion that does not apply to a unit is refused for it
    response = post(client, y.users.vks, sheet_url(y, "vks"), {"action": "save", f"value_{c['d'].pk}": "1"})
    assert response.status_code == 302  # the field is not in VKS's form: ignored, nothing stored for it
    assert not ScoreEntry.objects.filter(sheet__unit=y.units["vks"], criterion=c["d"]).exists()


def test_submit_lists_what_is_missing_and_keeps_what_was_saved(client, year):
    y = year
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    response = post(client, y.users.ca, sheet_url(y), {"action": "submit", f"value_{y.c['a'].pk}": "1"})
    assert response.status_code == 302
    page = text(client.get(sheet_url(y)))
    assert "chưa gửi được" in page and "Chưa tự chấm tiêu chí 3. Sáng kiến" in page
    sheet = ScoreSheet.objects.get(period=y.period, unit=y.units["ca"])
    assert sheet.state == SheetState.DRAFT
    assert ScoreEntry.objects.get(sheet=sheet, criterion=y.c["a"]).self_points == 20
    data = {"action": "submit", **{f"value_{pk}": str(v) for pk, (v, _c) in self_values(y).items()}}
    assert post(client, y.users.ca, sheet_url(y), data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.state == SheetState.SUBMITTED
    page = text(client.get(sheet_url(y)))
    assert 'id="self-form"' not in page and "Phiếu đã gửi; không sửa phần tự chấm được nữa." in page


def test_evidence_of_the_wrong_type_or_too_large_is_refused_and_nothing_saved(client, year):
    y = year
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    sheet = sheets.get_sheet(y.period, y.units["ca"])
    sheets.save_self_assessment(sheet, self_values(y))
    CriteriaSet.objects.filter(pk=y.cset.pk).update(max_evidence_mb=1)
    pk = y.c["a"].pk

    def upload(name, content):
        return post(client, y.users.ca, sheet_url(y), {"action": "evidence", "criterion": pk,
                                                        f"f{pk}-file": SimpleUploadedFile(name, content)})

    for name, content, message in (("virus.exe", b"MZ\x90\x00", "không đúng loại cho phép"),
                                   ("gia.pdf", b"<html></html>", "không phải tệp .pdf thật"),
                                   ("lon.pdf", b"%PDF-1.4" + b"0" * (1024 * 1024 + 1), "quá lớn")):
        response = upload(name, content)
        assert response.status_code == 200 and message in text(response), name
        assert not Evidence.objects.exists()
    response = post(client, y.users.ca, sheet_url(y), {"action": "evidence", "criterion": pk})
    assert response.status_code == 200 and "Chưa chọn tệp minh chứng." in text(response)
    assert upload("bao-cao.pdf", PDF).status_code == 302
    evidence = Evidence.objects.get()
    download = client.get(reverse("scoring:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "bao-cao.pdf" in download["Content-Disposition"]
    assert get(client, y.users.vks, reverse("scoring:evidence", args=[evidence.pk])).status_code == 403
    assert client.get(reverse("scoring:evidence", args=[999999])).status_code == 404


def test_appraisal_explanation_second_look_and_nothing_changes_after_the_lock(client, year):
    y, u = year, year.users
    sheet = submitted(y, "ca")["ca"]
    pk = y.c["b"].pk
    # a different result needs a reason; what was typed is kept
    response = post(client, u.head, sheet_url(y), {"action": "appraise", "criterion": pk, f"a{pk}-value": "1",
                                                   f"a{pk}-reason": ""})
    assert response.status_code == 200 and "cần ghi lý do" in text(response)
    assert f'name="a{pk}-value" value="1"' in text(response)
    # above the maximum (a bonus of 6 out of 5)
    bonus = y.c["bonus"].pk
    response = post(client, u.head, sheet_url(y), {"action": "appraise", "criterion": bonus,
                                                   f"a{bonus}-value": "6", f"a{bonus}-reason": "Sai"})
    assert response.status_code == 200 and "vượt quá mức tối đa" in text(response)
    assert not ScoreEntry.objects.filter(sheet=sheet, appraised_points__isnull=False).exists()
    # appraised with a reason
    reason = "Một sáng kiến chưa có quyết định công nhận."
    assert post(client, u.head, sheet_url(y), {"action": "appraise", "criterion": pk, f"a{pk}-value": "1",
                                               f"a{pk}-reason": reason}).status_code == 302
    page = text(get(client, u.ca, sheet_url(y)))
    assert reason in page and f'name="e{pk}-text"' in page
    # an empty explanation is refused; a real one is kept
    response = post(client, u.ca, sheet_url(y), {"action": "explain", "criterion": pk, f"e{pk}-text": " "})
    assert response.status_code == 200 and "không được để trống" in text(response)
    answer = "Đã bổ sung Quyết định công nhận sáng kiến số 15/QĐ."
    assert post(client, u.ca, sheet_url(y), {"action": "explain", "criterion": pk,
                                             f"e{pk}-text": answer}).status_code == 302
    page = text(get(client, u.head, sheet_url(y)))
    assert answer in page and f'name="s{pk}-value"' in page
    assert post(client, u.head, sheet_url(y), {"action": "second_look", "criterion": pk, f"s{pk}-value": "2",
                                               f"s{pk}-reason": "Chấp nhận giải trình"}).status_code == 302
    entry = ScoreEntry.objects.get(sheet=sheet, criterion_id=pk)
    assert (entry.self_points, entry.appraised_points, entry.final_points) == (20, 10, 20)

    assert post(client, u.head, sheet_url(y), {"action": "lock"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.state == SheetState.LOCKED
    before = list(ScoreEntry.objects.filter(sheet=sheet).order_by("pk").values())
    tries = [
        (u.head, {"action": "appraise", "criterion": pk, f"a{pk}-value": "0", f"a{pk}-reason": "Đổi lại"}),
        (u.head, {"action": "second_look", "criterion": pk, f"s{pk}-value": "0", f"s{pk}-reason": "Đổi lại"}),
        (u.head, {"action": "lock"}),
        (u.ca, {"action": "explain", "criterion": pk, f"e{pk}-text": "Giải trình thêm"}),
        (u.ca, {"action": "save", f"value_{pk}": "4"}),
        (u.ca, {"action": "evidence", "criterion": pk, f"f{pk}-file": SimpleUploadedFile("them.pdf", PDF)}),
    ]
    for user, data in tries:
        response = post(client, user, sheet_url(y), data)
        assert response.status_code == 200, data
        assert "Phiếu chấm điểm của Công an tỉnh Lạng Sơn đã khóa ngày" in text(response), data
    assert list(ScoreEntry.objects.filter(sheet=sheet).order_by("pk").values()) == before
    assert not Evidence.objects.exists()
    # the page says why, and offers no form
    for user in (u.head, u.ca):
        page = text(get(client, user, sheet_url(y)))
        assert 'id="sheet-locked"' in page and "không thể thay đổi" in page
        assert 'class="appraise-form' not in page and 'class="explain-form' not in page
        assert 'id="lock-form"' not in page and 'id="self-form"' not in page


def test_the_phase_decides_and_the_page_says_why(client, year):
    y, u = year, year.users
    # before self-scoring the unit is told when it can start
    response = get(client, u.ca, sheet_url(y))
    assert "việc này chỉ làm được ở giai đoạn “Tự chấm điểm”" in text(response)
    sheet = submitted(y, "ca", phase=Phase.SCORING)["ca"]
    page = text(get(client, u.head, sheet_url(y)))
    assert "Thẩm định: Không thể thẩm định" in page and 'class="appraise-form' not in page
    # a stale form posted in the wrong phase is refused by the domain, with its message
    pk = y.c["a"].pk
    response = post(client, u.head, sheet_url(y), {"action": "appraise", "criterion": pk, f"a{pk}-value": "0",
                                                   f"a{pk}-reason": "Chưa đạt"})
    assert response.status_code == 200 and "chỉ làm được ở giai đoạn “Thẩm định, giải trình”" in text(response)
    assert ScoreEntry.objects.get(sheet=sheet, criterion_id=pk).appraised_points is None


def test_criteria_tree_edited_through_the_pages_until_scoring_starts(client, year, s1):
    y, u = year, year.users
    y.period.phase = Phase.SETUP
    y.period.save()
    url = reverse("scoring:criteria", args=[y.period.pk])
    client.force_login(u.head)
    response = client.post(url, {"action": "add", "code": "6", "name": "Âm", "type": T.PASS_FAIL,
                                 "max_points": "-1"})
    assert response.status_code == 200 and "lớn hơn hoặc bằng" in text(response)
    response = client.post(url, {"action": "add", "code": "2", "name": "Trùng mã", "type": T.PASS_FAIL,
                                 "max_points": "5"})
    assert response.status_code == 200 and "Mục “2” đã có trong bảng tiêu chí." in text(response)
    assert 'value="Trùng mã"' in text(response)
    group = {"action": "add", "code": "6", "name": "Nhóm mới", "type": T.GROUP, "max_points": "10"}
    assert client.post(url, group).status_code == 302
    group_obj = Criterion.objects.get(criteria_set=y.cset, code="6")
    assert client.post(url, {"action": "add", "code": "6.1", "name": "Con", "type": T.PASS_FAIL,
                             "max_points": "10", "parent": group_obj.pk}).status_code == 302
    child = Criterion.objects.get(criteria_set=y.cset, code="6.1")
    assert child.parent == group_obj
    edit = reverse("scoring:criterion_edit", args=[child.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"code": "6.1", "name": "Con (sửa)", "type": T.PASS_FAIL, "max_points": "12,5",
                              "parent": group_obj.pk}).status_code == 302
    child.refresh_from_db()
    assert (child.name, float(child.max_points)) == ("Con (sửa)", 12.5)
    exclusions = reverse("scoring:criterion_exclusions", args=[child.pk])
    assert client.post(exclusions, {"units": [y.units["ca"].pk, y.units["vks"].pk],
                                    "reason": "Không có"}).status_code == 302
    assert set(CriterionExclusion.objects.filter(criterion=child).values_list("unit_id", flat=True)) == {
        y.units["ca"].pk, y.units["vks"].pk}
    assert client.post(exclusions, {"units": [y.units["vks"].pk]}).status_code == 302
    assert list(CriterionExclusion.objects.filter(criterion=child).values_list("unit_id", flat=True)) == [
        y.units["vks"].pk]
    # the scale: bands one per line, tie rules in order; bad bands refused
    scale = {"action": "scale", "regulation_ref": "Quy chế số 01/QC", "peer_rule": "median", "trim_count": "1",
             "peer_weight": "20", "outlier_gap": "12,5", "max_evidence_mb": "5",
             "bands_text": "Xuất sắc: 90\nTốt: 75,5\nKhá 60", "tie_1": "bonus", "tie_2": "peer"}
    response = client.post(url, scale)
    assert response.status_code == 200 and "Dòng 3" in text(response)
    response = client.post(url, {**scale, "bands_text": "Xuất sắc: 90", "tie_3": "bonus"})
    assert response.status_code == 200 and "chỉ chọn một lần" in text(response)
    assert client.post(url, {**scale, "bands_text": "Xuất sắc: 90\nTốt: 75,5\nKhá: 60"}).status_code == 302
    y.cset.refresh_from_db()
    assert y.cset.bands == [{"label": "Xuất sắc", "min": 90}, {"label": "Tốt", "min": 75.5},
                            {"label": "Khá", "min": 60}]
    assert (y.cset.tie_rules, y.cset.peer_rule, float(y.cset.outlier_gap)) == (["bonus", "peer"], "median", 12.5)
    page = text(client.get(url))
    assert "Tốt từ 75,5" in page and "1. Điểm thưởng cao hơn; 2. Điểm chấm chéo cao hơn" in page
    # delete a group: its children go with it
    assert client.post(reverse("scoring:criterion_delete", args=[group_obj.pk])).status_code == 302
    assert not Criterion.objects.filter(code__in=["6", "6.1"], criteria_set=y.cset).exists()
    # once self-scoring starts the tree is fixed, and the page says why
    advance_to(y.period, Phase.SCORING, reason="kiểm thử")
    count = Criterion.objects.count()
    response = client.post(url, {"action": "add", "code": "7", "name": "Muộn", "type": T.PASS_FAIL,
                                 "max_points": "5"})
    assert response.status_code == 200 and "chỉ được sửa trước khi bắt đầu chấm điểm" in text(response)
    assert client.post(reverse("scoring:criterion_delete", args=[y.c["a"].pk])).status_code == 302
    assert Criterion.objects.count() == count
    page = text(client.get(url))
    assert 'id="criteria-locked"' in page and 'id="add-criterion"' not in page


def test_copy_the_tree_from_last_year(client, s1_year, make_user):
    units = s1_year["units"]
    period_2024 = s1_year["cluster"].periods.get(year=2024)
    head_2024 = make_user("thads", (Role.HEAD_STAFF, units["thads"]))
    url = reverse("scoring:criteria", args=[period_2024.pk])
    page = text(get(client, head_2024, url))
    assert "Sao chép từ năm trước" in page and "Năm 2023" in page
    source = CriteriaSet.objects.get(period__year=2023, period__cluster=s1_year["cluster"])
    assert post(client, head_2024, url, {"action": "copy", "source": source.pk}).status_code == 302
    copied = CriteriaSet.objects.get(period=period_2024)
    assert copied.criteria.count() == source.criteria.count() == 12
    assert copied.peer_weight == source.peer_weight
    response = post(client, head_2024, url, {"action": "copy", "source": source.pk})
    assert response.status_code == 200  # the form is gone once the year has criteria; the domain refuses too
    assert copied.criteria.count() == 12


def test_peer_matrix_bad_values_are_refused_whole_and_outliers_flagged(client, year):
    y, u = year, year.users
    submitted(y, "tand", "ca", "vks", phase=Phase.PEER_REVIEW)
    url = reverse("scoring:peer", args=[y.period.pk])
    tand, ca, vks = (y.units[k].pk for k in ("tand", "ca", "vks"))
    response = post(client, u.head, url, {f"p_{tand}_{ca}": "90", f"p_{vks}_{ca}": "101", f"p_{ca}_{ca}": "50"})
    assert response.status_code == 200
    page = text(response)
    assert "điểm phải từ 0 đến 100" in page and "không tự chấm chéo cho chính mình" in page
    assert 'value="101"' in page  # what was typed is kept
    assert not PeerScore.objects.exists()
    matrix = {f"p_{tand}_{ca}": "90", f"p_{tand}_{vks}": "88", f"p_{ca}_{tand}": "95", f"p_{ca}_{vks}": "20",
              f"p_{vks}_{tand}": "94", f"p_{vks}_{ca}": "89,5"}
    assert post(client, u.head, url, matrix).status_code == 302
    assert PeerScore.objects.count() == 6
    page = text(client.get(url))
    assert 'id="peer-outliers"' in page and "table-warning" in page  # Công an's 20 for VKS is far from 54
    # before and after the phase: refused with the domain's message
    advance_to(y.period, Phase.RANKING, reason="kiểm thử")
    response = post(client, u.head, url, {f"p_{tand}_{ca}": "10"})
    assert response.status_code == 200 and "chỉ làm được ở giai đoạn “Chấm chéo”" in text(response)
    assert PeerScore.objects.get(rater_id=tand, ratee_id=ca).points == 90


def test_ranking_page_states_the_rules_and_ranks_s1(client, s1_year, make_user):
    period = s1_year["year_2023"]["period"]
    officer = make_user("ca-2023", (Role.UNIT_OFFICER, s1_year["units"]["ca"]))
    response = get(client, officer, reverse("scoring:ranking", args=[period.pk]))
    assert response.status_code == 200
    page = text(response)
    assert page.index("Tòa án nhân dân tỉnh Lạng Sơn") < page.index("Công an tỉnh Lạng Sơn")
    assert "Khi bằng điểm</strong>, xét lần lượt: 1. Điểm chấm chéo cao hơn" in page
    assert "Xuất sắc từ 90 điểm" in page and "80% điểm phiếu + 20% điểm chấm chéo" in page
    assert 'id="ranking-provisional"' not in page
    sheet_page = text(get(client, officer, reverse("scoring:sheet", args=[period.pk, s1_year["units"]["ca"].pk])))
    assert "Một sáng kiến chưa có quyết định công nhận" in sheet_page and 'id="sheet-locked"' in sheet_page


# -- query counts ----------------------------------------------------------------------------------------------

def build_cluster(tag: str, n_criteria: int, n_units: int, phase: str, organiser):
    """A cluster of n members with n criteria, every sheet self-assessed with one evidence file per criterion
    and submitted, then moved to `phase`."""
    cluster = b.cluster(f"qc-{tag}", f"Cụm đếm truy vấn {tag}", organiser, area_code="lang-son")
    units = [b.unit(f"qc-{tag}-{i}", f"Đơn vị {tag} {i}", area_code="lang-son", sector_code="toa-an")
             for i in range(n_units)]
    period = create_period(cluster, 2026)
    add_members(period, units)
    set_leader(period, "head", units[0])
    cset = sheets.ensure_criteria_set(period)
    criteria = [sheets.add_criterion(cset, f"{i + 1}", f"Tiêu chí {i + 1}",
                                     [T.PASS_FAIL, T.PER_OCCURRENCE, T.BONUS][i % 3], 10,
                                     points_per_occurrence=2 if i % 3 == 1 else None)
                for i in range(n_criteria)]
    sheets.exclude_criterion(criteria[0], units[-1])
    advance_to(period, Phase.SCORING, reason="kiểm thử")
    for unit in units:
        sheet = sheets.get_sheet(period, unit)
        sheets.save_self_assessment(sheet, {c.pk: (1, "ghi chú") for c in criteria
                                            if not (unit == units[-1] and c == criteria[0])})
        for entry in sheet.entries.all():
            sheets.attach_evidence(entry, SimpleUploadedFile(f"mc-{entry.pk}.pdf", PDF))
        sheets.submit_self_assessment(sheet)
    advance_to(period, phase, reason="kiểm thử")
    for unit in units[1:3]:
        entry = ScoreEntry.objects.filter(sheet__period=period, sheet__unit=unit).order_by("pk").first()
        if phase == Phase.APPRAISAL:
            sheets.appraise_entry(entry, 0, "Chưa đạt")
            sheets.explain_entry(entry, "Giải trình")
    if phase == Phase.PEER_REVIEW:
        sheets.save_peer_scores(period, {(r.pk, e.pk): 80 + i for i, r in enumerate(units) for e in units if r != e})
    return period, units


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("phase", [Phase.SCORING, Phase.APPRAISAL, Phase.PEER_REVIEW])
def test_scoring_pages_do_not_query_per_criterion_or_member(client, make_user, settings, tmp_path, phase):
    settings.MEDIA_ROOT = tmp_path
    organiser = b.organiser("qc-org", "UBND tỉnh đếm truy vấn", "province", area_code="lang-son")
    counts = {}
    for n, n_units, tag in ((5, 3, "nho"), (30, 6, "lon")):
        period, units = build_cluster(tag, n, n_units, phase, organiser)
        head = make_user(f"head-{tag}", (Role.HEAD_STAFF, units[0]))
        member = make_user(f"member-{tag}", (Role.UNIT_OFFICER, units[1]))
        org = make_user(f"org-{tag}", (Role.ORGANISER_STAFF, organiser))
        if phase == Phase.SCORING:
            # a draft sheet, as its own officer sees it (the whole self-assessment form)
            sheet = ScoreSheet.objects.get(period=period, unit=units[1])
            ScoreSheet.objects.filter(pk=sheet.pk).update(state=SheetState.DRAFT, submitted_at=None)
        pages = {
            "sheet-head": (head, reverse("scoring:sheet", args=[period.pk, units[2].pk])),
            "sheet-member": (member, reverse("scoring:sheet", args=[period.pk, units[1].pk])),
            "sheet-organiser": (org, reverse("scoring:sheet", args=[period.pk, units[2].pk])),
            "criteria": (head, reverse("scoring:criteria", args=[period.pk])),
            "sheet-list": (head, reverse("scoring:sheet_list", args=[period.pk])),
            "peer": (head, reverse("scoring:peer", args=[period.pk])),
            "peer-member": (member, reverse("scoring:peer", args=[period.pk])),
            "ranking": (head, reverse("scoring:ranking", args=[period.pk])),
        }
        for name, (user, url) in pages.items():
            client.force_login(user)
            client.get(url)  # warm the caches (content types, sessions) so that both rounds start equal
            counts.setdefault(name, []).append(count_queries(client, url))
    assert {name: c[0] for name, c in counts.items()} == {name: c[1] for name, c in counts.items()}, counts
