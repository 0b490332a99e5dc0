"""The words of a cluster's kind: a cụm has a "Trưởng cụm" and a "Phó trưởng cụm", a khối a "Khối trưởng" and a
"Khối phó". Every page and document that names the head or the deputy takes its words from `kind_words()` (or
`Cluster.words`), so a block never shows a cluster's words. The texts are in the reader's language on pages; the
documents are rendered in Vietnamese (core.documents), so they print the Vietnamese words."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from thidua.clusters.enums import ClusterKind, LeadershipRole


@dataclass(frozen=True)
class KindWords:
    word: str  # "cụm" / "khối", as inside a sentence
    head: str  # "Trưởng cụm" / "Khối trưởng"
    deputy: str  # "Phó trưởng cụm" / "Khối phó"
    leaders: str  # "Trưởng, phó cụm" / "Khối trưởng, Khối phó"
    head_unit: str  # "đơn vị trưởng cụm" / "đơn vị Khối trưởng", inside a sentence
    deputy_unit: str  # "đơn vị phó trưởng cụm" / "đơn vị Khối phó"
    roles: dict[str, str] = field(default_factory=dict)  # role value → head or deputy (templates: roles|get_item)

    def role(self, role: str) -> str:
        """The label of a leadership role (LeadershipRole value) in this kind's words."""
        return self.roles[str(role)]


def kind_words(kind: str) -> KindWords:
    """The words for a cluster kind (ClusterKind value); an unknown kind gets the cluster's words."""
    if kind == ClusterKind.BLOCK:
        head, deputy = _("Khối trưởng"), _("Khối phó")
        return KindWords(word=_("khối"), head=head, deputy=deputy, leaders=_("Khối trưởng, Khối phó"),
                         head_unit=_("đơn vị Khối trưởng"), deputy_unit=_("đơn vị Khối phó"),
                         roles={LeadershipRole.HEAD.value: head, LeadershipRole.DEPUTY.value: deputy})
    head, deputy = _("Trưởng cụm"), _("Phó trưởng cụm")
    return KindWords(word=_("cụm"), head=head, deputy=deputy, leaders=_("Trưởng, phó cụm"),
                     head_unit=_("đơn vị trưởng cụm"), deputy_unit=_("đơn vị phó trưởng cụm"),
                     roles={LeadershipRole.HEAD.value: head, LeadershipRole.DEPUTY.value: deputy})


def words_for_kinds(kinds) -> KindWords:
    """The words for a list of clusters of the given kinds: their kind's when they are all of one, else both."""
    distinct = set(kinds)
    return kind_words(distinct.pop()) if len(distinct) == 1 else mixed_words()


def mixed_words() -> KindWords:
    """The words for a list of clusters and blocks together (the cluster list without a kind chosen)."""
    head, deputy = _("Trưởng cụm, khối"), _("Phó trưởng cụm, khối")
    return KindWords(word=_("cụm, khối"), head=head, deputy=deputy, leaders=_("Trưởng, phó cụm, khối"),
                     head_unit=_("đơn vị trưởng cụm, khối"), deputy_unit=_("đơn vị phó trưởng cụm, khối"),
                     roles={LeadershipRole.HEAD.value: head, LeadershipRole.DEPUTY.value: deputy})
