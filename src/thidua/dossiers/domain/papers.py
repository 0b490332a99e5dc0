"""What a proposal's papers need from the records besides the nominees: who signs the proposal for the sender (a
person of the sender unit, with the position kept as of signing) and the number and symbol of a paper in the
layout of Decree 30/2020/NĐ-CP (art 9 and Appendix III: "TTr" for a proposal, "QĐ" for a decision, then the
issuer's own abbreviation, which each agency sets for itself), and the name each award is printed under."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.domain.names import printed_names
from thidua.orgs.enums import PersonStatus, WorkerCategory
from thidua.orgs.models import Person, Unit

PROPOSAL_TYPE, DECISION_TYPE = "TTr", "QĐ"
BLANK_NUMBER = "     "  # the number is written by hand (or by the registry) when the paper is signed
DEPUTY = "Phó "


def signers_for(units):
    """The people who may sign for these units: those at work there, leaders and managers first."""
    leaders_first = Case(When(category=WorkerCategory.LEADER, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return (Person.objects.filter(unit__in=units, status=PersonStatus.WORKING).select_related("unit")
            .annotate(leaders_first=leaders_first).order_by("leaders_first", "sort_key"))


def signing_title(person: Person) -> str:
    """The position a paper prints above the signature, from the person's record: its first part, without the
    unit's name the header already prints — "Chánh án TAND tỉnh, Trưởng Cụm thi đua" → "Chánh án"."""
    title = (person.position or "").split(",")[0].strip()
    unit = person.unit
    for name in sorted((n for n in (unit.name, unit.short_name) if n), key=len, reverse=True):
        if len(title) > len(name) and title.lower().endswith(" " + name.lower()):
            return title[: -len(name)].strip()
    return title


def check_signer(sender: Unit, signer: Person | None) -> None:
    if signer is not None and signer.unit_id != sender.pk:
        raise ValidationError(_("Người ký tờ trình phải là cán bộ của %(sender)s; %(name)s thuộc %(unit)s.")
                              % {"sender": sender.name, "name": signer.full_name, "unit": signer.unit.name})


def signature(position: str) -> tuple[str, str]:
    """(line above, position) in capitals, Decree 30/2020 art 13: a deputy signs on behalf of the head, "KT." before
    the head's position — ("KT. CHÁNH ÁN", "PHÓ CHÁNH ÁN"); a head signs in their own name — ("", "CHÁNH ÁN")."""
    position = position.strip()
    if position[: len(DEPUTY)].lower() == DEPUTY.lower() and len(position) > len(DEPUTY):
        return "KT. " + position[len(DEPUTY):].strip().upper(), position.upper()
    return "", position.upper()


def symbol(doc_type: str, abbreviation: str) -> str:
    """"TTr-TA": the kind of paper, then the issuer's abbreviation; the kind alone when the issuer has none."""
    abbreviation = abbreviation.strip()
    return f"{doc_type}-{abbreviation}" if abbreviation else doc_type


def number_line(number: str, doc_type: str, abbreviation: str) -> str:
    """"Số: 12/TTr-TA" — a typed number and symbol is printed as typed; a number alone gets its symbol (and a
    leading zero below 10, Decree 30/2020 Appendix I); no number leaves the space for it: "Số:      /TTr-TA"."""
    number = number.strip()
    if "/" in number:
        return f"Số: {number}"
    if number.isdigit():
        return f"Số: {int(number):02d}/{symbol(doc_type, abbreviation)}"
    return f"Số: {number or BLANK_NUMBER}/{symbol(doc_type, abbreviation)}"


def paper_day(proposal, *, decision: bool = False) -> dt.date:
    """The day of a proposal's paper: the decision's date for the decision and its list (today before it is
    decided), otherwise the sending day (today for a proposal not yet sent)."""
    if decision:
        return proposal.decision_date or timezone.localdate()
    return timezone.localdate(proposal.submitted_at) if proposal.submitted_at else timezone.localdate()


def award_names(proposal, awards, *, decision: bool = False) -> dict[int, str]:
    """{award id: name printed} for a proposal's awards: the names of the organiser that decides on it (its
    recipient) in force on the day of the paper, else the catalogue's (awards.domain.names), in one query."""
    return printed_names(awards, proposal.recipient_id, paper_day(proposal, decision=decision))
