"""A council's session on its council's record (issue 10 item 1): when it opens, its voters are the council's
members on the meeting's day — not a member whose term ended the day before, not one who starts the day after, not
the secretariat — and "all members" of the law's share (VoteThreshold: share of ALL council members) is that
count, not those present. The organiser's staff of the council's organiser run it; sessions without a council
keep their typed electorate (tests/voting/test_thresholds.py, test_views.py)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.awards.models import Award
from thidua.demo import builders as b
from thidua.orgs.domain import councils
from thidua.orgs.enums import CouncilRole
from thidua.orgs.models import Area
from thidua.voting.domain import sessions as voting
from thidua.voting.domain import setup as voting_setup
from thidua.voting.enums import Outcome, QuestionKind, SessionKind, SessionState
from thidua.voting.models import BallotSession, QuestionResult

pytestmark = pytest.mark.django_db

D = dt.date
MEETING = D(2025, 3, 10)
SITTING = ["Nguyễn Văn Chủ Tịch", "Bùi Văn Phó", "Cao Thị Một", "Đào Văn Hai", "Giang Thị Ba", "Hà Văn Bốn",
           "Kim Thị Năm", "Lâm Văn Sáu", "Mạc Thị Bảy", "Ninh Văn Thư Ký"]


@pytest.fixture
def ctx(make_user):
    Area.objects.create(code="tinh-thu-nghiem", name="Tỉnh Thử Nghiệm", kind="province")
    organiser = b.organiser("ubnd-thu-nghiem", "UBND tỉnh Thử Nghiệm", "province", area_code="tinh-thu-nghiem")
    other = b.organiser("ubnd-ben-canh", "UBND tỉnh Bên Cạnh", "province")
    # the chair's record is of the province's own units: a council picks its members within its province
    unit = b.unit("vp-ubnd-tn", "Văn phòng UBND tỉnh Thử Nghiệm", area_code="tinh-thu-nghiem")
    chair = b.person(unit, "Nguyễn Văn Chủ Tịch", "male", "Chủ tịch UBND tỉnh")
    council = councils.create_council(organiser, "Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm")
    start = D(2024, 1, 2)
    councils.add_member(council, person=chair, role=CouncilRole.CHAIR, valid_from=start)
    councils.add_member(council, name="Bùi Văn Phó", role=CouncilRole.VICE_CHAIR, valid_from=start)
    for name in SITTING[2:-1]:
        councils.add_member(council, name=name, role=CouncilRole.MEMBER, valid_from=start)
    councils.add_member(council, name="Ninh Văn Thư Ký", role=CouncilRole.SECRETARY, valid_from=start)
    # the edges: ended the day before the meeting, starts the day after, the secretariat (no vote)
    councils.add_member(council, name="Lê Văn Đã Nghỉ", role=CouncilRole.MEMBER, valid_from=start,
                        valid_to=MEETING - dt.timedelta(days=1))
    councils.add_member(council, name="Trần Thị Sắp Vào", role=CouncilRole.MEMBER,
                        valid_from=MEETING + dt.timedelta(days=1))
    councils.add_member(council, name="Đỗ Văn Giúp Việc", role=CouncilRole.SECRETARIAT, valid_from=start)
    return {"organiser": organiser, "other": other, "council": council, "chair": chair,
            "staff": make_user("to-chuc", (Role.ORGANISER_STAFF, organiser)),
            "other_staff": make_user("to-chuc-khac", (Role.ORGANISER_STAFF, other)),
            "admin": make_user("quan-tri", (Role.ADMIN, None))}


def council_session(ctx, held_on=MEETING, actor=None):
    """The council votes CSTĐ cơ sở (≥ 80% of all members) and CSTĐ cấp tỉnh (≥ 90%) on one nominee each."""
    session = voting.create_session("Hội đồng xét danh hiệu năm 2024", SessionKind.COUNCIL, electorate_kind="persons",
                                    council=ctx["council"], held_on=held_on, actor=actor, threshold_numerator=1,
                                    threshold_denominator=2, quorum_numerator=4, quorum_denominator=5)
    questions = {}
    for code, nominee in (("cstd-cs", "Vũ Thị Đề Nghị"), ("cstd-tinh", "Phan Văn Đề Nghị")):
        question = voting.add_question(session, QuestionKind.APPROVE, f"Biểu quyết {code}",
                                       award=Award.objects.get(code=code))
        voting.add_candidate(question, label=nominee)
        questions[code] = question
    return session, questions


def test_the_electorate_is_the_councils_members_on_the_meeting_day(ctx):
    session, _questions = council_session(ctx)
    assert session.council_name == ctx["council"].name  # the minutes' heading, from the record
    assert [m.name for m in voting.council_electorate(session)] == SITTING
    assert not session.voters.exists()  # nothing typed by hand
    voting.open_session(session)
    voters = {v.label: v for v in session.voters.all()}
    assert sorted(voters) == sorted(SITTING)
    assert "Lê Văn Đã Nghỉ" not in voters and "Trần Thị Sắp Vào" not in voters and "Đỗ Văn Giúp Việc" not in voters
    assert voters["Nguyễn Văn Chủ Tịch"].person == ctx["chair"]
    assert session.ballots.count() == 10
    # the electorate is frozen: a change of members afterwards does not touch it
    councils.end_member(ctx["council"].memberships.get(name="Cao Thị Một"), MEETING)
    councils.add_member(ctx["council"], name="Lục Văn Muộn", role=CouncilRole.MEMBER, valid_from=MEETING)
    assert sorted(session.voters.values_list("label", flat=True)) == sorted(SITTING)


def test_without_a_meeting_day_the_opening_day_counts(ctx):
    session, _questions = council_session(ctx, held_on=None)
    voting.open_session(session)
    # today the member who left on 9/3/2025 is out and the one from 11/3/2025 is in
    assert sorted(session.voters.values_list("label", flat=True)) == sorted(SITTING + ["Trần Thị Sắp Vào"])


def test_the_threshold_counts_all_members_not_those_present(ctx):
    session, questions = council_session(ctx)
    session = voting.open_session(session)
    approve = {q.pk: [q.candidates.get().pk] for q in questions.values()}
    for voter in session.voters.order_by("pk")[:8]:  # 8 present, all for; 2 absent without a written vote
        voting.cast_ballot(session, voter, approve)
    voting.close_session(session)
    tallies = voting.tally_session(session)
    cs, tinh = tallies[questions["cstd-cs"].pk], tallies[questions["cstd-tinh"].pk]
    assert cs.electorate == tinh.electorate == 10
    assert cs.rows[0].outcome == Outcome.PASSED and "8 phiếu (80%)" in cs.rows[0].reason
    # 8 of the 8 present would be 100%; of all 10 members it is 80%, short of the law's 90%
    assert tinh.rows[0].outcome == Outcome.NOT_PASSED and "chưa đạt ≥ 90% tổng số thành viên" in tinh.rows[0].reason
    assert set(QuestionResult.objects.filter(question__session=session).values_list("electorate", flat=True)) == {10}


def test_a_council_without_members_on_the_day_cannot_open(ctx):
    session, _questions = council_session(ctx, held_on=D(2023, 6, 1))
    problems = voting.issues_before_opening(session)
    assert "Hội đồng “Hội đồng Thi đua - Khen thưởng tỉnh Thử Nghiệm” không có thành viên nào vào ngày 01/06/2023." \
        in problems
    with pytest.raises(ValidationError):
        voting.open_session(session)
    assert BallotSession.objects.get(pk=session.pk).state == SessionState.DRAFT


def test_the_members_are_not_typed_by_hand_on_a_linked_session(client, ctx):
    session, _questions = council_session(ctx)
    with pytest.raises(ValidationError, match="lấy danh sách thành viên từ hội đồng"):
        voting_setup.add_council_members(session, [ctx["chair"]])
    client.force_login(ctx["staff"])
    url = reverse("voting:council_members", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200 and [m.name for m in page.context["council_members"]] == SITTING
    client.post(url, {"person": [ctx["chair"].pk]})
    assert not session.voters.exists()
    detail = client.get(reverse("voting:session_detail", args=[session.pk])).content.decode()
    assert "Thành viên hội đồng ngày 10/03/2025 (10)" in detail


def test_the_councils_organiser_runs_the_session_and_no_other(client, ctx):
    session, _questions = council_session(ctx)
    client.force_login(ctx["other_staff"])  # an organiser's staff, but not of this council's organiser
    for name in ("session_detail", "council_members"):
        assert client.get(reverse(f"voting:{name}", args=[session.pk])).status_code == 403, name
    assert client.post(reverse("voting:session_open", args=[session.pk])).status_code == 403
    assert BallotSession.objects.get(pk=session.pk).state == SessionState.DRAFT
    for who in ("staff", "admin"):
        client.force_login(ctx[who])
        response = client.get(reverse("voting:session_detail", args=[session.pk]))
        assert response.status_code == 200 and response.context["can_manage"], who
    client.post(reverse("voting:session_open", args=[session.pk]))
    assert BallotSession.objects.get(pk=session.pk).state == SessionState.OPEN and session.voters.count() == 10


def test_creating_a_session_on_the_council_through_the_page(client, ctx):
    foreign = councils.create_council(ctx["other"], "Hội đồng Thi đua - Khen thưởng tỉnh Bên Cạnh")
    client.force_login(ctx["staff"])
    form = client.get(reverse("voting:council_create")).context["form"]
    assert list(form.fields["council"].queryset) == [ctx["council"]]
    data = {"title": "Hội đồng xét Cờ thi đua năm 2024", "kind": "council", "electorate_kind": "persons",
            "council_name": "", "held_on": "10/03/2025", "threshold_numerator": 4, "threshold_denominator": 5,
            "threshold_basis": "all", "quorum_numerator": 4, "quorum_denominator": 5, "max_rounds": 1}
    refused = client.post(reverse("voting:council_create"), {**data, "council": foreign.pk})
    assert refused.status_code == 200 and "council" in refused.context["form"].errors
    assert refused.context["form"]["title"].value() == data["title"]
    assert not BallotSession.objects.exists()
    empty = client.post(reverse("voting:council_create"), data)  # neither a council nor a name
    assert "Chọn hội đồng hoặc nhập tên hội đồng." in empty.content.decode() and not BallotSession.objects.exists()
    assert client.post(reverse("voting:council_create"), {**data, "council": ctx["council"].pk}).status_code == 302
    session = BallotSession.objects.get()
    assert (session.council, session.council_name, session.held_on) == (ctx["council"], ctx["council"].name, MEETING)


def test_the_domain_refuses_a_council_where_it_does_not_belong(ctx):
    with pytest.raises(PermissionDenied):
        council_session(ctx, actor=ctx["other_staff"])
    with pytest.raises(ValidationError, match="Chỉ phiên biểu quyết của hội đồng"):
        voting.create_session("Suy tôn", SessionKind.NOMINATION, electorate_kind="units", council=ctx["council"])
    assert not BallotSession.objects.exists()


def test_the_sessions_list_shows_a_council_session_to_its_organisers_staff_only(client, ctx):
    session, _questions = council_session(ctx)
    typed = voting.create_session("Hội đồng nhập tay", SessionKind.COUNCIL, electorate_kind="persons",
                                  council_name="Hội đồng Thi đua - Khen thưởng (nhập tay)", actor=ctx["staff"])
    assert typed.organiser == ctx["organiser"]  # no council's record: it belongs to its creator's organiser
    for who, expected in (("staff", {session.pk, typed.pk}), ("other_staff", set()),
                          ("admin", {session.pk, typed.pk})):
        client.force_login(ctx[who])
        assert {s.pk for s in client.get(reverse("voting:index")).context["sessions"]} == expected, who


def test_a_council_session_opened_without_its_day_is_dated_the_opening_day(ctx, monkeypatch):
    """Its voters and thresholds are frozen on the opening day (session_day); its minutes and results carry the
    same day (meeting_day), not the day it was counted — held_on is set when it opens, and logged."""
    from django.utils import timezone

    from thidua.core.models import Activity
    from thidua.voting.domain.dates import meeting_day
    from thidua.voting.domain.thresholds import session_day

    opening = timezone.now() - dt.timedelta(days=3)
    session, _questions = council_session(ctx, held_on=None)
    monkeypatch.setattr(timezone, "now", lambda: opening)
    voting.open_session(session)
    assert session.held_on == timezone.localdate(opening)  # the caller's copy too
    entry = Activity.objects.latest("id")
    assert f"ngày họp, biểu quyết: {timezone.localdate(opening):%d/%m/%Y}" in entry.summary
    monkeypatch.undo()  # counted three days later
    voting.close_session(session)
    voting.tally_session(session)
    session = BallotSession.objects.get(pk=session.pk)
    assert session.held_on == timezone.localdate(opening)
    assert meeting_day(session) == session_day(session) == timezone.localdate(opening)
    # a council session opened with its day keeps it
    dated, _questions = council_session(ctx)
    voting.open_session(dated)
    dated.refresh_from_db()
    assert dated.held_on == MEETING
