"""Reminders before a deadline: each task of each person whose deadline falls within the next
settings.REMINDER_DAYS_BEFORE days (today included) becomes one notification (accounts.domain.notifications).

The notification's key names the task and its deadline, so a task is reminded once per deadline however many
times the job runs; a deadline moved later (a new meeting day) is reminded again. A task already overdue is not
reminded: the home page lists it first, marked overdue.

Only three kinds of task carry a deadline (screens.domain.tasks): a ballot (its meeting day), a proposal being
written or sent back (its submission deadline), a list posted for comment (its last day). The job reads the tasks
of the people those can wait for, found in one query, and of no one else: its queries grow with the people who
have a deadline ahead, not with everyone who holds a role."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.domain.notifications import notify
from thidua.accounts.models import Notification, Role, RoleAssignment, User
from thidua.core.activity import log_language
from thidua.core.formatting import format_date
from thidua.dossiers.domain.notices import PUBLISHABLE
from thidua.dossiers.enums import State
from thidua.dossiers.models import Proposal, PublicNotice
from thidua.screens.domain.tasks import Task, tasks_for
from thidua.voting.enums import ElectorateKind, SessionState
from thidua.voting.models import Voter
from thidua.voting.rules import VOTER_ROLES


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


def people(today: dt.date, days: int) -> list[User]:
    """The active accounts a task with a deadline may wait for (one query): the leaders and officers of the units
    called to an open ballot whose meeting day is within `days` days; the officers of the units with a proposal
    being written or sent back; the staff of the organisers with a list posted for comment. Their tasks decide
    (tasks_for): a unit that has voted, a proposal without a deadline, a notice ended are not reminded."""
    ballots = Voter.objects.filter(session__state=SessionState.OPEN, session__electorate_kind=ElectorateKind.UNITS,
                                   session__period__isnull=False,
                                   session__held_on__range=(today, today + dt.timedelta(days=days)))
    senders = Proposal.objects.filter(state__in=[State.DRAFT, State.RETURNED])
    notices = PublicNotice.objects.filter(proposal__state__in=PUBLISHABLE)
    roles = RoleAssignment.objects.filter(
        Q(role__in=VOTER_ROLES, unit_id__in=ballots.values("unit_id"))
        | Q(role__in=[Role.UNIT_OFFICER, Role.HEAD_STAFF], unit_id__in=senders.values("sender_id"))
        | Q(role=Role.ORGANISER_STAFF, organiser_id__in=notices.values("proposal__recipient_id")))
    return list(User.objects.filter(is_active=True, pk__in=roles.values("user_id")).order_by("pk"))


def send_reminders(today: dt.date | None = None) -> int:
    """Remind every person of the tasks due within REMINDER_DAYS_BEFORE days; returns how many notifications
    were created (none the second time the same day). The reminders already sent are read in one query; only the
    new ones are written."""
    today = today or timezone.localdate()
    days = settings.REMINDER_DAYS_BEFORE
    due = [(user, task) for user in people(today, days) for task in due_soon(tasks_for(user, today), days)]
    if not due:
        return 0
    sent = set(Notification.objects.filter(kind="reminder", recipient_id__in={user.pk for user, _task in due},
                                           key__in={reminder_key(task) for _user, task in due})
               .values_list("recipient_id", "key"))
    created = 0
    with log_language():  # stored text: in the language of the interface's source, as the log
        for user, task in due:
            if (user.pk, reminder_key(task)) not in sent:
                created += notify([user], kind="reminder", title=_title(task), url=task.url, body=_body(task),
                                  key=reminder_key(task))
    return created
