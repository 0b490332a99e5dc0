"""A past year recorded as it happened (issue 10 item 3): a block of an invented province records its 2019 year in
2026 — the year-end conference of 10/01/2020, the phases stepped over, the election of 2020's head and deputy by
paper totals — and every fact carries the meeting's date: the minutes, the terms and the 2020 year it opens."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.accounts.models import Role
from thidua.clusters.domain.periods import add_members, create_period, record_past_phase, set_leader
from thidua.clusters.enums import ChoiceMethod, LeadershipRole, Phase
from thidua.demo import builders as b
from thidua.meetings.domain.conferences import record_conference
from thidua.meetings.enums import ConferenceKind
from thidua.orgs.models import Area
from thidua.voting.domain import sessions as voting
from thidua.voting.domain.dates import meeting_day, year_end_conference_day
from thidua.voting.enums import QuestionKind, SessionKind
from thidua.voting.models import BallotSession

pytestmark = pytest.mark.django_db

CONFERENCE_DAY = dt.date(2020, 1, 10)


@pytest.fixture
def year2019(make_user):
    Area.objects.create(code="tinh-thu-nghiem", name="Tỉnh Thử Nghiệm", kind="province")
    organiser = b.organiser("ubnd-thu-nghiem", "Ủy ban nhân dân Tỉnh Thử Nghiệm", "province",
                            area_code="tinh-thu-nghiem")
    cluster = b.cluster("khoi-thu-nghiem", "Khối thi đua các sở Tỉnh Thử Nghiệm", organiser, kind="khoi",
                        area_code="tinh-thu-nghiem")
    units = [b.unit(f"tn-{i}", f"Sở Thử Nghiệm số {i}", area_code="tinh-thu-nghiem") for i in range(1, 5)]
    period = create_period(cluster, 2019)
    add_members(period, units)
    set_leader(period, LeadershipRole.HEAD, units[0], ChoiceMethod.ASSIGNMENT, "QĐ 12/QĐ-UBND", dt.date(2019, 1, 15))
    user = make_user("to-chuc-tn", (Role.ORGANISER_STAFF, organiser))
    record_conference(period, ConferenceKind.YEAR_END, "Hội nghị tổng kết năm 2019", CONFERENCE_DAY,
                      attending_units=units, actor=user)
    record_past_phase(period, Phase.VOTING, "Ghi nhận năm 2019 theo biên bản hội nghị ngày 10/01/2020", user)
    return {"organiser": organiser, "cluster": cluster, "units": units, "period": period, "user": user}


def _elect_by_paper_totals(ctx, **session_fields) -> BallotSession:
    """2020's head and deputy elected at the conference, the committee's totals entered in 2026."""
    units = ctx["units"]
    session = voting.create_session("Bầu khối trưởng, khối phó năm 2020", SessionKind.ELECTION, period=ctx["period"],
                                    **session_fields)
    head = voting.add_question(session, QuestionKind.ELECT_HEAD, "Khối trưởng năm 2020")
    deputy = voting.add_question(session, QuestionKind.ELECT_DEPUTY, "Khối phó năm 2020")
    head_votes = {voting.add_candidate(head, unit=units[1]).pk: 4, voting.add_candidate(head, unit=units[2]).pk: 0}
    deputy_votes = {voting.add_candidate(deputy, unit=units[3]).pk: 3, voting.add_candidate(deputy, unit=units[2]).pk: 1}
    session = voting.open_session(session)
    voting.mark_paper_voters(session, list(session.voters.all()))
    voting.enter_paper_counts(session, head, 4, 0, head_votes)
    voting.enter_paper_counts(session, deputy, 4, 0, deputy_votes)
    voting.close_session(session)
    voting.tally_session(session)
    return BallotSession.objects.get(pk=session.pk)


def test_a_2019_election_carries_2019s_dates_everywhere(year2019):
    from thidua.voting.documents import minutes_count_context, minutes_review_context

    session = _elect_by_paper_totals(year2019, held_on=CONFERENCE_DAY)
    assert session.tallied_at.date() > dt.date(2026, 1, 1)  # counted in the system today: an audit time only
    assert meeting_day(session) == CONFERENCE_DAY
    minutes = minutes_count_context(session)
    assert minutes["intro"].startswith("Hôm nay, ngày 10 tháng 01 năm 2020, Ban kiểm phiếu")
    assert minutes["place_date"] == "Tỉnh Thử Nghiệm, ngày 10 tháng 01 năm 2020"
    assert "2020" in minutes_review_context(session)["place_date"]
    applied = voting.apply_results(session)
    following = applied["next_period"]
    # the year the election opens: 1/1–31/12/2020, not 30/12 (2019's 364 days after 1/1/2020)
    assert (following.year, following.start_date, following.end_date) == (2020, dt.date(2020, 1, 1),
                                                                          dt.date(2020, 12, 31))
    terms = {t.role: t for t in following.leadership_terms.select_related("unit")}
    assert terms[LeadershipRole.HEAD].unit == year2019["units"][1]
    assert terms[LeadershipRole.DEPUTY].unit == year2019["units"][3]
    assert {t.decided_on for t in terms.values()} == {CONFERENCE_DAY}
    assert {t.method for t in terms.values()} == {ChoiceMethod.ELECTION}


def test_after_a_leap_year_the_next_year_still_ends_on_31_december(year2019):
    """2020 has 366 days: moved by its length, 2021 would have run to 1/1/2022."""
    ctx = dict(year2019)
    ctx["period"] = period = create_period(year2019["cluster"], 2020, copy_members_from=year2019["period"])
    set_leader(period, LeadershipRole.HEAD, year2019["units"][0])
    record_past_phase(period, Phase.VOTING, "Ghi nhận năm 2020", year2019["user"])
    session = _elect_by_paper_totals(ctx, held_on=dt.date(2021, 1, 8))
    following = voting.apply_results(session)["next_period"]
    assert (following.start_date, following.end_date) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert {t.decided_on for t in following.leadership_terms.all()} == {dt.date(2021, 1, 8)}


def test_without_a_meeting_day_the_count_day_is_used(year2019):
    session = _elect_by_paper_totals(year2019)
    assert meeting_day(session) == session.tallied_at.astimezone().date()


def test_a_new_session_of_the_year_offers_the_conference_day_and_keeps_the_day_typed(year2019, client_for):
    period = year2019["period"]
    assert year_end_conference_day(period) == CONFERENCE_DAY
    client = client_for(year2019["user"])
    url = reverse("voting:session_create", args=[period.pk])
    page = client.get(url).content.decode()
    assert 'name="held_on"' in page and 'value="10/01/2020"' in page
    response = client.post(url, {"title": "Bầu khối trưởng, khối phó năm 2020", "kind": "election",
                                 "electorate_kind": "units", "regulation_ref": "", "held_on": "09/01/2020",
                                 "threshold_numerator": "1", "threshold_denominator": "2", "threshold_strict": "on",
                                 "threshold_basis": "all", "quorum_numerator": "2", "quorum_denominator": "3",
                                 "max_rounds": "2"})
    assert response.status_code == 302
    session = BallotSession.objects.get(period=period)
    assert session.held_on == dt.date(2019 + 1, 1, 9)
    response = client.post(url, {"title": "Sai ngày", "kind": "election", "electorate_kind": "units",
                                 "held_on": "31/02/2020", "threshold_numerator": "1", "threshold_denominator": "2",
                                 "threshold_basis": "all", "quorum_numerator": "2", "quorum_denominator": "3",
                                 "max_rounds": "2"})
    assert response.status_code == 200 and 'value="31/02/2020"' in response.content.decode()
    assert BallotSession.objects.filter(period=period).count() == 1


def test_the_results_page_shows_the_meeting_day(year2019, client_for):
    session = _elect_by_paper_totals(year2019, held_on=CONFERENCE_DAY)
    page = client_for(year2019["user"]).get(reverse("voting:results", args=[session.pk])).content.decode()
    assert '<span id="meeting-day">Ngày họp, biểu quyết: 10/01/2020.</span>' in page


def test_a_counted_sessions_meeting_day_is_entered_afterwards_and_logged(year2019, client_for, make_user):
    from thidua.core.models import Activity
    from thidua.voting.documents import minutes_count_context

    session = _elect_by_paper_totals(year2019)  # counted without its meeting day
    client = client_for(year2019["user"])
    url = reverse("voting:session_meeting_day", args=[session.pk])
    page = client.get(reverse("voting:results", args=[session.pk])).content.decode()
    assert 'id="meeting-day-form"' in page
    response = client.post(url, {"held_on": "31/02/2020"})
    assert response.status_code == 200 and 'value="31/02/2020"' in response.content.decode()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(url, {"held_on": tomorrow})
    assert response.status_code == 200 and "ở tương lai" in response.content.decode()
    session.refresh_from_db()
    assert session.held_on is None
    assert client.post(url, {"held_on": "10/01/2020"}).status_code == 302
    session.refresh_from_db()
    assert session.held_on == CONFERENCE_DAY
    assert minutes_count_context(session)["intro"].startswith("Hôm nay, ngày 10 tháng 01 năm 2020")
    entry = Activity.objects.latest("id")
    assert entry.changes == [{"field": "Ngày họp, biểu quyết", "old": "", "new": "10/01/2020"}]
    # a unit officer of a member may not change it
    officer = make_user("can-bo-tn", (Role.UNIT_OFFICER, year2019["units"][2]))
    assert client_for(officer).post(url, {"held_on": "11/01/2020"}).status_code == 403
    session.refresh_from_db()
    assert session.held_on == CONFERENCE_DAY


def test_a_councils_meeting_day_changes_only_in_preparation(db):
    from django.core.exceptions import ValidationError

    from thidua.voting.domain.dates import set_meeting_day

    session = voting.create_session("Hội đồng xét khen thưởng", SessionKind.COUNCIL, electorate_kind="persons",
                                    council_name="Hội đồng Thi đua - Khen thưởng Tỉnh Thử Nghiệm")
    set_meeting_day(session, dt.date(2020, 1, 15))
    session.refresh_from_db()
    assert session.held_on == dt.date(2020, 1, 15)
    BallotSession.objects.filter(pk=session.pk).update(state="open")  # its thresholds were fixed on that day
    with pytest.raises(ValidationError, match="không sửa được sau khi mở"):
        set_meeting_day(session, dt.date(2020, 1, 16))
    session.refresh_from_db()
    assert session.held_on == dt.date(2020, 1, 15)


def test_a_meeting_day_is_held_to_the_years_window_and_never_in_the_future(year2019, client_for):
    """The rule the year's conferences are held to (meetings.domain.conferences.year_window): 120 days before the
    year starts to 200 days after it ends. A typing mistake such as 10/01/2002 on the 2019 ballot is refused by the
    session forms and by set_meeting_day, with nothing written; the edges themselves are accepted."""
    from django.core.exceptions import ValidationError

    from thidua.voting.domain.dates import check_meeting_day, set_meeting_day

    period, user = year2019["period"], year2019["user"]
    first, last = period.start_date - dt.timedelta(days=120), period.end_date + dt.timedelta(days=200)
    today = dt.date.today()
    for day in (first, last, CONFERENCE_DAY):
        check_meeting_day(period, day)
    for day in (first - dt.timedelta(days=1), last + dt.timedelta(days=1), dt.date(2002, 1, 10)):
        with pytest.raises(ValidationError, match="quá xa năm thi đua 2019"):
            check_meeting_day(period, day)
    check_meeting_day(None, today)  # a council's session: only never in the future
    with pytest.raises(ValidationError, match="ở tương lai"):
        check_meeting_day(None, today + dt.timedelta(days=1))
    # the form of a new session of the year
    client = client_for(user)
    url = reverse("voting:session_create", args=[period.pk])
    fields = {"title": "Bầu khối trưởng, khối phó năm 2020", "kind": "election", "electorate_kind": "units",
              "regulation_ref": "", "threshold_numerator": "1", "threshold_denominator": "2",
              "threshold_basis": "all", "quorum_numerator": "2", "quorum_denominator": "3", "max_rounds": "2"}
    response = client.post(url, {**fields, "held_on": "10/01/2002"})
    page = response.content.decode()
    assert response.status_code == 200 and 'value="10/01/2002"' in page
    assert (f"Ngày họp, biểu quyết 10/01/2002 quá xa năm thi đua 2019: phải từ {first:%d/%m/%Y} đến "
            f"{last:%d/%m/%Y}.") in page
    assert not BallotSession.objects.filter(period=period).exists()
    response = client.post(url, {**fields, "held_on": (last + dt.timedelta(days=1)).strftime("%d/%m/%Y")})
    assert response.status_code == 200 and not BallotSession.objects.filter(period=period).exists()
    assert client.post(url, {**fields, "held_on": last.strftime("%d/%m/%Y")}).status_code == 302
    # the domain refuses it too, whoever calls it
    with pytest.raises(ValidationError, match="quá xa năm thi đua 2019"):
        voting.create_session("Sai ngày", SessionKind.ELECTION, period=period, held_on=dt.date(2002, 1, 10))
    assert BallotSession.objects.filter(period=period).count() == 1
    from thidua.voting.domain.setup import update_rules

    draft = BallotSession.objects.get(period=period)
    with pytest.raises(ValidationError, match="quá xa năm thi đua 2019"):
        update_rules(draft, held_on=dt.date(2002, 1, 10))
    draft.refresh_from_db()
    assert draft.held_on == last
    # a counted session's day entered afterwards
    session = _elect_by_paper_totals(year2019)
    for day in (dt.date(2002, 1, 10), first - dt.timedelta(days=1), last + dt.timedelta(days=1)):
        with pytest.raises(ValidationError, match="quá xa năm thi đua 2019"):
            set_meeting_day(session, day, actor=user)
    session.refresh_from_db()
    assert session.held_on is None
    meeting_url = reverse("voting:session_meeting_day", args=[session.pk])
    response = client.post(meeting_url, {"held_on": "10/01/2002"})
    assert response.status_code == 200 and "quá xa năm thi đua 2019" in response.content.decode()
    session.refresh_from_db()
    assert session.held_on is None
    set_meeting_day(session, first, actor=user)
    set_meeting_day(session, last, actor=user)
    session.refresh_from_db()
    assert session.held_on == last


def test_a_councils_meeting_day_is_never_in_the_future_even_in_preparation(db):
    from django.core.exceptions import ValidationError

    from thidua.voting.domain.dates import set_meeting_day

    session = voting.create_session("Hội đồng xét khen thưởng", SessionKind.COUNCIL, electorate_kind="persons",
                                    council_name="Hội đồng Thi đua - Khen thưởng Tỉnh Thử Nghiệm")
    with pytest.raises(ValidationError, match="ở tương lai"):
        set_meeting_day(session, dt.date.today() + dt.timedelta(days=1))
    session.refresh_from_db()
    assert session.held_on is None


def test_a_session_prepared_before_its_conference_may_name_the_coming_day(make_user):
    """The head unit prepares this year's ballot before the year-end conference: the day it names may be coming;
    once the vote is over, a day entered afterwards is a fact and never in the future."""
    from django.core.exceptions import ValidationError

    from thidua.voting.domain.dates import set_meeting_day

    today = dt.date.today()
    organiser = b.organiser("ubnd-tn-nay", "Ủy ban nhân dân Tỉnh Thử Nghiệm Nay", "province")
    period = create_period(b.cluster("khoi-tn-nay", "Khối thi đua Thử Nghiệm Nay", organiser, kind="khoi"), today.year)
    coming = min(today + dt.timedelta(days=5), period.end_date)
    session = voting.create_session("Bình xét năm nay", SessionKind.NOMINATION, period=period, held_on=coming)
    assert session.held_on == coming
    with pytest.raises(ValidationError, match="ở tương lai"):
        set_meeting_day(session, today + dt.timedelta(days=1))
