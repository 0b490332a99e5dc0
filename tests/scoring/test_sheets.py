"""Scoring state changes: what each phase allows, bad input refused with a Vietnamese message and nothing saved."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import Phase
from thidua.scoring.domain import sheets
from thidua.scoring.domain.queries import compute_ranking
from thidua.scoring.enums import CriterionType as T
from thidua.scoring.enums import SheetState
from thidua.scoring.models import Evidence, PeerScore, ScoreEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(s1, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    units = s1["units"]
    period = create_period(s1["cluster"], 2026)
    members = [units[k] for k in ("tand", "ca", "vks")]
    add_members(period, members)
    set_leader(period, "head", units["tand"])
    cset = sheets.ensure_criteria_set(period)
    c = {
        "a": sheets.add_criterion(cset, "1", "Báo cáo đúng hạn", T.PASS_FAIL, 40),
        "b": sheets.add_criterion(cset, "2", "Sáng kiến", T.PER_OCCURRENCE, 50, points_per_occurrence=10),
        "c": sheets.add_criterion(cset, "3", "Thưởng", T.BONUS, 5),
        "d": sheets.add_criterion(cset, "4", "Khối chuyên trách", T.PASS_FAIL, 10),
    }
    sheets.exclude_criterion(c["d"], units["vks"], "Không có bộ phận chuyên trách")
    advance_to(period, Phase.SCORING, reason="kiểm thử")
    return {"period": period, "units": units, "c": c, "sheet": sheets.get_sheet(period, units["ca"])}


def test_a_score_above_the_maximum_or_below_zero_is_refused_and_nothing_saved(year):
    sheet, c = year["sheet"], year["c"]
    for bad, message in (({c["a"].pk: (2, "")}, "chỉ nhận 1"), ({c["c"].pk: (6, "")}, "vượt quá mức tối đa"),
                         ({c["b"].pk: (-1, "")}, "không được âm"), ({c["b"].pk: ("abc", "")}, "không phải là số")):
        with pytest.raises(ValidationError) as error:
            sheets.save_self_assessment(sheet, {c["a"].pk: (1, "đúng"), **bad})
        assert message in " ".join(error.value.messages)
        assert not ScoreEntry.objects.filter(sheet=sheet).exists()  # the good row was not saved either


def test_a_not_applicable_criterion_cannot_be_scored(year):
    vks_sheet = sheets.get_sheet(year["period"], year["units"]["vks"])
    with pytest.raises(ValidationError, match="không áp dụng"):
        sheets.save_self_assessment(vks_sheet, {year["c"]["d"].pk: (1, "")})


def test_submit_lists_what_is_missing(year):
    sheet, c = year["sheet"], year["c"]
    sheets.save_self_assessment(sheet, {c["a"].pk: (1, "")})
    with pytest.raises(ValidationError) as error:
        sheets.submit_self_assessment(sheet)
    assert error.value.messages == ["Chưa tự chấm tiêu chí 2. Sáng kiến", "Chưa tự chấm tiêu chí 4. Khối chuyên trách"]


def test_each_phase_allows_only_its_work(year):
    sheet, c, period = year["sheet"], year["c"], year["period"]
    sheets.save_self_assessment(sheet, {c["a"].pk: (1, ""), c["b"].pk: (3, ""), c["d"].pk: (1, "")})
    sheets.submit_self_assessment(sheet)
    entry = ScoreEntry.objects.get(sheet=sheet, criterion=c["b"])
    with pytest.raises(ValidationError, match="chỉ làm được ở giai đoạn “Thẩm định, giải trình”"):
        sheets.appraise_entry(entry, 2, "lý do")
    with pytest.raises(ValidationError, match="chưa được thẩm định"):
        advance_to(period, Phase.APPRAISAL) and sheets.explain_entry(entry, "giải trình")
    with pytest.raises(ValidationError, match="cần ghi lý do"):
        sheets.appraise_entry(entry, 2, "")
    sheets.appraise_entry(entry, 2, "Một sáng kiến chưa được công nhận")
    with pytest.raises(ValidationError, match="không được để trống"):
        sheets.explain_entry(entry, "  ")
    sheets.explain_entry(entry, "Đã bổ sung quyết định công nhận")
    sheets.second_look(entry, 3, "Chấp nhận giải trình")
    entry.refresh_from_db()
    assert (entry.self_points, entry.appraised_points, entry.final_points, entry.points) == (30, 20, 30, 30)
    with pytest.raises(ValidationError, match="tự chấm điểm"):
        sheets.save_self_assessment(sheet, {c["a"].pk: (0, "")})
    # the vote cannot open while a sheet is not locked
    for unit in ("tand", "vks"):
        s = sheets.get_sheet(period, year["units"][unit])
        assert s.state == SheetState.DRAFT
    advance_to(period, Phase.RANKING, reason="kiểm thử")
    with pytest.raises(ValidationError) as error:
        advance_to(period, Phase.VOTING)
    assert "Phiếu chấm điểm của Công an tỉnh Lạng Sơn chưa khóa." in error.value.messages


def test_evidence_files_are_checked_for_type_and_size(year):
    sheet, c = year["sheet"], year["c"]
    sheets.save_self_assessment(sheet, {c["a"].pk: (1, "")})
    entry = ScoreEntry.objects.get(sheet=sheet, criterion=c["a"])
    ok = sheets.attach_evidence(entry, SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7 noi dung", "application/pdf"))
    assert ok.original_name == "bao-cao.pdf" and Evidence.objects.count() == 1
    with pytest.raises(ValidationError, match="không đúng loại"):
        sheets.attach_evidence(entry, SimpleUploadedFile("virus.exe", b"MZ...."))
    with pytest.raises(ValidationError, match="không phải tệp .pdf thật"):
        sheets.attach_evidence(entry, SimpleUploadedFile("gia.pdf", b"<html>"))
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="quá lớn"):
        sheets.attach_evidence(entry, big)
    assert Evidence.objects.count() == 1


def test_peer_matrix_is_saved_whole_or_not_at_all(year):
    period, units = year["period"], year["units"]
    advance_to(period, Phase.APPRAISAL, reason="kiểm thử")
    with pytest.raises(ValidationError, match="Chấm chéo"):
        sheets.save_peer_scores(period, {(units["tand"].pk, units["ca"].pk): 90})
    advance_to(period, Phase.PEER_REVIEW, reason="kiểm thử")
    with pytest.raises(ValidationError) as error:
        sheets.save_peer_scores(period, {(units["tand"].pk, units["ca"].pk): 90,
                                         (units["ca"].pk, units["ca"].pk): 90,
                                         (units["vks"].pk, units["tand"].pk): 101})
    assert len(error.value.messages) == 2 and not PeerScore.objects.filter(period=period).exists()
    assert sheets.save_peer_scores(period, {(units["tand"].pk, units["ca"].pk): 90,
                                            (units["vks"].pk, units["ca"].pk): "85,5"}) == 2
    ranking = compute_ranking(period)
    assert {r.unit_id: r.peer.score for r in ranking}[units["ca"].pk] == pytest.approx(87.75)
