"""Records in the states today's work reads, written directly: the tasks are read from states, whichever way the
domain reached them. The fixed day of these tests: Monday 2 December 2024."""

import datetime as dt

from thidua.awards.models import Award
from thidua.clusters.models import EmulationPeriod
from thidua.dossiers.enums import State
from thidua.dossiers.models import Nominee, Proposal
from thidua.voting.enums import ElectorateKind, SessionKind, SessionState
from thidua.voting.models import BallotSession, Voter

TODAY = dt.date(2024, 12, 2)


def set_phase(period, phase):
    EmulationPeriod.objects.filter(pk=period.pk).update(phase=phase)
    period.refresh_from_db()


def open_session(period, unit, held_on=None):
    session = BallotSession.objects.create(period=period, kind=SessionKind.NOMINATION, title="Bình xét năm 2024",
                                           electorate_kind=ElectorateKind.UNITS, state=SessionState.OPEN,
                                           current_round=1, held_on=held_on)
    return session, Voter.objects.create(session=session, unit=unit, label=unit.name)


def proposal_of(world, state=State.DRAFT, award="hcld-3"):
    ca = world["units"]["ca"]
    proposal = Proposal.objects.create(sender=ca, recipient=world["organiser_obj"], period=world["period"],
                                       title="Đề nghị khen thưởng năm 2024", year=2024, state=state,
                                       return_reason="Thiếu biên bản họp." if state == State.RETURNED else "")
    Nominee.objects.create(proposal=proposal, subject="collective", unit=ca, name_as_written=ca.name,
                           award=Award.objects.get(code=award))
    return proposal
