"""Councils as records (issue 10 item 1): an organiser's Hội đồng Thi đua - Khen thưởng with its members by term.
`members_on(council, day)` counts a membership from its first day to its last day, both included; the
secretariat works for the council without a vote. Every change is checked, written and logged in one transaction;
a refused change writes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thidua.core import activity
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.orgs.domain import councils
from thidua.orgs.enums import CouncilRole
from thidua.orgs.models import Council, CouncilMember

pytestmark = pytest.mark.django_db

D = dt.date
START = D(2024, 1, 2)


@pytest.fixture
def council():
    organiser = b.organiser("ubnd-thu-nghiem", "UBND tỉnh Thử Nghiệm", "province", area_code="lang-son")
    return councils.create_council(organiser, "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm",
                                   "Quyết định số 5/QĐ-UBND ngày 02/01/2024")


def add(council, name, role=CouncilRole.MEMBER, start=START, end=None, **kwargs):
    return councils.add_member(council, name=name, role=role, valid_from=start, valid_to=end, **kwargs)


def names(rows):
    return [m.name for m in rows]


def test_members_on_counts_the_first_and_the_last_day(council):
    add(council, "Lê Văn Cũ", start=D(2024, 3, 1), end=D(2025, 3, 9))
    add(council, "Trần Thị Mới", start=D(2025, 3, 10))
    assert names(councils.members_on(council, D(2024, 2, 29))) == []
    assert names(councils.members_on(council, D(2024, 3, 1))) == ["Lê Văn Cũ"]  # the first day counts
    assert names(councils.members_on(council, D(2025, 3, 9))) == ["Lê Văn Cũ"]  # so does the last
    assert names(councils.members_on(council, D(2025, 3, 10))) == ["Trần Thị Mới"]  # the next day it is the new one
    assert names(councils.members_on(council, D(2040, 1, 1))) == ["Trần Thị Mới"]  # no last day: runs on


def test_the_secretariat_has_no_vote_and_the_chair_comes_first(council):
    add(council, "Vũ Thị Ủy Viên")
    add(council, "An Văn Thư Ký", CouncilRole.SECRETARY)
    add(council, "Đỗ Văn Giúp Việc", CouncilRole.SECRETARIAT, position="Chuyên viên Ban Thi đua - Khen thưởng")
    add(council, "Bùi Văn Phó", CouncilRole.VICE_CHAIR)
    add(council, "Nguyễn Văn Chủ Tịch", CouncilRole.CHAIR, position="Chủ tịch UBND tỉnh")
    day = D(2024, 6, 1)
    assert names(councils.members_on(council, day)) == ["Nguyễn Văn Chủ Tịch", "Bùi Văn Phó", "Vũ Thị Ủy Viên",
                                                        "An Văn Thư Ký"]
    assert names(councils.secretariat_on(council, day)) == ["Đỗ Văn Giúp Việc"]


def test_a_member_from_the_people_records_keeps_their_name_and_position(council):
    unit = b.unit("so-noi-vu-thu-nghiem", "Sở Nội vụ tỉnh Thử Nghiệm", area_code="lang-son")
    person = b.person(unit, "Phạm Thị Giám Đốc", "female", "Giám đốc")
    member = councils.add_member(council, person=person, role=CouncilRole.VICE_CHAIR, valid_from=D(2024, 1, 2))
    assert (member.name, member.position, member.person) == ("Phạm Thị Giám Đốc",
                                                             "Giám đốc, Sở Nội vụ tỉnh Thử Nghiệm", person)
    with pytest.raises(ValidationError, match="đã là thành viên"):  # the same person twice at once
        councils.add_member(council, person=person, role=CouncilRole.MEMBER, valid_from=D(2025, 1, 1))
    councils.end_member(member, D(2024, 12, 31))
    again = councils.add_member(council, person=person, role=CouncilRole.MEMBER, valid_from=D(2025, 1, 1))
    assert [m.pk for m in councils.members_on(council, D(2025, 1, 1))] == [again.pk]


def test_refusals_write_nothing(council):
    add(council, "Nguyễn Văn Chủ Tịch", CouncilRole.CHAIR, start=D(2024, 1, 2), end=D(2024, 12, 31))
    add(council, "Hoàng Văn Ủy Viên")
    before = (CouncilMember.objects.count(), Activity.objects.count())
    with pytest.raises(ValidationError) as refused:
        add(council, "Lý Văn Chủ Tịch Mới", CouncilRole.CHAIR, start=D(2024, 12, 31))
    assert "đã có Chủ tịch Nguyễn Văn Chủ Tịch" in str(refused.value)
    with pytest.raises(ValidationError, match="đã là thành viên"):
        add(council, "hoàng  văn ủy viên", start=D(2030, 1, 1))  # the same typed name, spaces and case aside
    with pytest.raises(ValidationError, match="không được trước ngày bắt đầu"):
        add(council, "Mai Văn Ngược", start=D(2024, 5, 2), end=D(2024, 5, 1))
    with pytest.raises(ValidationError, match="nhập họ và tên"):
        add(council, "   ")
    assert (CouncilMember.objects.count(), Activity.objects.count()) == before
    chair = add(council, "Lý Văn Chủ Tịch Mới", CouncilRole.CHAIR, start=D(2025, 1, 1))  # the day after: fine
    assert names(councils.members_on(council, D(2025, 1, 1)))[0] == chair.name


def test_ending_and_removing_are_logged_old_to_new(council):
    member = add(council, "Đinh Văn Rời", position="Giám đốc Sở Tài chính")
    with pytest.raises(ValidationError, match="không được trước ngày bắt đầu"):
        councils.end_member(member, D(2023, 12, 31))
    councils.end_member(member, D(2024, 8, 15))
    with pytest.raises(ValidationError, match="đã thôi là thành viên"):
        councils.end_member(member, D(2024, 9, 1))
    councils.remove_member(member)
    log = list(Activity.objects.for_scope(f"council:{council.pk}").order_by("id"))
    assert [e.summary for e in log] == [
        "Tạo hội đồng “Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm” của UBND tỉnh Thử Nghiệm",
        "Thêm thành viên: Đinh Văn Rời — Ủy viên, từ 02/01/2024",
        "Kết thúc thành viên: Đinh Văn Rời, đến hết 15/08/2024",
        "Xóa dòng thành viên nhập nhầm: Đinh Văn Rời"]
    assert log[2].changes == [{"field": "Đến hết ngày (Đinh Văn Rời)", "old": "", "new": "15/08/2024"}]
    assert log[3].changes[0]["old"] == "Đinh Văn Rời; Ủy viên; Giám đốc Sở Tài chính; từ 02/01/2024 đến hết 15/08/2024"
    assert not CouncilMember.objects.exists()


def test_a_change_without_its_log_entry_is_not_kept(council, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the log is down")

    monkeypatch.setattr(activity, "record", broken)
    with pytest.raises(RuntimeError):
        add(council, "Cao Văn Mất Nhật Ký")
    assert not CouncilMember.objects.exists()


def test_council_names_are_unique_per_organiser(council):
    with pytest.raises(ValidationError, match="đã có hội đồng"):
        councils.create_council(council.organiser, " hội đồng thi đua - khen thưởng tỉnh thử nghiệm ")
    other = b.organiser("ubnd-khac", "UBND tỉnh Khác", "province")
    councils.create_council(other, council.name)
    changes = councils.update_council(council, "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm (kiện toàn)",
                                      council.decision_ref)
    assert changes == [{"field": "tên hội đồng", "old": "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm",
                        "new": "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm (kiện toàn)"}]
    assert Council.objects.count() == 2
