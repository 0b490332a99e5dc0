"""Reminders before a deadline (screens.domain.reminders) and the daily jobs command: each reminder once, however
many times the job runs; only the tasks due within REMINDER_DAYS_BEFORE days."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import Notification, Role
from thidua.screens.domain.reminders import send_reminders
from thidua.screens.management.commands import daily_jobs
from thidua.voting.enums import Channel

from .factories import TODAY, open_session


def test_a_task_due_within_three_days_is_reminded_once_to_each_person(world):
    session, voter = open_session(world["period"], world["units"]["ca"], held_on=TODAY + dt.timedelta(days=2))
    assert send_reminders(TODAY) == 2  # Công an's leader and officer
    reminders = Notification.objects.filter(kind="reminder").order_by("recipient__username")
    assert [n.recipient for n in reminders] == [world["leader"], world["officer"]]
    first = reminders[0]
    assert first.title == "Còn 2 ngày đến hạn: Bỏ phiếu: Bình xét năm 2024"
    assert first.url == reverse("voting:ballot", args=[session.pk])
    assert "04/12/2024" in first.body and "Ngày họp, biểu quyết" in first.body
    assert first.key == f"reminder:vote:{session.pk}:1:{voter.unit_id}:2024-12-04"
    assert send_reminders(TODAY) == 0  # the same day again
    assert send_reminders(TODAY + dt.timedelta(days=1)) == 0  # the next day: already reminded of this deadline
    assert Notification.objects.filter(kind="reminder").count() == 2


def test_only_the_deadlines_within_the_setting_and_not_those_past(world, settings):
    open_session(world["period"], world["units"]["ca"], held_on=TODAY + dt.timedelta(days=5))
    past, _voter = open_session(world["period"], world["units"]["ca"], held_on=TODAY - dt.timedelta(days=1))
    assert send_reminders(TODAY) == 0  # 5 days ahead with the default 3; the other one past
    settings.REMINDER_DAYS_BEFORE = 5
    assert send_reminders(TODAY) == 2
    reminder = Notification.objects.get(recipient=world["leader"], kind="reminder")
    assert reminder.title.startswith("Còn 5 ngày đến hạn") and str(past.pk) not in reminder.key.split(":")[2]


def test_on_the_day_itself(world):
    open_session(world["period"], world["units"]["ca"], held_on=TODAY)
    assert send_reminders(TODAY) == 2
    assert Notification.objects.filter(kind="reminder").first().title == "Hôm nay là hạn: Bỏ phiếu: Bình xét năm 2024"


def test_the_people_without_a_deadline_ahead_cost_no_query(world, make_user):
    """The job reads the tasks of those a deadline waits for only: more officers, leaders and staff whose tasks
    have none (or who have no task) add no query."""
    open_session(world["period"], world["units"]["ca"], held_on=TODAY + dt.timedelta(days=2))
    with CaptureQueriesContext(connection) as few:
        assert send_reminders(TODAY) == 2
    Notification.objects.filter(kind="reminder").delete()
    for code, unit in world["units"].items():
        if code != "ca":
            make_user(f"other-{code}-officer", (Role.UNIT_OFFICER, unit))
            make_user(f"other-{code}-leader", (Role.LEADER, unit))
            make_user(f"other-{code}-head", (Role.HEAD_STAFF, unit))
    make_user("ubnd-staff-2", (Role.ORGANISER_STAFF, world["cluster"].organiser))
    with CaptureQueriesContext(connection) as many:
        assert send_reminders(TODAY) == 2
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as again:
        assert send_reminders(TODAY) == 0
    assert len(again) == len(few) - 2 * 2  # the reminders sent are read at once: no notify, no write


def test_a_unit_that_has_voted_is_not_reminded(world):
    _session, voter = open_session(world["period"], world["units"]["ca"], held_on=TODAY + dt.timedelta(days=1))
    voter.participations.create(round=1, channel=Channel.ELECTRONIC)
    assert send_reminders(TODAY) == 0
    assert not Notification.objects.filter(kind="reminder").exists()


@pytest.fixture
def on_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)


def test_the_daily_jobs_run_once_and_send_nothing_twice(world, on_today):
    open_session(world["period"], world["units"]["ca"], held_on=TODAY + dt.timedelta(days=1))
    out = io.StringIO()
    call_command("daily_jobs", stdout=out)
    assert "2 nhắc hạn, 0 e-mail tổng hợp." in out.getvalue()
    out = io.StringIO()
    call_command("daily_jobs", stdout=out)
    assert "0 nhắc hạn, 0 e-mail tổng hợp." in out.getvalue()


class Stop(Exception):
    pass


def test_the_loop_runs_at_once_then_sleeps_until_the_hour(world, on_today, settings, monkeypatch):
    settings.DAILY_JOBS_HOUR = 6
    moment = timezone.make_aware(dt.datetime(2024, 12, 2, 9, 30))
    monkeypatch.setattr(daily_jobs.timezone, "localtime", lambda *args: moment)
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        raise Stop

    monkeypatch.setattr(daily_jobs.time, "sleep", sleep)
    open_session(world["period"], world["units"]["ca"], held_on=TODAY)
    with pytest.raises(Stop):
        call_command("daily_jobs", "--loop", stdout=io.StringIO())
    assert Notification.objects.filter(kind="reminder").count() == 2
    assert slept == [20.5 * 3600]  # 9:30 → 6:00 tomorrow


def test_seconds_until_the_hour():
    at = timezone.make_aware(dt.datetime(2024, 12, 2, 5, 0))
    assert daily_jobs.seconds_until(at, 6) == 3600
    assert daily_jobs.seconds_until(at.replace(hour=6), 6) == 24 * 3600
