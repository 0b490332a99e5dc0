"""Who may see and work on a proposal.

- The sender's side: everyone working for the sending unit sees its proposals; its emulation officers (and
  head-unit staff) draft, edit while drafting or returned, send, recall and send again.
- The receiver's side: the staff of the organiser the proposal is addressed to see it once it has been sent
  (not a draft, nor one recalled to draft) and receive, return, appraise, record the council and the
  decision.
- A system administrator may do both.
- A cluster's proposal made from its ballot (dossiers.domain.from_ballot) is made by the period's head-unit staff
  or the organiser's staff; the organiser's staff see it as it is drafted (the head unit sends it).
The state decides the rest (dossiers.enums.TRANSITIONS, checked in workflow.transition)."""

import rules

from thidua.accounts.rules import is_logged_in, is_system_admin
from thidua.clusters.rules import is_head_staff_of_period, is_organiser_staff_of_period
from thidua.core.activity import register_target_view
from thidua.dossiers.domain import workflow
from thidua.dossiers.enums import State


@rules.predicate
def works_for_sender(user, proposal):
    return user.is_authenticated and proposal is not None and proposal.sender_id in user.unit_ids


@rules.predicate
def is_sender_officer(user, proposal):
    return user.is_authenticated and proposal is not None and workflow.is_sender(user, proposal)


@rules.predicate
def is_receiver_staff(user, proposal):
    return (user.is_authenticated and proposal is not None and proposal.state != State.DRAFT
            and proposal.recipient_id in user.organiser_ids)


@rules.predicate
def is_editable(user, proposal):
    return proposal is not None and proposal.state in workflow.EDITABLE


@rules.predicate
def is_organiser_staff_of_ballot_proposal(user, proposal):
    """The organiser's staff of the cluster whose ballot the proposal was made from (they may have made it)."""
    return (user.is_authenticated and proposal is not None and proposal.ballot_session_id is not None
            and proposal.period_id is not None and bool(user.organiser_ids)
            and is_organiser_staff_of_period(user, proposal.period))


@rules.predicate
def runs_cluster_ballot(user, session):
    """The staff of the period's head unit, or of the cluster's organiser, for a cluster's ballot session."""
    if session is None or not user.is_authenticated or session.period_id is None:
        return False
    return is_organiser_staff_of_period(user, session.period) or is_head_staff_of_period(user, session.period)


@rules.predicate
def has_officer_units(user):
    return user.is_authenticated and bool(user.officer_unit_ids)


rules.add_perm("dossiers.view_list", is_logged_in)
rules.add_perm("dossiers.add_proposal", is_system_admin | has_officer_units)
rules.add_perm("dossiers.view_proposal", is_system_admin | works_for_sender | is_receiver_staff
               | is_organiser_staff_of_ballot_proposal)
rules.add_perm("dossiers.propose_from_ballot", is_system_admin | runs_cluster_ballot)
rules.add_perm("dossiers.change_proposal", is_sender_officer & is_editable)

# The public notice of a received proposal (dossiers.domain.notices): its secretariat page, the comments received
# and the exports are the receiver's (the council's standing body), not the sender's.
rules.add_perm("dossiers.manage_notice", is_system_admin | is_receiver_staff)

# Timelines show an entry only to who may see what it is about (core.activity.visible_entries).
register_target_view("dossiers.proposal", "dossiers.view_proposal")
