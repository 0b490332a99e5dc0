"""A cluster year's year-end report (báo cáo tổng kết công tác thi đua, khen thưởng): everything the records hold
about the year, gathered in one plain structure, and the narrative paragraphs the head unit's staff write before
printing, kept with the year (reports.models.YearReport).

The computed parts are never typed: the organiser, the head and deputy of the year and of the next year (in the
kind's words, clusters.domain.words), the movements and the covenant (signed by how many members, when), the
registrations and their targets, the ranking (scoring.domain.queries.compute_ranking, as the ranking page), the
nominations the ballot decided with their votes (voting.Nomination, as dossiers.domain.from_ballot takes them),
the commendation figures (reports.domain.figures) and the conferences. `gather` reads them in a fixed number of
queries whatever the number of members.

The layout is the report's of Nghị định 30/2020/NĐ-CP (Phụ lục III, mẫu 1.3 "Báo cáo"); the sections are those a
year-end report of emulation work carries under Luật Thi đua, khen thưởng 2022 (art. 10: the cluster's work
is summed up and reviewed each year) and Nghị định 98/2023/NĐ-CP (art. 4–5: clusters and blocks review their
emulation at the year's end)."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards.enums import Level
from thidua.clusters.domain.words import KindWords, kind_words
from thidua.clusters.enums import LeadershipRole
from thidua.clusters.models import EmulationPeriod, LeadershipTerm
from thidua.core import activity, illustrative, versions
from thidua.core.formatting import format_date, format_number, format_percent
from thidua.core.models import Activity
from thidua.core.text import clean_input
from thidua.meetings.enums import ConferenceKind
from thidua.meetings.models import Conference
from thidua.movements.enums import CovenantState
from thidua.movements.models import Covenant, Registration, RegistrationTarget
from thidua.reports.domain.figures import Figures, cluster_year_figures
from thidua.reports.models import YearReport
from thidua.scoring.domain.queries import compute_ranking
from thidua.scoring.models import CriteriaSet
from thidua.voting.domain.tally import share
from thidua.voting.models import Nomination

MAX_SECTION_CHARS = 20_000  # one section's text: a few pages, never a pasted book


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise  # the heading printed; "{next}" is next year
    hint: str | Promise  # what to write, shown in the empty box and on the page while it is empty


SECTIONS: tuple[Section, ...] = (
    Section("situation", gettext_lazy("Đặc điểm tình hình"),
            gettext_lazy("Thuận lợi, khó khăn của năm; nhiệm vụ chính trị của các đơn vị thành viên.")),
    Section("results", gettext_lazy("Đánh giá chung kết quả phong trào thi đua"),
            gettext_lazy("Những kết quả nổi bật của các phong trào thi đua; điển hình tiên tiến, cách làm hay. "
                         "Các số liệu (giao ước, đăng ký, xếp hạng, bình xét, khen thưởng) do hệ thống tính.")),
    Section("limitations", gettext_lazy("Hạn chế, nguyên nhân"),
            gettext_lazy("Những hạn chế, tồn tại và nguyên nhân (chủ quan, khách quan).")),
    Section("lessons", gettext_lazy("Bài học kinh nghiệm"),
            gettext_lazy("Những bài học rút ra trong tổ chức phong trào thi đua và công tác khen thưởng.")),
    Section("directions", gettext_lazy("Phương hướng, nhiệm vụ năm {next}"),
            gettext_lazy("Nhiệm vụ trọng tâm, các phong trào thi đua sẽ phát động, giải pháp thực hiện.")),
    Section("proposals", gettext_lazy("Kiến nghị, đề xuất"),
            gettext_lazy("Kiến nghị với Hội đồng Thi đua - Khen thưởng, cơ quan tổ chức cụm, khối.")),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)


def section_title(section: Section, year: int) -> str:
    return str(section.title).replace("{next}", str(year + 1))


# -- the records of the year --------------------------------------------------------------------------------------

@dataclass
class Leader:
    role: str  # LeadershipRole value
    label: str  # "Khối trưởng"
    unit: str
    method: str
    decided_on: dt.date | None
    decision_ref: str


@dataclass
class RankRow:
    rank: int
    unit: str
    points: str
    percent: str
    peer: str
    final: str
    band: str
    note: str


@dataclass
class NominationRow:
    number: int
    nominee: str
    award: str
    votes: int | None
    electorate: int | None
    votes_text: str  # "7/7"
    percent: str  # "100%"
    session: str


@dataclass
class FigureRow:
    label: str
    by_level: list[str]
    total: str


@dataclass
class ConferenceRow:
    kind: str
    title: str
    held_on: str
    place: str
    host: str


@dataclass
class YearReportData:
    period: EmulationPeriod
    words: KindWords
    cluster: str
    year: int
    organiser: str
    council: str
    place: str
    members: int
    head: Leader | None
    deputy: Leader | None
    movements: list[str]
    covenant_title: str
    covenant_state: str
    covenant_signed: int
    covenant_signed_on: dt.date | None
    registered: int
    targets: int
    ranking: list[RankRow]
    ranking_final: bool
    ranking_hidden: bool  # the reader may not see the ranking yet (scoring.view_ranking): not printed
    nominations: list[NominationRow]
    figures: Figures
    figure_levels: list[str]
    figure_rows: list[FigureRow]
    direct_share: str
    direct_workers: str
    conferences: list[ConferenceRow]
    next_head: Leader | None
    next_deputy: Leader | None
    narrative: dict[str, str]
    report_day: dt.date | None  # the year-end conference's day; none recorded: left blank for the clerk
    illustrative_notes: list[str] = field(default_factory=list)

    @property
    def covenant_line(self) -> str:
        if not self.covenant_title:
            return _("Năm thi đua chưa có giao ước.")
        signed = _("%(signed)s/%(members)s đơn vị thành viên đã ký") % {
            "signed": format_number(self.covenant_signed), "members": format_number(self.members)}
        when = (_(", ký đủ ngày %(day)s") % {"day": format_date(self.covenant_signed_on)}
                if self.covenant_state == CovenantState.SIGNED and self.covenant_signed_on else "")
        return f"{self.covenant_title}: {signed}{when}."

    @property
    def registration_line(self) -> str:
        return _("%(done)s/%(members)s đơn vị thành viên đã gửi đăng ký thi đua, với %(targets)s chỉ tiêu đăng ký.") % {
            "done": format_number(self.registered), "members": format_number(self.members),
            "targets": format_number(self.targets)}

    @property
    def next_leaders_line(self) -> str:
        parts = [f"{leader.label} năm {self.year + 1}: {leader.unit}" for leader in (self.next_head, self.next_deputy)
                 if leader]
        if not parts:
            return _("Chưa bầu, chưa phân công %(leaders)s năm %(next)s.") % {
                "leaders": self.words.leaders.lower(), "next": self.year + 1}
        return "; ".join(parts) + "."


def _leader(term: LeadershipTerm | None, words: KindWords) -> Leader | None:
    if term is None:
        return None
    return Leader(role=term.role, label=words.role(term.role), unit=term.unit.name, method=term.get_method_display(),
                  decided_on=term.decided_on, decision_ref=term.decision_ref)


def _points(value) -> str:
    """Points as the ranking paper shows them (scoring.documents.pts): 7.5 → "7,5"."""
    return "" if value is None else format_number(Decimal(value).normalize())


def _score(value) -> str:
    """A score out of 100 with two decimals, as the ranking states it (scoring.documents.score): "99,45"."""
    return "" if value is None else format_number(value, 2)


def _ranking(period: EmulationPeriod, sheets: int) -> list[RankRow]:
    """The ranking as the ranking page computes it; none before a scale and a score sheet exist (a year not
    scored in the system has no ranking to print, not a table of zeros)."""
    if not sheets or not CriteriaSet.objects.filter(period=period).exists():
        return []
    rows = []
    for r in compute_ranking(period):
        rows.append(RankRow(rank=r.rank, unit=r.unit_name, points=_points(r.totals.base + r.totals.bonus - r.totals.penalty),
                            percent=_score(r.totals.percent), peer=_score(r.peer.score), final=_score(r.final),
                            band=r.band, note=r.tie_note))
    return rows


def _nominations(period: EmulationPeriod, notes: list[str]) -> list[NominationRow]:
    nominations = (Nomination.objects.filter(period=period)
                   .select_related("unit", "person__unit", "question__session")
                   .order_by("question__session_id", "question__order", "-votes", "pk"))
    rows = []
    for number, n in enumerate(nominations, start=1):
        nominee = n.unit.name if n.unit is not None else (
            f"{n.person.full_name} ({n.person.unit.name})" if n.person is not None else "")
        session = n.question.session if n.question is not None else None
        if session is not None:
            _ref, taken = illustrative.split_text(session.regulation_ref)
            notes.extend(taken)
        percent = format_percent(share(n.votes, n.electorate), 2) if n.votes is not None and n.electorate else ""
        if percent.endswith(",00%"):
            percent = percent[:-4] + "%"
        rows.append(NominationRow(
            number=number, nominee=nominee, award=n.award_label, votes=n.votes, electorate=n.electorate,
            votes_text=(f"{format_number(n.votes)}/{format_number(n.electorate)}" if n.votes is not None
                        and n.electorate else format_number(n.votes)),
            percent=percent, session=session.title if session else ""))
    return rows


def _figure_rows(figures: Figures) -> tuple[list[str], list[FigureRow]]:
    levels = list(Level.choices)
    rows = [FigureRow(label=str(label), by_level=[format_number(by_level.get(level, 0)) for level, _l in levels],
                      total=format_number(total))
            for label, by_level, total in ((_("Tập thể"), figures.collectives, figures.collective_total),
                                           (_("Cá nhân"), figures.individuals, figures.individual_total))]
    both = {level: figures.collectives.get(level, 0) + figures.individuals.get(level, 0) for level, _l in levels}
    rows.append(FigureRow(label=_("Cộng"), by_level=[format_number(both[level]) for level, _l in levels],
                          total=format_number(figures.collective_total + figures.individual_total)))
    return [str(label) for _v, label in levels], rows


def gather(period: EmulationPeriod, show_ranking: bool = True) -> YearReportData:
    """Everything of a cluster year the report prints, read from the records now. Queries: a fixed number
    (about twenty) whatever the number of members, nominations or records. `show_ranking`: whether the reader may
    see the ranking now (the caller asks scoring.view_ranking: a member's staff only once it is published);
    without it the ranking is neither computed nor printed."""
    period = (EmulationPeriod.objects.select_related("cluster__organiser__area", "cluster__area")
              .get(pk=period.pk))
    cluster = period.cluster
    words = kind_words(cluster.kind)
    notes: list[str] = []
    terms = list(LeadershipTerm.objects.filter(period__cluster_id=cluster.pk, period__year__in=[period.year,
                                                                                                 period.year + 1])
                 .select_related("unit", "period"))
    by = {(t.period.year, t.role): t for t in terms}
    members = period.memberships.count()
    movements = list(period.movements.order_by("sort_key").values_list("name", flat=True))
    covenant = (Covenant.objects.filter(period=period)
                .annotate(signed=Count("signatures"), last_signed=Max("signatures__signed_on")).first())
    registrations = Registration.objects.filter(period=period).aggregate(
        sent=Count("pk", filter=Q(submitted_at__isnull=False)))
    targets = RegistrationTarget.objects.filter(registration__period=period,
                                                registration__submitted_at__isnull=False).count()
    locks = list(period.score_sheets.values_list("locked_at", flat=True))
    ranking = _ranking(period, len(locks)) if show_ranking else []
    nominations = _nominations(period, notes)
    figures = cluster_year_figures(period)
    levels, figure_rows = _figure_rows(figures)
    conferences = list(Conference.objects.filter(period=period).select_related("host").order_by("held_on", "pk"))
    stored = YearReport.objects.filter(period=period).values_list("sections", flat=True).first() or {}
    year_end = [c.held_on for c in conferences if c.kind == ConferenceKind.YEAR_END]
    direct = figures.direct_worker_share
    return YearReportData(
        period=period, words=words, cluster=cluster.name, year=period.year, organiser=cluster.organiser.name,
        council=cluster.organiser.council_name or cluster.organiser.name, place=cluster.document_place(),
        members=members, head=_leader(by.get((period.year, LeadershipRole.HEAD)), words),
        deputy=_leader(by.get((period.year, LeadershipRole.DEPUTY)), words),
        movements=movements,
        covenant_title=covenant.title if covenant else "", covenant_state=covenant.state if covenant else "",
        covenant_signed=covenant.signed if covenant else 0,
        covenant_signed_on=covenant.last_signed if covenant else None,
        registered=registrations["sent"], targets=targets,
        ranking=ranking, ranking_final=bool(locks) and all(locks), ranking_hidden=not show_ranking,
        nominations=nominations,
        figures=figures, figure_levels=levels, figure_rows=figure_rows,
        direct_share=format_percent(direct) if direct is not None else "—",
        direct_workers=format_number(figures.direct_workers),
        conferences=[ConferenceRow(kind=str(ConferenceKind(c.kind).label), title=c.title, held_on=format_date(c.held_on),
                                   place=c.place, host=c.host.name if c.host is not None else "") for c in conferences],
        next_head=_leader(by.get((period.year + 1, LeadershipRole.HEAD)), words),
        next_deputy=_leader(by.get((period.year + 1, LeadershipRole.DEPUTY)), words),
        narrative={key: str(stored.get(key, "")) for key in SECTION_KEYS},
        report_day=max(year_end) if year_end else None,
        illustrative_notes=list(dict.fromkeys(notes)),
    )


# -- the narrative ------------------------------------------------------------------------------------------------

def _scope(period: EmulationPeriod) -> str:
    return period.cluster.scope


def _values(report: YearReport | None) -> list:
    sections = report.sections if report is not None else {}
    return [str(sections.get(key, "")) for key in SECTION_KEYS]


def narrative_version(period: EmulationPeriod) -> str:
    """The version of the year's narrative as the report page carries it (core.versions); NOTHING_YET before the
    first save."""
    report = YearReport.objects.filter(period=period).first()
    if report is None:
        return versions.NOTHING_YET
    return versions.token(report, _scope(period), _values(report))


def clean_sections(texts: dict, year: int) -> dict[str, str]:
    """The typed sections, cleaned (core.text.clean_input, lines kept), a section not given empty; an unknown key,
    a value that is not text or a section too long is refused with a Vietnamese sentence naming it."""
    unknown = set(texts) - set(SECTION_KEYS)
    if unknown:
        raise ValidationError(_("Báo cáo không có phần “%(keys)s”.") % {"keys": ", ".join(sorted(unknown))})
    cleaned, errors = {}, {}
    for section in SECTIONS:
        value = texts.get(section.key, "")
        if not isinstance(value, str):
            errors[section.key] = _("Nội dung phải là văn bản.")
            continue
        value = clean_input(value, multiline=True)
        if len(value) > MAX_SECTION_CHARS:
            errors[section.key] = _("Phần “%(title)s” dài %(n)s ký tự, quá %(max)s ký tự cho phép.") % {
                "title": section_title(section, year), "n": format_number(len(value)),
                "max": format_number(MAX_SECTION_CHARS)}
        cleaned[section.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _short(text: str, length: int = 200) -> str:
    """A section as the log keeps it: its first characters (the whole text stays in the report)."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


@transaction.atomic
def save_narrative(period: EmulationPeriod, texts: dict, *, actor=None,
                   loaded_version: str | None = None) -> YearReport:
    """Save the narrative of the year's report (`texts`: section key → text; the whole narrative, a section not
    given saved empty) in one transaction: cleaned, checked against the version the page was loaded with
    (core.versions: refused with nothing written when someone saved since) and logged on the cluster's timeline,
    each changed section old → new. Writing is the view's to allow (reports.change_year_report)."""
    cleaned = clean_sections(texts, period.year)
    EmulationPeriod.objects.select_for_update().filter(pk=period.pk).first()  # one writer of a first report
    report = YearReport.objects.select_for_update().filter(period=period).first()
    if report is None:  # the first save: a page loaded before it carries NOTHING_YET, which any saved one differs from
        report = YearReport(period=period, sections={})
    else:
        versions.check(report, _scope(period), _values(report), loaded_version)
    before = {key: str(report.sections.get(key, "")) for key in SECTION_KEYS}
    with activity.log_language():  # the log is Vietnamese whatever the writer reads the pages in
        changes = [{"field": section_title(s, period.year), "old": _short(before[s.key]),
                    "new": _short(cleaned[s.key])} for s in SECTIONS if before[s.key] != cleaned[s.key]]
    if not changes:  # nothing changed (a first save of empty boxes writes nothing)
        return report
    report.sections = cleaned
    report.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    report.save()
    activity.record(actor, Activity.Action.UPDATE, report, _scope(period),
                    summary=f"Sửa báo cáo tổng kết năm {period.year}", changes=changes,
                    label=f"Báo cáo tổng kết năm {period.year} — {period.cluster.name}")
    return report


def footer_notes(data: YearReportData) -> str:
    return illustrative.footer_note(data.illustrative_notes)


def empty_sections(data: YearReportData) -> list[str]:
    return [section_title(s, data.year) for s in SECTIONS if not data.narrative.get(s.key)]

