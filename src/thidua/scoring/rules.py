"""Who may see and do what in scoring. The period's phase is part of the rule: a member cannot see another
member's self-assessment before the peer-review phase; only the head unit (and the organiser) appraise."""

import rules

from thidua.accounts.rules import is_system_admin
from thidua.clusters.enums import Phase, phase_reached
from thidua.clusters.rules import is_head_staff_of_period, is_organiser_staff_of_period
from thidua.core.activity import register_target_view
from thidua.scoring.enums import SheetAction


def _cached(user, key, compute):
    """A page asks the same question of many sheets of one period: answer it once per request's user."""
    cache = user.__dict__.setdefault("_scoring_rules_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _member_unit_ids(user, period) -> set[int]:
    if not user.unit_ids:
        return set()
    return _cached(user, ("members", period.pk), lambda: set(
        period.memberships.filter(unit_id__in=user.unit_ids).values_list("unit_id", flat=True)))


@rules.predicate
def is_head_of_period(user, period):
    return (period is not None and user.is_authenticated and bool(user.head_unit_ids)
            and _cached(user, ("head", period.pk), lambda: is_head_staff_of_period(user, period)))


@rules.predicate
def works_for_sheet_unit(user, sheet):
    return user.is_authenticated and sheet is not None and sheet.unit_id in user.unit_ids


@rules.predicate
def is_officer_of_sheet_unit(user, sheet):
    return user.is_authenticated and sheet is not None and sheet.unit_id in user.officer_unit_ids


@rules.predicate
def is_head_of_sheet_period(user, sheet):
    return sheet is not None and is_head_of_period(user, sheet.period)


@rules.predicate
def is_organiser_of_sheet_period(user, sheet):
    return sheet is not None and is_organiser_staff_of_period(user, sheet.period)


@rules.predicate
def head_may_see_sheet(user, sheet):
    """The head unit sees a member's sheet once it has been sent for appraisal."""
    return sheet is not None and sheet.submitted_at is not None and is_head_of_period(user, sheet.period)


@rules.predicate
def fellow_member_after_appraisal(user, sheet):
    """Other members see a sheet from the peer-review phase on, to review each other."""
    return (sheet is not None and user.is_authenticated and phase_reached(sheet.period.phase, Phase.PEER_REVIEW)
            and bool(_member_unit_ids(user, sheet.period)))


@rules.predicate
def is_member_staff(user, period):
    return user.is_authenticated and period is not None and bool(_member_unit_ids(user, period))


@rules.predicate
def peer_review_reached(user, period):
    return period is not None and phase_reached(period.phase, Phase.PEER_REVIEW)


@rules.predicate
def ranking_published(user, period):
    return period is not None and phase_reached(period.phase, Phase.RANKING)


manages_period = is_system_admin | is_organiser_staff_of_period | is_head_of_period

rules.add_perm("scoring.view_sheet", is_system_admin | is_organiser_of_sheet_period | works_for_sheet_unit
               | head_may_see_sheet | fellow_member_after_appraisal)
rules.add_perm("scoring.self_assess", is_officer_of_sheet_unit)
rules.add_perm("scoring.explain", is_officer_of_sheet_unit)
rules.add_perm("scoring.appraise", is_system_admin | is_organiser_of_sheet_period | is_head_of_sheet_period)
# Who takes each action on a sheet (the state machine is scoring.enums.SHEET_TRANSITIONS): the unit's officers
# assess themselves, attach evidence and explain; the head unit (and the organiser) appraise, look again, lock.
SHEET_ACTION_PERMS: dict[str, str] = {
    SheetAction.SAVE: "scoring.self_assess", SheetAction.SUBMIT: "scoring.self_assess",
    SheetAction.EVIDENCE: "scoring.self_assess", SheetAction.EXPLAIN: "scoring.explain",
    SheetAction.APPRAISE: "scoring.appraise", SheetAction.SECOND_LOOK: "scoring.appraise",
    SheetAction.LOCK: "scoring.appraise",
}
rules.add_perm("scoring.manage_criteria", manages_period)
rules.add_perm("scoring.view_criteria", manages_period | is_member_staff)
rules.add_perm("scoring.enter_peer_scores", manages_period | is_member_staff)
# The list of all members' sheets with their totals: those who manage the year; members once they review
# each other (before that a member sees only its own sheet).
rules.add_perm("scoring.view_sheet_list", manages_period | (is_member_staff & peer_review_reached))
rules.add_perm("scoring.view_ranking", manages_period | (is_member_staff & ranking_published))

# Timelines show an entry only to who may see what it is about (core.activity.visible_entries).
register_target_view("scoring.scoresheet", "scoring.view_sheet", related=("period__cluster",))
