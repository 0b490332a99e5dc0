"""Scenario S1's year 2023 run through the domain functions, as the head unit would run it in the system:
covenant signed by all, targets registered, criteria, self-assessment, appraisal with a reason and an
explanation, peer review, locks, ranking (TAND tỉnh first), the year-end conference of 09/01/2024 with its
chairs and guest, and the 2024 movement and covenant signed there.

What the report states is entered as stated. What it does not state (the criteria and points, the peer
scores, who signed for the other units, the 2023 signing date) is illustrative and marked so in the records.

Every step carries the day it happened in the year (`at`, DAYS), not the day the demo is loaded: the covenant
opened and signed in February 2023, sheets locked in December 2023, the ballot counted at the conference of
09/01/2024. Only that last day is reported; the others are illustrative, in the order a year runs."""

import datetime as dt
from decimal import Decimal

from thidua.clusters.domain.periods import advance_to
from thidua.clusters.enums import Phase
from thidua.core.formatting import format_number
from thidua.demo.builders import moment
from thidua.meetings.domain.conferences import record_conference
from thidua.meetings.enums import ConferenceKind, DecisionKind
from thidua.movements.domain import covenants
from thidua.movements.enums import MovementKind, MovementLevel
from thidua.orgs.models import Person
from thidua.scoring.domain import sheets
from thidua.scoring.domain.queries import compute_ranking
from thidua.scoring.enums import CriterionType as T
from thidua.scoring.models import ScoreEntry

D = dt.date
# The days of 2023's steps (illustrative but for the conference, reported: 09/01/2024).
DAYS = {"opening": D(2023, 2, 1), "registration": D(2023, 2, 10), "signing": D(2023, 2, 15), "self": D(2023, 11, 24),
        "appraisal": D(2023, 12, 5), "explanation": D(2023, 12, 8), "second_look": D(2023, 12, 12),
        "scoring": D(2023, 11, 1), "appraisal_phase": D(2023, 12, 1), "peer_phase": D(2023, 12, 18),
        "peer": D(2023, 12, 20), "lock": D(2023, 12, 27), "ranking": D(2023, 12, 28), "conference": D(2024, 1, 9)}
ILLUSTRATIVE = "Minh họa: báo cáo không nêu chi tiết này."
ORDER = ["tand", "thads", "bchqs", "bdbp", "ca", "vks", "cscd2"]

# code, name, type, max, per occurrence, parent code
CRITERIA = [
    ("1", "Thực hiện nhiệm vụ chính trị, chuyên môn", T.GROUP, 60, None, None),
    ("1.1", "Hoàn thành các chỉ tiêu công tác chuyên môn đã đăng ký", T.QUANTITATIVE, 30, None, "1"),
    ("1.2", "Chấp hành chế độ thông tin, báo cáo đúng hạn", T.PASS_FAIL, 10, None, "1"),
    ("1.3", "Sáng kiến, mô hình mới được công nhận (2 điểm mỗi sáng kiến)", T.PER_OCCURRENCE, 10, 2, "1"),
    ("1.4", "Tham gia đầy đủ các hoạt động chung của Khối", T.PASS_FAIL, 10, None, "1"),
    ("2", "Công tác thi đua, khen thưởng", T.GROUP, 30, None, None),
    ("2.1", "Ký kết giao ước, đăng ký thi đua đầy đủ, đúng hạn", T.PASS_FAIL, 10, None, "2"),
    ("2.2", "Tổ chức sơ kết, tổng kết, nhân rộng điển hình tiên tiến", T.PASS_FAIL, 10, None, "2"),
    ("2.3", "Tỷ lệ khen thưởng cho người lao động trực tiếp (%)", T.QUANTITATIVE, 10, None, "2"),
    ("3", "Xây dựng tổ chức đảng, đoàn thể trong sạch, vững mạnh", T.PASS_FAIL, 10, None, None),
    ("4", "Điểm thưởng: thành tích đột xuất được cấp có thẩm quyền ghi nhận", T.BONUS, 5, None, None),
    ("5", "Điểm trừ: vi phạm, để xảy ra sự việc phải xử lý", T.PENALTY, 10, None, None),
]
# Registered targets for 1.1 (tasks completed, %) and 2.3 (share to direct workers, %).
TARGETS = {"1.1": Decimal(100), "2.3": Decimal(70)}
# Self-assessed values per unit for 1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 3, 4, 5.
SELF = {
    "tand": [100, 1, 5, 1, 1, 1, 92, 1, 5, 0],
    "thads": [98, 1, 3, 1, 1, 1, 88, 1, 3, 0],
    "bchqs": [100, 1, 4, 1, 1, 1, 90, 1, 4, 0],
    "bdbp": [97, 1, 3, 1, 1, 1, 86, 1, 2, 0],
    "ca": [99, 1, 4, 1, 1, 1, 89, 1, 3, 1],
    "vks": [96, 1, 2, 1, 1, 1, 85, 1, 2, 0],
    "cscd2": [100, 1, 4, 1, 1, 1, 91, 1, 4, 0],
}
SCORED = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3", "4", "5"]
# Peer scores given by each rater to the others (0–100): the members' esteem, TAND highest.
PEER_BASE = {"tand": 97, "thads": 92, "bchqs": 94, "bdbp": 91, "ca": 92, "vks": 90, "cscd2": 94}


def _signer(unit, fallback_title: str) -> tuple[str, str]:
    leader = Person.objects.filter(unit=unit, category="leader").order_by("pk").first()
    if leader is None:
        return f"Lãnh đạo {unit.short_name or unit.name}", fallback_title
    return leader.full_name, leader.position or fallback_title


def replay_2023(s1: dict) -> dict:
    units, cluster = s1["units"], s1["cluster"]
    period = cluster.periods.get(year=2023)
    members = [units[k] for k in ORDER]
    covenant, by_code = _set_up(period)
    _register_and_sign(period, covenant, members, units, by_code)
    _self_assess(period, units, by_code)
    _appraise(period, units, by_code)
    ranking = _peer_review_and_rank(period, units)
    # 6. The year-end conference of 09/01/2024: the secret ballot, then the record of the conference.
    advance_to(period, Phase.VOTING, at=moment(DAYS["conference"], 14))
    vote = vote_2023(units, period)
    conference = _year_end_conference(period, units, members, ranking)
    advance_to(period, Phase.CLOSED, at=moment(DAYS["conference"], 17))
    covenant_2024 = _launch_2024(cluster, units, members)
    return {"period": period, "ranking": ranking, "conference": conference, "covenant": covenant,
            "covenant_2024": covenant_2024, "criteria": by_code, "vote": vote}


def _set_up(period) -> tuple:
    """1. Set-up: the movement, the covenant and the scale. Returns the covenant and the criteria by code."""
    covenants.create_movement([period], "Phong trào thi đua yêu nước năm 2023 của Khối thi đua các cơ quan Nội chính",
                              kind=MovementKind.REGULAR, level=MovementLevel.CLUSTER,
                              launched_by="Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn",
                              launched_on=D(2023, 2, 15), start_date=D(2023, 1, 1), end_date=D(2023, 12, 31),
                              description=ILLUSTRATIVE + " (ngày phát động)", at=moment(DAYS["opening"], 8))
    covenant = covenants.draft_covenant(
        period, "Giao ước thi đua năm 2023 của Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn",
        ["Thực hiện thắng lợi nhiệm vụ chính trị, chỉ tiêu chuyên môn năm 2023 của từng đơn vị.",
         "Bảo đảm quốc phòng, giữ gìn an ninh chính trị, trật tự an toàn xã hội, chủ quyền biên giới quốc gia.",
         "Tổ chức sơ kết, tổng kết, kịp thời khen thưởng, chú trọng khen thưởng người lao động trực tiếp.",
         "Xây dựng tổ chức đảng, đoàn thể trong sạch, vững mạnh; thực hành tiết kiệm, phòng, chống tham nhũng.",
         "Thực hiện tốt chế độ thông tin, báo cáo và các hoạt động chung của Khối."],
        preamble=ILLUSTRATIVE + " (nội dung chi tiết; báo cáo nêu 100% đơn vị đã ký kết và đăng ký).",
        place="Lạng Sơn", at=moment(DAYS["opening"], 8))
    criteria_set = sheets.ensure_criteria_set(period, regulation_ref="Thang điểm 100 — " + ILLUSTRATIVE,
                                         peer_weight=Decimal(20))
    by_code = {}
    for code, name, ctype, max_points, per, parent in CRITERIA:
        by_code[code] = sheets.add_criterion(criteria_set, code, name, ctype, max_points,
                                             parent=by_code.get(parent), points_per_occurrence=per)
    return covenant, by_code


def _register_and_sign(period, covenant, members: list, units: dict, by_code: dict) -> None:
    """2. Registration: everyone registers (100%), the covenant is signed by all."""
    advance_to(period, Phase.REGISTRATION, at=moment(DAYS["opening"], 8))
    covenants.open_for_signing(covenant, at=moment(DAYS["signing"], 8))
    for unit in members:
        covenants.register(period, unit, "Tập thể lao động xuất sắc; Cờ thi đua của UBND tỉnh", [
            {"name": "Tỷ lệ hoàn thành chỉ tiêu công tác chuyên môn", "unit_of_measure": "%",
             "target_value": TARGETS["1.1"], "criterion": by_code["1.1"]},
            {"name": "Tỷ lệ khen thưởng cho người lao động trực tiếp", "unit_of_measure": "%",
             "target_value": TARGETS["2.3"], "criterion": by_code["2.3"]},
            {"name": "Không có cán bộ bị kỷ luật từ khiển trách trở lên", "kind": "qualitative"},
        ], at=moment(DAYS["registration"]))
        name, title = _signer(unit, "Thủ trưởng đơn vị")
        if unit == units["tand"]:
            name, title = "Chu Lệ Hường", "Chánh án Tòa án nhân dân tỉnh"
        covenants.sign(covenant, unit, name, title, DAYS["signing"], at=moment(DAYS["signing"], 9))


def _self_assess(period, units: dict, by_code: dict) -> None:
    """3. Self-assessment."""
    advance_to(period, Phase.IN_PROGRESS, at=moment(DAYS["signing"], 17))
    advance_to(period, Phase.SCORING, at=moment(DAYS["scoring"], 8))
    for key, values in SELF.items():
        sheet = sheets.get_sheet(period, units[key])
        sheets.save_self_assessment(sheet, {by_code[c].pk: (v, "") for c, v in zip(SCORED, values, strict=True)},
                                    at=moment(DAYS["self"], 9))
        sheets.submit_self_assessment(sheet, at=moment(DAYS["self"], 10))


def _appraise(period, units: dict, by_code: dict) -> None:
    """4. Appraisal by the head unit: one criterion of Công an tỉnh is lowered, with a reason; the unit explains;
    the head takes a second look and keeps part of it."""
    advance_to(period, Phase.APPRAISAL, at=moment(DAYS["appraisal_phase"], 8))
    for key in ORDER:
        sheet = period.score_sheets.get(unit=units[key])
        entry = ScoreEntry.objects.get(sheet=sheet, criterion=by_code["1.3"])
        if key == "ca":
            sheets.appraise_entry(entry, 3, "Một sáng kiến chưa có quyết định công nhận của cấp có thẩm quyền.",
                                  at=moment(DAYS["appraisal"], 10))
            sheets.explain_entry(entry, "Đơn vị bổ sung Quyết định công nhận sáng kiến số 15/QĐ-CAT ngày 20/11/2023.",
                                 at=moment(DAYS["explanation"], 10))
            sheets.second_look(entry, 4, "Chấp nhận giải trình: đã có quyết định công nhận.",
                               at=moment(DAYS["second_look"], 10))
        else:
            sheets.appraise_entry(entry, entry.self_value, "", at=moment(DAYS["appraisal"], 10))


def _peer_review_and_rank(period, units: dict) -> list:
    """5. Peer review, the locks, and the ranking."""
    advance_to(period, Phase.PEER_REVIEW, at=moment(DAYS["peer_phase"], 8))
    matrix = {}
    for rater in ORDER:
        for ratee in ORDER:
            if rater != ratee:
                offset = (ORDER.index(rater) * 3 + ORDER.index(ratee)) % 5 - 2  # spread of ±2
                matrix[(units[rater].pk, units[ratee].pk)] = PEER_BASE[ratee] + offset
    sheets.save_peer_scores(period, matrix, at=moment(DAYS["peer"], 9))
    for key in ORDER:
        sheets.lock_sheet(period.score_sheets.get(unit=units[key]), at=moment(DAYS["lock"], 15))
    advance_to(period, Phase.RANKING, at=moment(DAYS["ranking"], 8))
    return compute_ranking(period)


def _year_end_conference(period, units: dict, members: list, ranking: list):
    """6. The record of the year-end conference of 09/01/2024 (its chairs, guests and decisions)."""
    ranking_text = "; ".join(f"{r.rank}. {r.unit_name} ({format_number(r.final, 2)} điểm)" for r in ranking)
    return record_conference(
        period, ConferenceKind.YEAR_END,
        "Hội nghị tổng kết phong trào thi đua, công tác khen thưởng năm 2023 và triển khai nhiệm vụ năm 2024",
        D(2024, 1, 9), at=moment(DAYS["conference"], 17), time_of_day="Buổi chiều", place="Tòa án nhân dân tỉnh Lạng Sơn", host=units["tand"],
        basis="Hướng dẫn số 243/HD-SNV ngày 16/11/2023 của Sở Nội vụ về việc tổng kết phong trào thi đua, công tác "
              "khen thưởng năm 2023; được sự đồng ý của Hội đồng Thi đua - Khen thưởng tỉnh.",
        chairs=[
            {"name": "Chu Lệ Hường", "title": "Tỉnh ủy viên, Chánh án Tòa án nhân dân tỉnh", "unit": units["tand"],
             "cluster_role": "Trưởng Cụm thi đua"},
            {"name": "Lê Văn Cường", "title": "Phó Cục trưởng Cục Thi hành án dân sự tỉnh", "unit": units["thads"],
             "cluster_role": "Phó Trưởng Cụm thi đua"},
        ],
        attending_units=members,
        guests=[{"organisation": "Phòng Thi đua, Khen thưởng, Sở Nội vụ tỉnh Lạng Sơn", "title": "Đại diện"},
                {"organisation": "Trung đoàn Cảnh sát cơ động Đông Bắc, Bộ Tư lệnh Cảnh sát cơ động - Bộ Công an",
                 "title": "Đơn vị cấp trên của Tiểu đoàn CSCĐ số 2"}],
        decisions=[
            {"kind": DecisionKind.RANKING, "text": "Thông qua kết quả thẩm định, chấm điểm thi đua năm 2023: "
                                                   + ranking_text},
            {"kind": DecisionKind.NOMINATION, "text": "Bình xét, suy tôn Tòa án nhân dân tỉnh là đơn vị dẫn đầu "
                                                      "phong trào thi đua, đề nghị UBND tỉnh tặng Cờ thi đua."},
            {"kind": DecisionKind.NOMINATION, "text": "Đề nghị Chủ tịch UBND tỉnh tặng Bằng khen cho 02 đơn vị: "
                                                      "Bộ Chỉ huy Quân sự tỉnh và Tiểu đoàn Cảnh sát cơ động số 2."},
            {"kind": DecisionKind.NEXT_LEADERS, "text": "Bầu Cục Thi hành án dân sự tỉnh làm Trưởng Cụm, Tiểu đoàn "
                                                        "Cảnh sát cơ động số 2 làm Phó Trưởng Cụm thi đua năm 2024."},
            {"kind": DecisionKind.PLAN, "text": "Năm 2024: 3 nhóm nhiệm vụ trọng tâm, 5 giải pháp triển khai."},
            {"kind": DecisionKind.MOVEMENT, "text": "Phát động phong trào thi đua năm 2024."},
            {"kind": DecisionKind.COVENANT, "text": "Ký kết giao ước thi đua năm 2024."},
        ],
        minutes="Năm 2023 các đơn vị trong Cụm có 1.003 lượt tập thể và 3.427 lượt cá nhân được khen thưởng; tỷ lệ "
                "khen thưởng cho người lao động trực tiếp đạt 89,4% (số liệu báo cáo; hệ thống tính lại từ sổ khen "
                "thưởng). Cấp ủy, tổ chức đảng các đơn vị đều đạt hoàn thành tốt và xuất sắc nhiệm vụ.")


def _launch_2024(cluster, units: dict, members: list):
    """7. At the same conference: the 2024 movement launched and the 2024 covenant signed by all."""
    p2024 = cluster.periods.get(year=2024)
    covenants.create_movement([p2024], "Phong trào thi đua yêu nước năm 2024 của Khối thi đua các cơ quan Nội chính",
                              kind=MovementKind.REGULAR, level=MovementLevel.CLUSTER,
                              launched_by="Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn",
                              decision_ref="Phát động tại Hội nghị tổng kết ngày 09/01/2024",
                              launched_on=D(2024, 1, 9), start_date=D(2024, 1, 1), end_date=D(2024, 12, 31),
                              at=moment(DAYS["conference"], 16))
    covenant_2024 = covenants.draft_covenant(
        p2024, "Giao ước thi đua năm 2024 của Khối thi đua các cơ quan Nội chính tỉnh Lạng Sơn",
        ["Thực hiện 3 nhóm nhiệm vụ trọng tâm và 5 giải pháp năm 2024 đã thống nhất tại hội nghị tổng kết.",
         "Bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội; bảo vệ công lý, giữ nghiêm kỷ cương pháp luật.",
         "Chú trọng khen thưởng tập thể nhỏ, người lao động trực tiếp."],
        place="Tòa án nhân dân tỉnh Lạng Sơn", at=moment(DAYS["conference"], 16))
    covenants.open_for_signing(covenant_2024, at=moment(DAYS["conference"], 16))
    for unit in members:
        name, title = _signer(unit, "Thủ trưởng đơn vị")
        if unit == units["tand"]:
            name, title = "Chu Lệ Hường", "Chánh án Tòa án nhân dân tỉnh"
        if unit == units["thads"]:
            name, title = "Lê Văn Cường", "Phó Cục trưởng Cục Thi hành án dân sự tỉnh"
        covenants.sign(covenant_2024, unit, name, title, DAYS["conference"],
                       at=moment(DAYS["conference"], 16, 30))
    return covenant_2024


# Each member's ballot: the flag (1 choice), the chair's certificate of merit (up to 2), next head, next deputy.
BALLOTS = {
    "tand": ("tand", ["bchqs", "cscd2"], "thads", "cscd2"),
    "thads": ("tand", ["bchqs", "cscd2"], "thads", "cscd2"),
    "bchqs": ("tand", ["cscd2", "bdbp"], "thads", "cscd2"),
    "bdbp": ("tand", ["bchqs", "cscd2"], "thads", "cscd2"),
    "ca": ("tand", ["bchqs", "cscd2"], "thads", "vks"),
    "vks": ("tand", ["bchqs", "ca"], "thads", "cscd2"),
    "cscd2": ("tand", ["bchqs", "vks"], "thads", "cscd2"),
}


def vote_2023(units: dict, period) -> dict:
    """The secret ballot of 09/01/2024: review and nomination, and next year's head and deputy, in one session."""
    from thidua.voting.domain import sessions as voting
    from thidua.voting.enums import QuestionKind, SessionKind

    session = voting.create_session(
        "Bình xét, suy tôn năm 2023 và bầu trưởng, phó cụm năm 2024", SessionKind.NOMINATION, period=period,
        regulation_ref="Tỷ lệ > 50% tổng số đơn vị thành viên — " + ILLUSTRATIVE, held_on=DAYS["conference"],
        at=moment(DAYS["conference"], 13))
    from thidua.awards.models import Award

    flag = voting.add_question(session, QuestionKind.NOMINATE, "Suy tôn đơn vị dẫn đầu đề nghị tặng Cờ thi đua",
                               "Cờ thi đua của UBND tỉnh", max_choices=1, seats=1, award=Award.objects.get(code="co-tinh"),
                               at=moment(DAYS["conference"], 13))
    merit = voting.add_question(session, QuestionKind.NOMINATE, "Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
                                "Bằng khen của Chủ tịch UBND tỉnh", max_choices=2, seats=2,
                                award=Award.objects.get(code="bk-tinh"), at=moment(DAYS["conference"], 13))
    head = voting.add_question(session, QuestionKind.ELECT_HEAD, "Bầu đơn vị Trưởng cụm năm 2024",
                               at=moment(DAYS["conference"], 13))
    deputy = voting.add_question(session, QuestionKind.ELECT_DEPUTY, "Bầu đơn vị Phó Trưởng cụm năm 2024",
                                 at=moment(DAYS["conference"], 13))
    candidates = {}
    for question in (flag, merit, head, deputy):
        for key in ORDER:
            candidates[(question.pk, key)] = voting.add_candidate(question, unit=units[key])
    voting.open_session(session, at=moment(DAYS["conference"], 14, 30))
    receipts = {}
    for voter in session.voters.all():
        key = next(k for k in ORDER if units[k].pk == voter.unit_id)
        f, m, h, d = BALLOTS[key]
        receipts[key] = voting.cast_ballot(session, voter, {
            flag.pk: [candidates[(flag.pk, f)].pk], merit.pk: [candidates[(merit.pk, x)].pk for x in m],
            head.pk: [candidates[(head.pk, h)].pk], deputy.pk: [candidates[(deputy.pk, d)].pk]})
    voting.close_session(session, at=moment(DAYS["conference"], 15))
    tallies = voting.tally_session(session, at=moment(DAYS["conference"], 15, 15))
    applied = voting.apply_results(session, decided_on=DAYS["conference"], at=moment(DAYS["conference"], 15, 30))
    return {"session": session, "tallies": tallies, "receipts": receipts, **applied,
            "questions": {"flag": flag, "merit": merit, "head": head, "deputy": deputy}}
