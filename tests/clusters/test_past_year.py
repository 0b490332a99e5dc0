"""Recording a past year (issue 10 item 3): the next year's span, the phases of a year that is over stepped over
in one action with a reason."""

import datetime as dt

import pytest

from thidua.clusters.domain.periods import create_period, default_span, shifted_span

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(("start", "end", "expected"), [
    # a calendar year, into, out of and across a leap year: always 1/1–31/12 (a length in days gave 30/12)
    (D(2023, 1, 1), D(2023, 12, 31), (D(2024, 1, 1), D(2024, 12, 31))),
    (D(2024, 1, 1), D(2024, 12, 31), (D(2025, 1, 1), D(2025, 12, 31))),
    (D(2019, 1, 1), D(2019, 12, 31), (D(2020, 1, 1), D(2020, 12, 31))),
    # the courts' October–September, whose year holds 29/2/2024
    (D(2023, 10, 1), D(2024, 9, 30), (D(2024, 10, 1), D(2025, 9, 30))),
    (D(2022, 10, 1), D(2023, 9, 30), (D(2023, 10, 1), D(2024, 9, 30))),
    # a year ending on the last day of February keeps ending on it: 29/2 in a leap year, 28/2 otherwise
    (D(2023, 3, 1), D(2024, 2, 29), (D(2024, 3, 1), D(2025, 2, 28))),
    (D(2022, 3, 1), D(2023, 2, 28), (D(2023, 3, 1), D(2024, 2, 29))),
    # a start on 29/2 has no day in a common year: 1/3, the day after the year before ends on 28/2
    (D(2024, 2, 29), D(2025, 2, 28), (D(2025, 3, 1), D(2026, 2, 28))),
    (D(2024, 2, 29), D(2025, 2, 27), (D(2025, 3, 1), D(2026, 2, 27))),
])
def test_next_year_covers_the_same_calendar_span(start, end, expected):
    assert shifted_span(start, end) == expected


def test_a_span_moved_by_several_years():
    assert shifted_span(D(2019, 10, 1), D(2020, 9, 30), years=4) == (D(2023, 10, 1), D(2024, 9, 30))
    assert shifted_span(D(2021, 3, 1), D(2022, 2, 28), years=2) == (D(2023, 3, 1), D(2024, 2, 29))


def test_a_year_opened_without_dates_follows_the_cluster_before_it(s1):
    cluster = s1["cluster"]
    from thidua.demo.scenarios import load_s3

    courts = load_s3()["cluster"]  # 2022 ran 1/10/2021–30/9/2022
    assert default_span(courts, 2023) == (D(2022, 10, 1), D(2023, 9, 30))
    period = create_period(courts, 2024)  # 2023 not opened: two calendar years after 2022
    assert (period.start_date, period.end_date) == (D(2023, 10, 1), D(2024, 9, 30))
    leap = create_period(cluster, 2025)  # after S1's 2024, a leap year
    assert (leap.start_date, leap.end_date) == (D(2025, 1, 1), D(2025, 12, 31))
    assert default_span(cluster, 2010) == (D(2010, 1, 1), D(2010, 12, 31))  # nothing before: the calendar year


# -- the phases of a past year stepped over in one action with a reason -------------------------------------------

@pytest.fixture
def past(s1, make_user):
    from thidua.accounts.models import Role

    cluster, units = s1["cluster"], s1["units"]
    return {
        "period": cluster.periods.get(year=2023),  # ended 31/12/2023, still in its first phase
        "organiser": make_user("to-chuc", (Role.ORGANISER_STAFF, cluster.organiser)),
        "head": make_user("truong-khoi", (Role.HEAD_STAFF, units["tand"])),
        "officer": make_user("can-bo", (Role.UNIT_OFFICER, units["vks"])),
        "other_organiser": make_user("tinh-khac", (Role.ORGANISER_STAFF, _other_organiser())),
    }


def _other_organiser():
    from thidua.orgs.models import Organiser

    return Organiser.objects.create(code="ubnd-khac", name="Ủy ban nhân dân tỉnh Khác", kind="province")


def test_an_organiser_steps_a_past_year_straight_to_the_vote_with_one_logged_reason(past):
    from thidua.clusters.domain.periods import record_past_phase
    from thidua.clusters.enums import Phase
    from thidua.core.models import Activity

    period = past["period"]
    assert period.phase == Phase.SETUP
    before = Activity.objects.count()
    record_past_phase(period, Phase.VOTING, "  Ghi nhận năm 2023 theo biên bản ngày 09/01/2024  ", past["organiser"])
    period.refresh_from_db()
    assert period.phase == Phase.VOTING
    assert Activity.objects.count() == before + 1  # one entry, not seven
    entry = Activity.objects.latest("id")
    assert entry.action == Activity.Action.TRANSITION and entry.actor == past["organiser"]
    assert entry.summary == ("Năm 2023 (đã qua): Thiết lập → Bình xét, suy tôn, chuyển thẳng — lý do: Ghi nhận năm "
                             "2023 theo biên bản ngày 09/01/2024")
    assert entry.changes[0] == {"field": "Giai đoạn", "old": "Thiết lập", "new": "Bình xét, suy tôn"}
    assert entry.changes[1]["new"] == ("Đăng ký thi đua, Đang thi đua, Tự chấm điểm, Thẩm định, giải trình, Chấm chéo, "
                                       "Tổng hợp, xếp hạng")
    assert entry.changes[2] == {"field": "Lý do", "old": "", "new": "Ghi nhận năm 2023 theo biên bản ngày 09/01/2024"}
    record_past_phase(period, Phase.CLOSED, "Đã ghi xong kết quả bỏ phiếu", past["organiser"])
    period.refresh_from_db()
    assert period.phase == Phase.CLOSED


def test_the_gates_stepped_over_are_not_checked(past):
    """A year with no head and no score sheets: each step would be refused, the recording is not."""
    from thidua.clusters.domain.periods import issues_before_transition, record_past_phase
    from thidua.clusters.enums import Phase

    period = past["period"]
    period.leadership_terms.all().delete()
    assert issues_before_transition(period, Phase.REGISTRATION)  # the ordinary way is blocked
    record_past_phase(period, Phase.CLOSED, "Năm 2023 ghi nhận sau", past["organiser"])
    period.refresh_from_db()
    assert period.phase == Phase.CLOSED


@pytest.mark.parametrize(("year", "phase", "reason", "message"), [
    (2027, "voting", "Lý do", "Năm thi đua 2027 chưa kết thúc (đến hết ngày 31/12/2027)"),
    (2023, "voting", "   ", "Cần ghi lý do chuyển thẳng giai đoạn"),
    (2023, "setup", "Lý do", "Chọn một giai đoạn sau giai đoạn hiện tại “Thiết lập”"),
    (2023, "nonsense", "Lý do", "Chọn một giai đoạn sau giai đoạn hiện tại"),
])
def test_refused_for_a_year_not_over_without_reason_or_backwards_and_nothing_written(past, year, phase, reason,
                                                                                       message):
    from django.core.exceptions import ValidationError

    from thidua.clusters.domain.periods import record_past_phase
    from thidua.core.models import Activity

    period = past["period"] if year == 2023 else create_period(past["period"].cluster, year)
    before = Activity.objects.count()
    with pytest.raises(ValidationError) as refused:
        record_past_phase(period, phase, reason, past["organiser"], today=D(2026, 12, 7))
    assert any(m.startswith(message) for m in refused.value.messages)
    period.refresh_from_db()
    assert period.phase == "setup" and Activity.objects.count() == before


@pytest.mark.parametrize("who", ["head", "officer", "other_organiser", None])
def test_refused_to_anyone_but_the_organiser(past, who):
    from django.core.exceptions import PermissionDenied

    from thidua.clusters.domain.periods import record_past_phase

    with pytest.raises(PermissionDenied):
        record_past_phase(past["period"], "voting", "Lý do", past[who] if who else None)
    past["period"].refresh_from_db()
    assert past["period"].phase == "setup"


# -- the page ---------------------------------------------------------------------------------------------------

def test_the_year_page_offers_the_form_to_the_organiser_for_a_past_year_only(past, client_for):
    from django.urls import reverse

    period = past["period"]
    page = client_for(past["organiser"]).get(reverse("clusters:period_detail", args=[period.pk])).content.decode()
    assert "Ghi nhận năm đã qua: chuyển thẳng tới giai đoạn …" in page and 'id="record-past-year"' in page
    assert 'name="reason"' in page and "data-confirm" in page
    current = create_period(period.cluster, 2027)
    page = client_for(past["organiser"]).get(reverse("clusters:period_detail", args=[current.pk])).content.decode()
    assert 'id="record-past-year"' not in page
    page = client_for(past["head"]).get(reverse("clusters:period_detail", args=[period.pk])).content.decode()
    assert 'id="record-past-year"' not in page  # the head unit manages the year but does not step over its gates


def test_the_organiser_posts_the_form(past, client_for):
    from django.urls import reverse

    period = past["period"]
    url = reverse("clusters:period_record_past", args=[period.pk])
    response = client_for(past["organiser"]).post(url, {"phase": "voting", "reason": "Ghi nhận năm 2023"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.phase == "voting"


def test_a_refused_post_keeps_what_was_typed_and_writes_nothing(past, client_for):
    from django.urls import reverse

    period = past["period"]
    url = reverse("clusters:period_record_past", args=[period.pk])
    response = client_for(past["organiser"]).post(url, {"phase": "closed", "reason": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cần ghi lý do chuyển thẳng giai đoạn (ghi vào nhật ký)." in page
    assert '<option value="closed" selected>' in page
    period.refresh_from_db()
    assert period.phase == "setup"
    current = create_period(period.cluster, 2027)
    response = client_for(past["organiser"]).post(reverse("clusters:period_record_past", args=[current.pk]),
                                                  {"phase": "voting", "reason": "Thử"})
    assert response.status_code == 200 and "chưa kết thúc" in response.content.decode()
    current.refresh_from_db()
    assert current.phase == "setup"


@pytest.mark.parametrize(("who", "status"), [("head", 403), ("officer", 403), ("other_organiser", 403)])
def test_the_post_is_refused_to_others(past, client_for, who, status):
    from django.urls import reverse

    period = past["period"]
    response = client_for(past[who]).post(reverse("clusters:period_record_past", args=[period.pk]),
                                          {"phase": "voting", "reason": "Lý do"})
    assert response.status_code == status
    period.refresh_from_db()
    assert period.phase == "setup"


def test_the_form_opening_a_year_offers_the_previous_years_span(db, make_user, client_for):
    from django.urls import reverse

    from thidua.accounts.models import Role
    from thidua.demo.scenarios import load_s3

    courts = load_s3()["cluster"]
    last = courts.periods.order_by("-year").first()
    assert (last.start_date.month, last.end_date.month) == (10, 9)
    user = make_user("to-chuc-toa", (Role.ORGANISER_STAFF, courts.organiser))
    page = client_for(user).get(reverse("clusters:period_create", args=[courts.pk])).content.decode()
    assert f'name="year" value="{last.year + 1}"' in page
    assert f'name="start_date" value="01/10/{last.year}"' in page  # October to September, a calendar year later
    assert f'name="end_date" value="30/09/{last.year + 1}"' in page
