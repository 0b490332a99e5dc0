"""Reminders before a deadline: each task of each person whose deadline falls within the next
settings.REMINDER_DAYS_BEFORE days (today included) becomes one notification (accounts.domain.notifications).

The notification's key names the task and its deadline, so a task is reminded once per deadline however many
times the job runs; a deadline moved later (a new meeting day) is reminded again. A task already overdue is not
reminded: the home page lists it first, marked overdue."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.domain.notifications import notify
from thidua.accounts.models import Role, User
from thidua.core.activity import log_language
from thidua.core.formatting import format_date
from thidua.screens.domain.tasks import Task, tasks_for


def due_soon(tasks: list[Task], days: int) -> list[Task]:
    """The tasks whose deadline is today or within `days` days."""
    return [t for t in tasks if t.days_left is not None and 0 <= t.days_left <= days]


def reminder_key(task: Task) -> str:
    assert task.deadline is not None
    return f"reminder:{task.key}:{task.deadline.isoformat()}"


def _title(task: Task) -> str:
    if task.days_left == 0:
        return _("Hôm nay là hạn: %(task)s") % {"task": task.title}
    return _("Còn %(n)s ngày đến hạn: %(task)s") % {"n": task.days_left, "task": task.title}


def _body(task: Task) -> str:
    assert task.deadline is not None
    lines = [task.label, _("Hạn: %(day)s (%(source)s)") % {"day": format_date(task.deadline), "source": task.deadline_note}]
    if task.detail:
        lines.append(task.detail)
    return "\n".join(lines)


def people() -> list[User]:
    """The active accounts that hold a role for a unit or an organiser: those tasks can wait for."""
    return list(User.objects.filter(is_active=True, role_assignments__isnull=False,
                                    role_assignments__role__in=[Role.UNIT_OFFICER, Role.LEADER, Role.HEAD_STAFF,
                                                                Role.ORGANISER_STAFF])
                .distinct().order_by("pk"))


def send_reminders(today: dt.date | None = None) -> int:
    """Remind every person of the tasks due within REMINDER_DAYS_BEFORE days; returns how many notifications
    were created (none the second time the same day)."""
    today = today or timezone.localdate()
    days = settings.REMINDER_DAYS_BEFORE
    created = 0
    with log_language():  # stored text: in the language of the interface's source, as the log
        for user in people():
            for task in due_soon(tasks_for(user, today), days):
                created += notify([user], kind="reminder", title=_title(task), url=task.url, body=_body(task),
                                  key=reminder_key(task))
    return created
