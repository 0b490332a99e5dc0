"""S1's vote of 09/01/2024 replayed through the voting functions (thidua.demo.s1_year.vote_2023)."""

import datetime as dt

import pytest

from thidua.voting.domain.sessions import verify_receipt
from thidua.voting.models import Nomination

pytestmark = pytest.mark.django_db


def test_s1_nominations_and_next_years_head_and_deputy(s1_year):
    vote, units = s1_year["year_2023"]["vote"], s1_year["units"]
    session = vote["session"]
    assert session.voters.count() == 7
    flag = vote["tallies"][vote["questions"]["flag"].pk]
    assert [r.label for r in flag.winners] == ["Tòa án nhân dân tỉnh Lạng Sơn"]
    merit = vote["tallies"][vote["questions"]["merit"].pk]
    assert sorted(r.label for r in merit.winners) == ["Bộ Chỉ huy Quân sự tỉnh Lạng Sơn",
                                                      "Tiểu đoàn Cảnh sát cơ động số 2"]
    nominations = {(n.unit.name, n.award_label) for n in Nomination.objects.filter(period=vote["session"].period)}
    assert nominations == {
        ("Tòa án nhân dân tỉnh Lạng Sơn", "Cờ thi đua của UBND tỉnh"),
        ("Bộ Chỉ huy Quân sự tỉnh Lạng Sơn", "Bằng khen của Chủ tịch UBND tỉnh"),
        ("Tiểu đoàn Cảnh sát cơ động số 2", "Bằng khen của Chủ tịch UBND tỉnh"),
    }
    p2024 = vote["next_period"]
    assert p2024.year == 2024 and p2024.memberships.count() == 7
    assert p2024.leadership_terms.get(role="head").unit == units["thads"]
    deputy = p2024.leadership_terms.get(role="deputy")
    assert deputy.unit == units["cscd2"] and deputy.method == "election" and deputy.decided_on == dt.date(2024, 1, 9)
    # every voter's receipt finds a counted ballot
    assert all(verify_receipt(session, code) for code in vote["receipts"].values())
    assert not verify_receipt(session, "AAAA-BBBB-CCCC")
