"""The award a ballot question is about, under the name its organiser prints (awards.domain.names): the organiser
of the session's cluster (a cluster's ballot) or of its council (a council's), on the meeting's day."""

from collections.abc import Iterable

from thidua.awards.domain.names import printed_names
from thidua.voting.domain.dates import meeting_day
from thidua.voting.models import BallotSession, Question


def session_organiser_id(session: BallotSession) -> int | None:
    """The organiser whose decision prints the session's awards: its cluster's, else its council's (None for a
    session with neither). Reads session.period.cluster (the session pages load it with the session)."""
    if session.period is not None:
        return session.period.cluster.organiser_id
    if session.council is not None:
        return session.council.organiser_id
    return None


def question_award_labels(session: BallotSession, questions: Iterable[Question]) -> dict[int, str]:
    """{question id: the award label printed}, in one query. A question on a catalogue award whose label is the
    catalogue's name (the default when the question was added) or empty prints the organiser's own name in force on
    the meeting's day; a label typed otherwise, or a question without a catalogue award, keeps its label. The
    questions come with their award loaded (select_related("award")): no query per question."""
    questions = list(questions)
    labels = {q.pk: q.award_label for q in questions}
    on_award = {q.pk: q.award for q in questions
                if q.award_id is not None and q.award is not None and q.award_label.strip() in ("", q.award.name)}
    if on_award:
        names = printed_names(on_award.values(), session_organiser_id(session), meeting_day(session))
        labels.update({pk: names[award.pk] for pk, award in on_award.items()})
    return labels


def label_questions(session: BallotSession, questions: Iterable[Question]) -> None:
    """Puts the printed label on each question as `printed_award_label` (for the pages and minutes; the stored
    award_label is not changed)."""
    questions = list(questions)
    labels = question_award_labels(session, questions)
    for question in questions:
        setattr(question, "printed_award_label", labels[question.pk])  # noqa: B010 (not a model field)
