"""The kinds of sessions and questions in the words of the cluster's kind: a block elects its "Khối trưởng" and
"Khối phó", a cluster its "Trưởng cụm" and "Phó trưởng cụm" (clusters.domain.words). The stored kinds keep their
generic labels; pages and forms show these."""

from django.utils.translation import gettext as _

from thidua.clusters.domain.words import KindWords
from thidua.voting.enums import QuestionKind, SessionKind


def question_kind_labels(words: KindWords | None) -> dict[str, str]:
    """Question kind → its label; elections name the head and deputy in `words` (None: the generic labels)."""
    labels = {kind.value: str(kind.label) for kind in QuestionKind}
    if words is not None:
        labels[QuestionKind.ELECT_HEAD.value] = _("Bầu %(role)s") % {"role": words.head.lower()}
        labels[QuestionKind.ELECT_DEPUTY.value] = _("Bầu %(role)s") % {"role": words.deputy.lower()}
    return labels


def session_kind_labels(words: KindWords | None) -> dict[str, str]:
    labels = {kind.value: str(kind.label) for kind in SessionKind}
    if words is not None:
        labels[SessionKind.ELECTION.value] = _("Bầu %(leaders)s năm sau") % {"leaders": words.leaders.lower()}
    return labels
