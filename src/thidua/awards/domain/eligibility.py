"""Eligibility of a candidate for an award, with every reason and the article behind it.

Each rule of the law lives in one function here with its article; `check()` picks the rules for the target award.
History is read once per person (AwardHistory) so that thousands of nominees cost a few queries each batch.
Only merit awards (công trạng) count toward chains: ad hoc and thematic results do not (Decree 152 art 4; Law
art 5). Years before the end of a discipline do not count (Decree 152 art 4). The answer is "needs a human look"
where the records cannot decide (an initiative's scope, a rating not recorded)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from thidua.awards.enums import AwardType, TaskRating, Verdict
from thidua.awards.models import AnnualRating, AwardRecord, Discipline, Initiative

GOOD_OR_BETTER = {TaskRating.EXCELLENT, TaskRating.GOOD}
# Titles that require at least "hoàn thành tốt nhiệm vụ" (Law arts 23–24): holding one shows a good year.
GOOD_YEAR_TITLES = {"ldtt", "cstt", "cstd-cs", "cstd-tinh", "cstd-tq"}


@dataclass
class Reason:
    text: str
    article: str
    ok: bool | None  # True: met; False: not met; None: needs a human look


@dataclass
class Answer:
    reasons: list[Reason] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        if any(r.ok is False for r in self.reasons):
            return Verdict.NOT_ELIGIBLE
        if any(r.ok is None for r in self.reasons):
            return Verdict.REVIEW
        return Verdict.ELIGIBLE

    def add(self, ok, text, article):
        self.reasons.append(Reason(text, article, ok))


@dataclass
class AwardHistory:
    """What the records say about one person (or unit): merit awards by year, ratings, disciplines, initiatives."""

    merit_by_year: dict[int, set[str]]
    other_by_year: dict[int, set[str]]
    ratings: dict[int, str]
    disciplines: list[Discipline]
    used_initiatives: set[int]

    def years_with(self, code: str) -> list[int]:
        return sorted(y for y, codes in self.merit_by_year.items() if code in codes)

    def last_year_with(self, code: str) -> int | None:
        years = self.years_with(code)
        return years[-1] if years else None

    def good_year(self, year: int) -> bool | None:
        if year in self.ratings:
            return self.ratings[year] in GOOD_OR_BETTER
        if self.merit_by_year.get(year, set()) & GOOD_YEAR_TITLES:
            return True
        return None

    def counting_from(self) -> int | None:
        """The first year that counts after the latest discipline ended (None: no discipline)."""
        ended = [d.end_date for d in self.disciplines if d.end_date]
        return max(ended).year + 1 if ended else None

    def disciplined_on(self, day: dt.date) -> Discipline | None:
        return next((d for d in self.disciplines if d.covers(day)), None)


HistoryKey = tuple[str, int | None]  # ("person", person id) or ("unit", unit id)


def load_histories(person_ids: Collection[int] = (),
                   unit_ids: Collection[int] = ()) -> dict[HistoryKey, AwardHistory]:
    """Histories of many people and units in four queries."""
    merit: defaultdict[HistoryKey, defaultdict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    other: defaultdict[HistoryKey, defaultdict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    ratings: defaultdict[HistoryKey, dict[int, str]] = defaultdict(dict)
    disciplines: defaultdict[HistoryKey, list[Discipline]] = defaultdict(list)
    used: defaultdict[HistoryKey, set[int]] = defaultdict(set)
    records = AwardRecord.objects.filter(person_id__in=list(person_ids)).values_list(
        "person_id", "unit_id", "subject", "year", "award__code", "award_type", "initiative_id")
    unit_records = AwardRecord.objects.filter(unit_id__in=list(unit_ids), subject="collective").values_list(
        "person_id", "unit_id", "subject", "year", "award__code", "award_type", "initiative_id")
    for person_id, unit_id, subject, year, code, award_type, initiative_id in [*records, *unit_records]:
        key = ("person", person_id) if subject == "individual" else ("unit", unit_id)
        (merit if award_type == AwardType.MERIT else other)[key][year].add(code)
        if initiative_id:
            used[key].add(initiative_id)
    for person_id, year, rating in AnnualRating.objects.filter(person_id__in=list(person_ids)).values_list(
            "person_id", "year", "rating"):
        ratings[("person", person_id)][year] = rating
    for d in Discipline.objects.filter(person_id__in=list(person_ids)):
        disciplines[("person", d.person_id)].append(d)
    keys = [("person", p) for p in person_ids] + [("unit", u) for u in unit_ids]
    return {k: AwardHistory(dict(merit[k]), dict(other[k]), dict(ratings[k]), disciplines[k], used[k]) for k in keys}


# -- the rules, one function each ----------------------------------------------------------------------------

def consecutive_titles(history: AwardHistory, code: str, count: int, last_year: int, label: str,
                       article: str, answer: Answer) -> None:
    """`count` consecutive years holding a title, ending in `last_year`, counted only from after any discipline."""
    start = last_year - count + 1
    floor = history.counting_from()
    years = set(history.years_with(code))
    missing = [y for y in range(start, last_year + 1) if y not in years]
    if floor and start < floor:
        answer.add(False, f"Kỷ luật kết thúc năm {floor - 1}: thành tích chỉ tính từ năm {floor}, chưa đủ {count} năm "
                          f"{label} liên tục đến năm {last_year}.", "Nghị định 152/2025/NĐ-CP, Điều 4")
        return
    if missing:
        ad_hoc = [y for y in missing if code in history.other_by_year.get(y, set())]
        extra = (f" (năm {', '.join(map(str, ad_hoc))} chỉ có khen thưởng đột xuất/chuyên đề, không được tính)"
                 if ad_hoc else "")
        answer.add(False, f"Chưa đủ {count} năm liên tục đạt {label} đến năm {last_year}: thiếu năm "
                          f"{', '.join(map(str, missing))}{extra}.", article)
    else:
        answer.add(True, f"Đạt {label} {count} năm liên tục {start}–{last_year}.", article)


def holds_then_good_years(history: AwardHistory, prior_code: str, prior_label: str, years_needed: int,
                          cstdcs_needed: int, excellent_needed: int, last_year: int, article: str,
                          answer: Answer) -> None:
    """Holds a prior form, then ≥ N consecutive good-or-better years up to the proposal, within which a number of
    CSTĐCS titles (and excellent years). Law art 73.1.b (Bằng khen TTg), art 44.1.e (HCLĐ hạng Ba)."""
    prior = history.last_year_with(prior_code)
    if prior is None:
        answer.add(False, f"Chưa có {prior_label}.", article)
        return
    answer.add(True, f"Đã có {prior_label} (năm {prior}).", article)
    start = last_year - years_needed + 1
    if start <= prior:
        answer.add(False, f"Từ sau {prior_label} (năm {prior}) đến năm {last_year} chưa đủ {years_needed} năm.", article)
        return
    floor = history.counting_from()
    if floor and start < floor:
        answer.add(False, f"Kỷ luật kết thúc năm {floor - 1}: thành tích chỉ tính từ năm {floor}.",
                   "Nghị định 152/2025/NĐ-CP, Điều 4")
        return
    window = range(start, last_year + 1)
    goods = {y: history.good_year(y) for y in window}
    bad = [y for y, g in goods.items() if g is False]
    unknown = [y for y, g in goods.items() if g is None]
    if bad:
        answer.add(False, f"Năm {', '.join(map(str, bad))} không hoàn thành tốt nhiệm vụ trở lên.", article)
    elif unknown:
        answer.add(None, f"Chưa có kết quả xếp loại năm {', '.join(map(str, unknown))}: cần kiểm tra.", article)
    else:
        answer.add(True, f"{years_needed} năm liên tục {start}–{last_year} hoàn thành tốt nhiệm vụ trở lên.", article)
    cstdcs = [y for y in window if "cstd-cs" in history.merit_by_year.get(y, set())]
    if len(cstdcs) < cstdcs_needed:
        answer.add(False, f"Trong {years_needed} năm đó có {len(cstdcs)} lần Chiến sĩ thi đua cơ sở, cần "
                          f"{cstdcs_needed}.", article)
    else:
        answer.add(True, f"Có {len(cstdcs)} lần Chiến sĩ thi đua cơ sở trong giai đoạn.", article)
    if excellent_needed:
        excellent = [y for y in window if history.ratings.get(y) == TaskRating.EXCELLENT]
        if len(excellent) >= excellent_needed:
            answer.add(True, f"Có năm hoàn thành xuất sắc nhiệm vụ ({', '.join(map(str, excellent))}).", article)
        elif unknown:
            answer.add(None, "Chưa có kết quả xếp loại đủ để xác định năm hoàn thành xuất sắc nhiệm vụ.", article)
        else:
            answer.add(False, "Không có năm nào hoàn thành xuất sắc nhiệm vụ trong giai đoạn.", article)


def initiative_requirement(initiative: Initiative | None, history: AwardHistory, scope_needed: str, article: str,
                           answer: Answer) -> None:
    """An initiative (or S&T work) of the required scope; one initiative grounds one award only (MoHA letter
    5007/BNV-TĐKT, 2023)."""
    if initiative is None:
        answer.add(None, "Chưa nêu sáng kiến làm căn cứ: cần hồ sơ công nhận phạm vi ảnh hưởng.", article)
        return
    if initiative.pk in history.used_initiatives:
        answer.add(False, f"Sáng kiến “{initiative.title}” đã được dùng làm căn cứ khen thưởng; mỗi sáng kiến chỉ "
                          f"dùng một lần.", "Công văn 5007/BNV-TĐKT ngày 05/9/2023")
        return
    order = ["unit", "province", "national"]
    if order.index(initiative.scope) < order.index(scope_needed):
        answer.add(False, f"Sáng kiến “{initiative.title}” mới có phạm vi ảnh hưởng "
                          f"{initiative.get_scope_display().lower()}.", article)
    else:
        answer.add(True, f"Sáng kiến “{initiative.title}” có phạm vi ảnh hưởng phù hợp.", article)


def not_under_discipline(history: AwardHistory, day: dt.date, answer: Answer) -> None:
    """No award or proposal while a discipline runs (Decree 152 art 4)."""
    running = history.disciplined_on(day)
    if running:
        answer.add(False, f"Đang trong thời gian kỷ luật ({running.form}).", "Nghị định 152/2025/NĐ-CP, Điều 4")


def collective_excellent(members: int, complete: int, ldtt: int, cstdcs: int, excellent: bool | None,
                         answer: Answer) -> None:
    """Tập thể lao động xuất sắc (Law art 27): excellent completion; 100% of members complete their tasks; ≥ 70%
    are LĐTT; at least one CSTĐCS."""
    article = "Luật Thi đua, khen thưởng 2022, Điều 27"
    if members <= 0:
        answer.add(None, "Chưa có danh sách cán bộ của tập thể để tính tỷ lệ.", article)
        return
    answer.add(complete == members, f"{complete}/{members} thành viên hoàn thành nhiệm vụ (cần 100%).", article)
    answer.add(ldtt * 10 >= members * 7, f"{ldtt}/{members} thành viên đạt Lao động tiên tiến "
                                         f"({ldtt * 100 // members}%, cần ≥ 70%).", article)
    answer.add(cstdcs >= 1, f"{cstdcs} cá nhân đạt Chiến sĩ thi đua cơ sở (cần ít nhất 1).", article)
    if excellent is None:
        answer.add(None, "Chưa có xếp loại hoàn thành xuất sắc nhiệm vụ của tập thể.", article)
    else:
        answer.add(excellent, "Tập thể hoàn thành xuất sắc nhiệm vụ." if excellent else
                   "Tập thể chưa hoàn thành xuất sắc nhiệm vụ.", article)


def leads_cluster_by_vote(nominated: bool, award_label: str, answer: Answer, article: str) -> None:
    """Flags go to the collective leading a cluster, chosen by the cluster's review and vote (Law arts 25–26)."""
    if nominated:
        answer.add(True, f"Được cụm, khối bình xét, suy tôn là đơn vị dẫn đầu, đề nghị {award_label}.", article)
    else:
        answer.add(False, f"Chưa được cụm, khối bình xét, suy tôn dẫn đầu để đề nghị {award_label}.", article)


# -- choosing the rules for an award -------------------------------------------------------------------------

def check_person(award_code: str, year: int, history: AwardHistory, on_day: dt.date,
                 initiative: Initiative | None = None) -> Answer:
    answer = Answer()
    not_under_discipline(history, on_day, answer)
    if award_code == "cstd-tinh":
        article = "Luật Thi đua, khen thưởng 2022, Điều 22"
        consecutive_titles(history, "cstd-cs", 3, year, "Chiến sĩ thi đua cơ sở", article, answer)
        initiative_requirement(initiative, history, "province", article, answer)
    elif award_code == "cstd-tq":
        article = "Luật Thi đua, khen thưởng 2022, Điều 21"
        consecutive_titles(history, "cstd-tinh", 2, year, "Chiến sĩ thi đua cấp tỉnh", article, answer)
        initiative_requirement(initiative, history, "national", article, answer)
    elif award_code == "bk-ttg":
        holds_then_good_years(history, "bk-tinh", "Bằng khen cấp bộ, tỉnh", 5, 3, 0, year,
                              "Luật Thi đua, khen thưởng 2022, Điều 73 khoản 1 điểm b", answer)
    elif award_code == "hcld-3":
        holds_then_good_years(history, "bk-ttg", "Bằng khen của Thủ tướng Chính phủ", 5, 3, 1, year,
                              "Luật Thi đua, khen thưởng 2022, Điều 44 khoản 1 điểm e", answer)
    elif award_code == "cstd-cs":
        article = "Luật Thi đua, khen thưởng 2022, Điều 23"
        good = history.good_year(year)
        answer.add(good if good is not None else None,
                   f"Năm {year}: " + ("đạt tiêu chuẩn Lao động tiên tiến, hoàn thành tốt nhiệm vụ trở lên." if good else
                                      "chưa có kết quả xếp loại hoàn thành tốt nhiệm vụ." if good is None else
                                      "không hoàn thành tốt nhiệm vụ."), article)
        if history.ratings.get(year) != TaskRating.EXCELLENT:
            initiative_requirement(initiative, history, "unit", article, answer)
        else:
            answer.add(True, f"Năm {year} hoàn thành xuất sắc nhiệm vụ.", article)
    else:
        answer.add(None, "Chưa có quy tắc tự động cho danh hiệu, hình thức này: cần xem xét.", "")
    return answer


def check_unit(award_code: str, year: int, history: AwardHistory, on_day: dt.date, *, nominated: bool = False,
               members: int = 0, complete: int = 0, ldtt: int = 0, cstdcs: int = 0,
               excellent: bool | None = None) -> Answer:
    answer = Answer()
    if award_code == "ttldxs":
        collective_excellent(members, complete, ldtt, cstdcs, excellent, answer)
    elif award_code == "co-tinh":
        leads_cluster_by_vote(nominated, "Cờ thi đua của bộ, ban, ngành, tỉnh", answer,
                              "Luật Thi đua, khen thưởng 2022, Điều 26")
    elif award_code == "co-cp":
        leads_cluster_by_vote(nominated, "Cờ thi đua của Chính phủ", answer, "Luật Thi đua, khen thưởng 2022, Điều 25")
    else:
        answer.add(None, "Chưa có quy tắc tự động cho danh hiệu, hình thức này: cần xem xét.", "")
    return answer
