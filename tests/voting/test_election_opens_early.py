"""A session that only elects next year's head and deputy uses no score: it may open while the year runs, not only
at the year-end conference; a session that also nominates waits for the phase of the vote (Bình xét, suy tôn)."""

import pytest
from django.core.exceptions import ValidationError

from thidua.clusters.domain.periods import advance_to
from thidua.clusters.enums import Phase
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind, SessionState

pytestmark = pytest.mark.django_db


def election(period, units, *kinds):
    session = voting.create_session("Bầu trưởng, phó khối năm sau", SessionKind.ELECTION, period=period)
    for kind in kinds:
        question = voting.add_question(session, kind, str(kind))
        for unit in units:
            voting.add_candidate(question, unit=unit)
    return session


def test_an_election_opens_while_the_year_runs_a_nomination_does_not(s1):
    period = s1["cluster"].periods.get(year=2023)
    advance_to(period, Phase.IN_PROGRESS, reason="kiểm thử")
    members = [m.unit for m in period.memberships.select_related("unit")]
    mixed = election(period, members, QuestionKind.ELECT_HEAD, QuestionKind.NOMINATE)
    assert any("chỉ mở bỏ phiếu ở giai đoạn" in p for p in voting.issues_before_opening(mixed))
    with pytest.raises(ValidationError):
        voting.open_session(mixed)
    session = election(period, members, QuestionKind.ELECT_HEAD, QuestionKind.ELECT_DEPUTY)
    assert voting.issues_before_opening(session) == []
    voting.open_session(session)
    assert session.state == SessionState.OPEN
    assert session.voters.count() == len(members)


def test_an_election_of_a_closed_year_does_not_open(s1):
    period = s1["cluster"].periods.get(year=2023)
    members = [m.unit for m in period.memberships.select_related("unit")]
    session = election(period, members, QuestionKind.ELECT_HEAD)
    advance_to(period, Phase.CLOSED, reason="kiểm thử")
    assert any("chỉ mở bỏ phiếu ở giai đoạn" in p for p in voting.issues_before_opening(session))
