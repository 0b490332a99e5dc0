"""The name an award is printed under by an organiser: its own name (AwardLocalName) in force on the day, else the
catalogue's.

The rule. The catalogue keeps the legal kind ("Cờ thi đua của bộ, ban, ngành, tỉnh"); a province's decision may
give the name printed on its papers ("Cờ thi đua của UBND tỉnh"). That name is a dated parameter (one name on a
day, awards.domain.law.local_name_write) and is read:
- for the organiser whose decision prints it: for a proposal, its recipient (the organiser that decides); for a
  cluster's ballot, the cluster's organiser; for a council's ballot, the council's organiser;
- on the day of the paper: the decision date for the decision and its list; the sending day for the proposal and
  its list of nominees (today for one not yet sent); the meeting day for a ballot.
A name that starts after that day, or ended before it, is not used: the catalogue's name is printed.
Stored award records are not rewritten: AwardRecord keeps what the decision wrote."""

import datetime as dt
from collections.abc import Iterable

from thidua.awards.models import Award, AwardLocalName


def printed_names(awards: Iterable[Award], organiser_id: int | None, on_day: dt.date) -> dict[int, str]:
    """{award id: the name printed} for these awards, by this organiser on this day, in one query (none for no
    award or no organiser). An award without a name of the organiser's in force keeps the catalogue's."""
    names = {award.pk: award.name for award in awards if award is not None}
    if not names or organiser_id is None:
        return names
    rows = (AwardLocalName.objects.filter(organiser_id=organiser_id, award_id__in=names, valid_from__lte=on_day)
            .exclude(valid_to__lt=on_day).order_by("award_id", "valid_from").values_list("award_id", "name"))
    for award_id, name in rows:  # the latest start wins (the rule of periods leaves one name on a day)
        names[award_id] = name
    return names


def printed_name(award: Award, organiser_id: int | None, on_day: dt.date) -> str:
    """The name one award is printed under by this organiser on this day (see printed_names)."""
    return printed_names([award], organiser_id, on_day)[award.pk]
