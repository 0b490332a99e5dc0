"""S1's block in the year in progress today, at the phase the calendar implies, so that every role's home has
real work to do: registrations and covenant signatures early in the year, self-assessment in November and the
first half of December, appraisal (a question waiting for Công an tỉnh's explanation) after that. Whatever the
phase, the election of next year's head and deputy is open (an electronic vote ahead of the year-end conference,
three members have voted), so that the members' leaders have a ballot on their home.

Nothing of it is reported: the years after 2024, their head and deputy, the covenant, targets and scores are
illustrative, and each record says so (ILLUSTRATIVE in the covenant's preamble, the movement's description, the
scale's regulation and the leaders' decision). Every step is dated on its day of the year, never after today.
`today` is passed explicitly: the demo loads with the real date, tests with a fixed one."""

import datetime as dt

from django.utils import timezone

from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
from thidua.clusters.enums import ChoiceMethod, LeadershipRole, Phase
from thidua.clusters.models import EmulationPeriod
from thidua.demo.builders import moment
from thidua.demo.s1_year import ORDER, SCORED, SELF, TARGETS
from thidua.movements.domain import covenants
from thidua.movements.enums import MovementKind, MovementLevel
from thidua.scoring.domain import sheets
from thidua.scoring.models import CriteriaSet, ScoreEntry
from thidua.voting.domain import sessions as voting
from thidua.voting.enums import QuestionKind, SessionKind

D = dt.date
ILLUSTRATIVE = "Minh họa: năm đang diễn ra của bản trình diễn, không phải số liệu thật."
HISTORY_REASON = ("Nạp dữ liệu trình diễn: năm đã qua ghi nhận làm lịch sử minh họa, không diễn ra trong hệ "
                  "thống.")
# Head and deputy of the years after 2024 (illustrative): a rotation among the members for the years gone by;
# the year in progress is led by TAND tỉnh, whose staff hold the demo's head-unit account (tand.langson).
CURRENT_LEADERS = ("tand", "vks")
SIGNED_EARLY = ["tand", "thads", "bchqs", "bdbp"]  # in registration, these have signed and registered
NOT_SUBMITTED = ["ca", "vks"]  # in self-assessment, Công an has a draft, VKSND has not started
# The election of next year's head and deputy: who has voted (head, deputy), and the year-end conference's day.
ELECTION_BALLOTS = {"tand": ("vks", "bchqs"), "thads": ("vks", "bchqs"), "bchqs": ("vks", "bdbp")}
CONFERENCE = (1, 8)  # 08/01 of the next year (S1's 2023 conference: 09/01/2024)


def phase_for(today: dt.date) -> str:
    """The phase a calendar-year cluster is in on `today`: registration in January and February, the race until
    October, self-assessment from November to mid-December, appraisal after."""
    if today.month <= 2:
        return Phase.REGISTRATION
    if today.month <= 10:
        return Phase.IN_PROGRESS
    if today.month == 11 or today.day <= 15:
        return Phase.SCORING
    return Phase.APPRAISAL


def load(s1: dict, today: dt.date | None = None) -> EmulationPeriod | None:
    """The current year's period of S1, created and brought to its phase (idempotent: an existing one is kept).
    The years between 2024 and it are closed as history. None when the current year is not after 2024."""
    today = today or timezone.localdate()
    cluster, units = s1["cluster"], s1["units"]
    if today.year <= 2024:
        return None
    existing = cluster.periods.filter(year=today.year).first()
    if existing is not None:
        return existing
    for year in range(2024, today.year):
        _history_year(cluster, units, year, today)
    period = _current_period(cluster, units, today.year, today)
    _run(period, units, today)
    _election(period, units, today)
    return period


def _history_year(cluster, units: dict, year: int, today: dt.date) -> None:
    period = cluster.periods.filter(year=year).first()
    if period is None:
        previous = cluster.periods.get(year=year - 1)
        period = create_period(cluster, year, D(year, 1, 1), D(year, 12, 31), copy_members_from=previous,
                               at=moment(D(year, 1, 1), 8))
        _leaders(period, units, year)
    if period.phase != Phase.CLOSED:
        advance_to(period, Phase.CLOSED, reason=HISTORY_REASON, at=_at(D(year + 1, 1, 10), today, 17))


def _leaders(period, units: dict, year: int, current: bool = False) -> None:
    head, deputy = CURRENT_LEADERS if current else (ORDER[year % len(ORDER)], ORDER[(year + 1) % len(ORDER)])
    ref = f"{ILLUSTRATIVE} Bầu tại hội nghị tổng kết năm {year - 1}"
    at = moment(D(year, 1, 1), 8)  # as the year opens (the election day itself is in the decision)
    set_leader(period, LeadershipRole.HEAD, units[head], ChoiceMethod.ELECTION, ref, D(year, 1, 1), at=at)
    set_leader(period, LeadershipRole.DEPUTY, units[deputy], ChoiceMethod.ELECTION, ref, D(year, 1, 1), at=at)


def _current_period(cluster, units: dict, year: int, today: dt.date):
    previous = cluster.periods.get(year=year - 1)
    opened = moment(D(year, 1, 1), 8)
    period = create_period(cluster, year, D(year, 1, 1), D(year, 12, 31), copy_members_from=previous, at=opened)
    if not period.memberships.exists():
        add_members(period, [units[k] for k in ORDER], at=opened)
    _leaders(period, units, year, current=True)
    return period


def _at(day: dt.date, today: dt.date, hour: int = 9) -> dt.datetime:
    """A step's moment: its day in the year, never after today."""
    return moment(min(day, today), hour)


def _run(period, units: dict, today: dt.date) -> None:
    year, target = period.year, phase_for(today)
    covenants.create_movement([period], f"Phong trào thi đua yêu nước năm {year} của Khối thi đua các cơ quan Nội chính",
                              kind=MovementKind.REGULAR, level=MovementLevel.CLUSTER,
                              launched_by="Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn",
                              launched_on=min(D(year, 1, 10), today), start_date=D(year, 1, 1),
                              end_date=D(year, 12, 31), description=ILLUSTRATIVE, at=_at(D(year, 1, 10), today, 8))
    covenant = covenants.draft_covenant(
        period, f"Giao ước thi đua năm {year} của Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn",
        [f"Thực hiện thắng lợi nhiệm vụ chính trị, chỉ tiêu chuyên môn năm {year} của từng đơn vị.",
         "Bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội; bảo vệ công lý, giữ nghiêm kỷ cương pháp luật.",
         "Chú trọng khen thưởng tập thể nhỏ, người lao động trực tiếp."],
        preamble=ILLUSTRATIVE, place="Lạng Sơn", at=_at(D(year, 1, 10), today, 8))
    source = CriteriaSet.objects.filter(period__cluster=period.cluster, period__year=2023).first()
    criteria_set = (sheets.copy_criteria(source, period, at=_at(D(year, 1, 10), today, 8)) if source
                    else sheets.ensure_criteria_set(period))
    criteria_set.regulation_ref = f"Thang điểm 100 — {ILLUSTRATIVE}"
    criteria_set.save(update_fields=["regulation_ref"])
    by_code = {c.code: c for c in criteria_set.criteria.all()}
    advance_to(period, Phase.REGISTRATION, at=_at(D(year, 1, 5), today, 8))
    covenants.open_for_signing(covenant, at=_at(D(year, 1, 15), today, 8))
    signing = SIGNED_EARLY if target == Phase.REGISTRATION else ORDER
    for key in signing:
        _register_and_sign(period, covenant, units[key], by_code, today)
    if target == Phase.REGISTRATION:
        return
    advance_to(period, Phase.IN_PROGRESS, at=_at(D(year, 3, 1), today, 8))
    if target == Phase.IN_PROGRESS:
        return
    advance_to(period, Phase.SCORING, at=_at(D(year, 11, 1), today, 8))
    _self_assess(period, units, by_code, today, everyone=target != Phase.SCORING)
    if target == Phase.SCORING:
        return
    advance_to(period, Phase.APPRAISAL, at=_at(D(year, 12, 16), today, 8))
    _appraise(period, units, by_code, today)


def _register_and_sign(period, covenant, unit, by_code: dict, today: dt.date) -> None:
    year = period.year
    targets = [{"name": "Tỷ lệ hoàn thành chỉ tiêu công tác chuyên môn", "unit_of_measure": "%",
                "target_value": TARGETS["1.1"], "criterion": by_code.get("1.1")},
               {"name": "Tỷ lệ khen thưởng cho người lao động trực tiếp", "unit_of_measure": "%",
                "target_value": TARGETS["2.3"], "criterion": by_code.get("2.3")}]
    covenants.register(period, unit, "Tập thể lao động xuất sắc", targets, note=ILLUSTRATIVE,
                       at=_at(D(year, 1, 25), today))
    covenants.sign(covenant, unit, f"Lãnh đạo {unit.short_name or unit.name}", "Thủ trưởng đơn vị",
                   min(D(year, 2, 10), today), at=_at(D(year, 2, 10), today, 10))


def _self_assess(period, units: dict, by_code: dict, today: dt.date, everyone: bool) -> None:
    year = period.year
    for key in ORDER:
        if not everyone and key == "vks":
            continue  # not started: its officer's home asks for it
        sheet = sheets.get_sheet(period, units[key])
        values = {by_code[c].pk: (v, "") for c, v in zip(SCORED, SELF[key], strict=True) if c in by_code}
        sheets.save_self_assessment(sheet, values, at=_at(D(year, 11, 20), today))
        if everyone or key not in NOT_SUBMITTED:
            sheets.submit_self_assessment(sheet, at=_at(D(year, 11, 28), today, 10))


def _appraise(period, units: dict, by_code: dict, today: dt.date) -> None:
    """The head has appraised three sheets; Công an tỉnh's criterion 1.3 is questioned and waits for its
    explanation."""
    year = period.year
    for key in ("thads", "bchqs", "ca"):
        sheet = period.score_sheets.get(unit=units[key])
        entry = ScoreEntry.objects.get(sheet=sheet, criterion=by_code["1.3"])
        if key == "ca":
            sheets.appraise_entry(entry, 3, ILLUSTRATIVE + " Một sáng kiến chưa có quyết định công nhận.",
                                  at=_at(D(year, 12, 17), today, 10))
        else:
            sheets.appraise_entry(entry, entry.self_value, "", at=_at(D(year, 12, 17), today, 10))


def _election(period, units: dict, today: dt.date) -> None:
    """Next year's head and deputy, elected by the members' ballots cast electronically ahead of the year-end
    conference (its day is the session's meeting day, the voters' deadline); opened on the day the demo is loaded,
    three members have voted."""
    year, at = period.year, min(_at(today, today, 11), timezone.now())
    session = voting.create_session(
        f"Bầu đơn vị Trưởng khối, Phó Trưởng khối năm {year + 1}", SessionKind.ELECTION, period=period,
        regulation_ref="Tỷ lệ > 50% tổng số đơn vị thành viên — " + ILLUSTRATIVE, held_on=D(year + 1, *CONFERENCE),
        at=at)
    head = voting.add_question(session, QuestionKind.ELECT_HEAD, f"Bầu đơn vị Trưởng khối năm {year + 1}", at=at)
    deputy = voting.add_question(session, QuestionKind.ELECT_DEPUTY, f"Bầu đơn vị Phó Trưởng khối năm {year + 1}",
                                 at=at)
    candidates = {(q.pk, key): voting.add_candidate(q, unit=units[key]) for q in (head, deputy) for key in ORDER}
    voting.open_session(session, at=at)
    for voter in session.voters.all():
        key = next(k for k in ORDER if units[k].pk == voter.unit_id)
        if key in ELECTION_BALLOTS:
            h, d = ELECTION_BALLOTS[key]
            voting.cast_ballot(session, voter, {head.pk: [candidates[(head.pk, h)].pk],
                                                deputy.pk: [candidates[(deputy.pk, d)].pk]})
