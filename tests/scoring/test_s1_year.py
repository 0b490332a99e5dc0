"""Scenario S1, year 2023, replayed through the domain functions (thidua.demo.s1_year), and every fact checked."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.clusters.enums import Phase
from thidua.meetings.enums import DecisionKind
from thidua.movements.domain.covenants import registration_progress
from thidua.movements.enums import CovenantState
from thidua.scoring.domain import sheets
from thidua.scoring.enums import SheetState
from thidua.scoring.models import ScoreEntry

pytestmark = pytest.mark.django_db


def test_s1_2023_from_covenant_to_ranking_and_conference(s1_year):
    year = s1_year["year_2023"]
    period, units = year["period"], s1_year["units"]
    assert period.memberships.count() == 7
    # covenant signed by all, everyone registered (100%)
    covenant = year["covenant"]
    covenant.refresh_from_db()
    assert covenant.state == CovenantState.SIGNED and covenant.signatures.count() == 7
    assert registration_progress(period) == (7, 7)
    # every sheet self-assessed, appraised, locked; Công an's appraisal with a reason, explanation, second look
    assert set(period.score_sheets.values_list("state", flat=True)) == {SheetState.LOCKED}
    entry = ScoreEntry.objects.get(sheet__unit=units["ca"], sheet__period=period, criterion=year["criteria"]["1.3"])
    assert (entry.self_points, entry.appraised_points, entry.final_points) == (8, 6, 8)
    assert entry.appraisal_reason and entry.explanation and entry.final_reason
    assert period.peer_scores.count() == 7 * 6
    # the ranking: TAND tỉnh first
    ranking = year["ranking"]
    assert ranking[0].unit_name == "Tòa án nhân dân tỉnh Lạng Sơn"
    assert [r.rank for r in ranking] == list(range(1, 8))
    # the year-end conference of 09/01/2024 with its chairs and guest
    conference = year["conference"]
    assert conference.held_on == dt.date(2024, 1, 9) and conference.time_of_day == "Buổi chiều"
    assert conference.host == units["tand"]
    assert [(c.name, c.cluster_role) for c in conference.chairs.all()] == [
        ("Chu Lệ Hường", "Trưởng Cụm thi đua"), ("Lê Văn Cường", "Phó Trưởng Cụm thi đua")]
    assert conference.guests.filter(organisation__contains="Sở Nội vụ").exists()
    assert conference.attendances.count() == 7
    assert "243/HD-SNV" in conference.basis
    kinds = list(conference.decisions.values_list("kind", flat=True))
    assert kinds.count(DecisionKind.NOMINATION) == 2 and DecisionKind.NEXT_LEADERS in kinds
    assert "Bộ Chỉ huy Quân sự tỉnh và Tiểu đoàn Cảnh sát cơ động số 2" in conference.decisions.get(
        kind=DecisionKind.NOMINATION, text__contains="Bằng khen").text
    # the 2024 covenant signed at the conference by all
    covenant_2024 = year["covenant_2024"]
    covenant_2024.refresh_from_db()
    assert covenant_2024.state == CovenantState.SIGNED
    assert set(covenant_2024.signatures.values_list("signed_on", flat=True)) == {dt.date(2024, 1, 9)}
    period.refresh_from_db()
    assert period.phase == Phase.CLOSED


def test_after_the_lock_nothing_changes_and_says_why(s1_year):
    year = s1_year["year_2023"]
    entry = ScoreEntry.objects.get(sheet__unit=s1_year["units"]["ca"], sheet__period=year["period"],
                                   criterion=year["criteria"]["1.3"])
    for action in (lambda: sheets.appraise_entry(entry, 1, "x"), lambda: sheets.explain_entry(entry, "y"),
                   lambda: sheets.second_look(entry, 1, "z")):
        with pytest.raises(ValidationError, match="đã khóa ngày"):
            action()
    entry.refresh_from_db()
    assert entry.final_points == 8
