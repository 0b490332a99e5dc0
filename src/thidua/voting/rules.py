"""Who may prepare and run a ballot session, who may cast a ballot in it, and who may read its results.

- `voting.manage_session`: a system administrator, the staff of the organiser of the period's cluster, or the
  staff of the period's head unit (the head presides over the review and the vote, rules.md §5.3). A council
  session without a period belongs to an organiser — its council's (`session.council`), else the one it was
  created for (`session.organiser`): administrators and that organiser's staff; one that belongs to no organiser
  (made before ownership was recorded, whose creator could not be told): administrators only.
- `voting.check_receipt`: who may check a receipt code of the session — its managers and its voters.
- `voting.cast`: the user represents a unit of the frozen electorate — holds the role of leader or emulation
  officer for that unit. Before the session opens, the electorate will be the period's members. Council
  members (persons) have no log-in of their own in the system: their ballots are entered by the secretary as
  paper ballots or written votes, so nobody casts electronically in a council session.
- `voting.view_results`: the managers, and after the first count the staff of the period's member units.
- `voting.view_session`: the managers, the staff of the member units and the voters.
- `voting.view_period`: who may see the list of a period's sessions."""

import rules

from thidua.accounts.models import Role
from thidua.accounts.rules import is_system_admin
from thidua.clusters.rules import is_head_staff_of_period, is_organiser_staff_of_period, is_staff_of_a_member
from thidua.core.activity import register_target_view
from thidua.voting.enums import ElectorateKind, SessionState

VOTER_ROLES = (Role.LEADER, Role.UNIT_OFFICER)


def representable_unit_ids(user) -> set[int]:
    """Units the user may cast a ballot for (leader or emulation officer of the unit); read once per user."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_voting_unit_ids"):
        user._voting_unit_ids = set(user.role_assignments.filter(role__in=VOTER_ROLES, unit__isnull=False)
                                    .values_list("unit_id", flat=True))
    return user._voting_unit_ids


def voters_for(user, session) -> list:
    """The voters of the frozen electorate the user casts for (usually one)."""
    unit_ids = representable_unit_ids(user)
    if not unit_ids or session.electorate_kind != ElectorateKind.UNITS:
        return []
    return list(session.voters.filter(unit_id__in=unit_ids).order_by("label"))


@rules.predicate
def manages_session(user, session):
    if session is None or not user.is_authenticated:
        return False
    if user.is_system_admin:
        return True
    if session.period_id is None:  # a council's session: the staff (secretariat) of the organiser it belongs to
        owner = session.council.organiser_id if session.council_id is not None else session.organiser_id
        return owner is not None and owner in user.organiser_ids
    # A page asks this several times of one session (to show it, to offer its actions): once per request's user.
    cache = user.__dict__.setdefault("_voting_manages_cache", {})
    if session.pk not in cache:
        cache[session.pk] = (is_organiser_staff_of_period(user, session.period)
                             or is_head_staff_of_period(user, session.period))
    return cache[session.pk]


@rules.predicate
def represents_a_voter(user, session):
    if session is None or session.electorate_kind != ElectorateKind.UNITS or session.period_id is None:
        return False
    unit_ids = representable_unit_ids(user)
    if not unit_ids:
        return False
    if session.state == SessionState.DRAFT:  # not frozen yet: the electorate will be the period's members
        return session.period.memberships.filter(unit_id__in=unit_ids).exists()
    return session.voters.filter(unit_id__in=unit_ids).exists()


@rules.predicate
def is_member_staff(user, session):
    return session is not None and session.period_id is not None and is_staff_of_a_member(user, session.period)


@rules.predicate
def has_been_counted(user, session):
    return session is not None and session.tallied_at is not None


manages_period = is_system_admin | is_organiser_staff_of_period | is_head_staff_of_period

rules.add_perm("voting.manage_session", manages_session)
rules.add_perm("voting.cast", represents_a_voter)
rules.add_perm("voting.view_session", manages_session | is_member_staff | represents_a_voter)
rules.add_perm("voting.check_receipt", manages_session | represents_a_voter)
rules.add_perm("voting.view_results", manages_session | (has_been_counted & (is_member_staff | represents_a_voter)))
rules.add_perm("voting.manage_period", manages_period)
rules.add_perm("voting.view_period", manages_period | is_staff_of_a_member)
rules.add_perm("voting.manage_council", is_system_admin | rules.predicate(lambda u: bool(u.organiser_ids)))

# A ballot session's entries on a timeline show to who may see the session (what view_session reads, read along).
register_target_view("voting.ballotsession", "voting.view_session", related=("period__cluster", "council"))
