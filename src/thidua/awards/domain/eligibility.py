"""Eligibility of a candidate for an award, with every reason and the article behind it.

Each rule of the law lives in one function here with its article; `check_person()` and `check_unit()` pick the
rules for the target award from a table (PERSON_RULES, UNIT_RULES). Records are read once per batch (AwardHistory
by `load_histories`, a collective's year by `collectives.load_unit_years`), so thousands of nominees cost a fixed
number of queries.

Principles (Decree 152 art 4; Law art 5): only merit awards (công trạng) count toward chains, ad hoc and thematic
results do not; no award while a discipline runs, and years up to the end of a discipline do not count. An article
met by any one of several grounds (Bằng khen, art 74: a movement, a one-off achievement, a contribution, or a run of
years) is checked by `one_of`: the records decide the run of years, a human the rest. The answer is "needs a human
look" where the records cannot decide (an initiative's scope, a rating not recorded, a ground only a council
judges), and says why. Qualities the council judges for every title (solidarity, conduct) are left to its vote and
not repeated on every answer. Details the Law leaves to ministries and provinces, and conditions reported but not
verified, are dated parameters (awards.domain.parameters)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Q

from thidua.awards.domain.collectives import UnitYear
from thidua.awards.domain.parameters import Parameters, parameters_on
from thidua.awards.enums import AwardType, TaskRating, Verdict
from thidua.awards.models import AnnualRating, AwardRecord, Discipline, Initiative
from thidua.core.text import fold

LAW = "Luật Thi đua, khen thưởng 2022"
DECREE_152_ART_4 = "Nghị định 152/2025/NĐ-CP, Điều 4"
GOOD_OR_BETTER = {TaskRating.EXCELLENT, TaskRating.GOOD}
# Titles that require at least "hoàn thành tốt nhiệm vụ" (Law arts 23–24, 27–28): holding one shows a good year.
GOOD_YEAR_TITLES = {"ldtt", "cstt", "cstd-cs", "cstd-tinh", "cstd-tq", "ttldtt", "ttldxs", "co-tinh", "co-cp"}
SCOPES = ["unit", "province", "national"]

# The grounds a reason may establish, kept with it: the documents a dossier needs follow the ground found.
EXCELLENT_YEAR = "excellent-year"
INITIATIVE = "initiative"
INITIATIVE_TITLES = {"cstd-cs", "cstd-tinh", "cstd-tq"}  # Law art 84 khoản 1 điểm d
MEMBER_AWARDS = {"ttldtt", "ttldxs"}  # the collective titles counted on the members at the year's end


@dataclass
class Reason:
    text: str
    article: str
    ok: bool | None  # True: met; False: not met; None: needs a human look
    ground: str = ""  # EXCELLENT_YEAR, INITIATIVE: which ground of the article the reason establishes


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

    def add(self, ok: bool | None, text: str, article: str, ground: str = "") -> None:
        self.reasons.append(Reason(text, article, ok, ground))


@dataclass
class AwardHistory:
    """What the records say about one person (or unit): merit awards by year, ratings, disciplines, initiatives."""

    merit_by_year: dict[int, set[str]]
    other_by_year: dict[int, set[str]]
    ratings: dict[int, str]
    disciplines: list[Discipline]
    used_initiatives: set[int]
    initiatives: list[Initiative] = field(default_factory=list)

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


def empty_history() -> AwardHistory:
    return AwardHistory({}, {}, {}, [], set())


HistoryKey = tuple[str, int | None]  # ("person", person id) or ("unit", unit id)


def load_histories(person_ids: Collection[int] = (),
                   unit_ids: Collection[int] = ()) -> dict[HistoryKey, AwardHistory]:
    """Histories of many people and units in five queries: their awards (two), ratings, disciplines (a unit's own:
    those naming no person) and the people's initiatives. The ids go as one parameter each (core.lookups)."""
    person_ids, unit_ids = list(person_ids), list(unit_ids)
    merit: defaultdict[HistoryKey, defaultdict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    other: defaultdict[HistoryKey, defaultdict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    ratings: defaultdict[HistoryKey, dict[int, str]] = defaultdict(dict)
    disciplines: defaultdict[HistoryKey, list[Discipline]] = defaultdict(list)
    used: defaultdict[HistoryKey, set[int]] = defaultdict(set)
    initiatives: defaultdict[HistoryKey, list[Initiative]] = defaultdict(list)
    records = AwardRecord.objects.filter(person_id__any=person_ids).values_list(
        "person_id", "unit_id", "subject", "year", "award__code", "award_type", "initiative_id")
    unit_records = AwardRecord.objects.filter(unit_id__any=unit_ids, subject="collective").values_list(
        "person_id", "unit_id", "subject", "year", "award__code", "award_type", "initiative_id")
    for person_id, unit_id, subject, year, code, award_type, initiative_id in [*records, *unit_records]:
        key = ("person", person_id) if subject == "individual" else ("unit", unit_id)
        (merit if award_type == AwardType.MERIT else other)[key][year].add(code)
        if initiative_id:
            used[key].add(initiative_id)
    own = Q(person_id__any=person_ids) | Q(unit_id__any=unit_ids, person__isnull=True)
    for person_id, unit_id, year, rating in AnnualRating.objects.filter(own).values_list(
            "person_id", "unit_id", "year", "rating"):
        ratings[("person", person_id) if person_id else ("unit", unit_id)][year] = rating
    for d in Discipline.objects.filter(own):
        disciplines[("person", d.person_id) if d.person_id else ("unit", d.unit_id)].append(d)
    for initiative in Initiative.objects.filter(person_id__any=person_ids):
        initiatives[("person", initiative.person_id)].append(initiative)
    keys = [("person", p) for p in person_ids] + [("unit", u) for u in unit_ids]
    return {k: AwardHistory(dict(merit[k]), dict(other[k]), dict(ratings[k]), disciplines[k], used[k],
                            initiatives[k]) for k in keys}


def years_text(years: Collection[int]) -> str:
    return ", ".join(map(str, sorted(years)))


# -- the rules, one function each ----------------------------------------------------------------------------

def not_under_discipline(history: AwardHistory, day: dt.date, answer: Answer) -> None:
    """No award or proposal while a discipline runs (Decree 152 art 4)."""
    running = history.disciplined_on(day)
    if running:
        answer.add(False, f"Đang trong thời gian kỷ luật ({running.form}).", DECREE_152_ART_4)


def year_counts(history: AwardHistory, year: int, answer: Answer) -> bool:
    """A year's achievement counts only after the latest discipline ended (Decree 152 art 4): an annual title of a
    year up to that end is not given."""
    floor = history.counting_from()
    if floor and year < floor:
        answer.add(False, f"Kỷ luật kết thúc năm {floor - 1}: thành tích chỉ tính từ năm {floor}, năm {year} không "
                          f"được tính.", DECREE_152_ART_4)
        return False
    return True


def good_year_rating(history: AwardHistory, year: int, article: str, answer: Answer) -> None:
    """"Hoàn thành tốt nhiệm vụ" or better in the year (Law art 24 for civil servants and employees; art 23 through
    the LĐTT standard). Workers and farmers (art 24, the second group) are judged on productive work, which no record
    holds: without a rating, a human looks."""
    good = history.good_year(year)
    if good is None:
        answer.add(None, f"Năm {year}: chưa có kết quả xếp loại hoàn thành nhiệm vụ (công nhân, nông dân, người lao "
                         f"động xét theo năng suất, chất lượng lao động): cần kiểm tra.", article)
    elif good:
        answer.add(True, f"Năm {year}: hoàn thành tốt nhiệm vụ trở lên.", article)
    else:
        answer.add(False, f"Năm {year}: không hoàn thành tốt nhiệm vụ.", article)


def worker_service(params: Parameters, answer: Answer) -> None:
    """Time in service in the year for Lao động tiên tiến, where a dated parameter applies (awards.domain.parameters:
    Decree 91/2017's days, [R]). The records hold neither hiring dates nor absences: a human looks."""
    rule = params.worker_service
    if rule is not None:
        answer.add(None, f"Cần xác nhận thời gian công tác trong năm từ {rule.min_months} tháng trở lên và nghỉ không "
                         f"quá {rule.max_absent_working_days} ngày làm việc: hồ sơ chưa ghi nhận.", rule.source)


def consecutive_titles(history: AwardHistory, code: str, count: int, last_year: int, label: str,
                       article: str, answer: Answer) -> None:
    """`count` consecutive years holding a title, ending in `last_year`, counted only from after any discipline."""
    start = last_year - count + 1
    floor = history.counting_from()
    years = set(history.years_with(code))
    missing = [y for y in range(start, last_year + 1) if y not in years]
    if floor and start < floor:
        answer.add(False, f"Kỷ luật kết thúc năm {floor - 1}: thành tích chỉ tính từ năm {floor}, chưa đủ {count} năm "
                          f"{label} liên tục đến năm {last_year}.", DECREE_152_ART_4)
        return
    if missing:
        ad_hoc = [y for y in missing if code in history.other_by_year.get(y, set())]
        extra = (f" (năm {years_text(ad_hoc)} chỉ có khen thưởng đột xuất/chuyên đề, không được tính)"
                 if ad_hoc else "")
        answer.add(False, f"Chưa đủ {count} năm liên tục đạt {label} đến năm {last_year}: thiếu năm "
                          f"{years_text(missing)}{extra}.", article)
    else:
        answer.add(True, f"Đạt {label} {count} năm liên tục {start}–{last_year}.", article)


def holds_then_good_years(history: AwardHistory, prior_code: str, prior_label: str, years_needed: int,
                          cstdcs_needed: int, excellent_needed: int, last_year: int, article: str,
                          answer: Answer) -> None:
    """Holds a prior form, then ≥ N consecutive good-or-better years up to the proposal, within which a number of
    CSTĐCS titles (and excellent years). Law art 73.1.b (Bằng khen TTg), art 44.1.e (HCLĐ hạng Ba)."""
    window = _window_after(history, prior_code, prior_label, years_needed, last_year, article, answer)
    if window is None:
        return
    _good_years(history, window, article, answer)
    cstdcs = [y for y in window if "cstd-cs" in history.merit_by_year.get(y, set())]
    if len(cstdcs) < cstdcs_needed:
        answer.add(False, f"Trong {years_needed} năm đó có {len(cstdcs)} lần Chiến sĩ thi đua cơ sở, cần "
                          f"{cstdcs_needed}.", article)
    else:
        answer.add(True, f"Có {len(cstdcs)} lần Chiến sĩ thi đua cơ sở trong giai đoạn.", article)
    if excellent_needed:
        excellent = [y for y in window if history.ratings.get(y) == TaskRating.EXCELLENT]
        unrated = [y for y in window if y not in history.ratings]  # a title shows a good year, not an excellent one
        if len(excellent) >= excellent_needed:
            answer.add(True, f"Có năm hoàn thành xuất sắc nhiệm vụ ({years_text(excellent)}).", article)
        elif unrated:
            answer.add(None, "Chưa có kết quả xếp loại đủ để xác định năm hoàn thành xuất sắc nhiệm vụ "
                             f"(năm {years_text(unrated)}).", article)
        else:
            answer.add(False, "Không có năm nào hoàn thành xuất sắc nhiệm vụ trong giai đoạn.", article)


def _window_after(history: AwardHistory, prior_code: str, prior_label: str, years_needed: int, last_year: int,
                  article: str, answer: Answer) -> range | None:
    """The `years_needed` years ending in `last_year`, all after the latest prior form and after any discipline."""
    prior = history.last_year_with(prior_code)
    if prior is None:
        answer.add(False, f"Chưa có {prior_label}.", article)
        return None
    answer.add(True, f"Đã có {prior_label} (năm {prior}).", article)
    start = last_year - years_needed + 1
    if start <= prior:
        answer.add(False, f"Từ sau {prior_label} (năm {prior}) đến năm {last_year} chưa đủ {years_needed} năm.", article)
        return None
    floor = history.counting_from()
    if floor and start < floor:
        answer.add(False, f"Kỷ luật kết thúc năm {floor - 1}: thành tích chỉ tính từ năm {floor}.", DECREE_152_ART_4)
        return None
    return range(start, last_year + 1)


def _good_years(history: AwardHistory, window: range, article: str, answer: Answer) -> None:
    """Every year of the window good or better (a rating, or a title that needs one)."""
    goods = {y: history.good_year(y) for y in window}
    bad = [y for y, g in goods.items() if g is False]
    unknown = [y for y, g in goods.items() if g is None]
    if bad:
        answer.add(False, f"Năm {years_text(bad)} không hoàn thành tốt nhiệm vụ trở lên.", article)
    elif unknown:
        answer.add(None, f"Chưa có kết quả xếp loại năm {years_text(unknown)}: cần kiểm tra.", article)
    else:
        answer.add(True, f"{len(window)} năm liên tục {window[0]}–{window[-1]} hoàn thành tốt nhiệm vụ trở lên.",
                   article)


def initiative_requirement(initiative: Initiative | None, history: AwardHistory, scope_needed: str, article: str,
                           answer: Answer) -> None:
    """An initiative (or S&T work) of the required scope; one initiative grounds one award only (MoHA letter
    5007/BNV-TĐKT, 2023)."""
    if initiative is None:
        answer.add(None, "Chưa nêu sáng kiến làm căn cứ: cần hồ sơ công nhận phạm vi ảnh hưởng.", article, INITIATIVE)
        return
    if initiative.pk in history.used_initiatives:
        answer.add(False, f"Sáng kiến “{initiative.title}” đã được dùng làm căn cứ khen thưởng; mỗi sáng kiến chỉ "
                          f"dùng một lần.", "Công văn 5007/BNV-TĐKT ngày 05/9/2023", INITIATIVE)
        return
    if SCOPES.index(initiative.scope) < SCOPES.index(scope_needed):
        answer.add(False, f"Sáng kiến “{initiative.title}” mới có phạm vi ảnh hưởng "
                          f"{initiative.get_scope_display().lower()}.", article, INITIATIVE)
    else:
        answer.add(True, f"Sáng kiến “{initiative.title}” có phạm vi ảnh hưởng phù hợp.", article, INITIATIVE)


def excellent_or_initiative(history: AwardHistory, year: int, initiative: Initiative | None, article: str,
                            answer: Answer) -> None:
    """Chiến sĩ thi đua cơ sở (Law art 23): beside the LĐTT standard, either excellent completion of the year or an
    initiative recognised at the grassroots. The ground found is kept with the reason (the dossier follows it)."""
    if history.ratings.get(year) == TaskRating.EXCELLENT:
        answer.add(True, f"Năm {year} hoàn thành xuất sắc nhiệm vụ.", article, EXCELLENT_YEAR)
    else:
        initiative_requirement(initiative, history, "unit", article, answer)


def excellent_years_with_initiatives(history: AwardHistory, years_needed: int, initiatives_needed: int,
                                     last_year: int, article: str, answer: Answer) -> None:
    """`years_needed` consecutive years of excellent completion ending in `last_year`, within which
    `initiatives_needed` initiatives recognised at the grassroots or above and not used for another award (Law
    art 74 khoản 1 điểm d, its second case)."""
    window = range(last_year - years_needed + 1, last_year + 1)
    floor = history.counting_from()
    if floor and window[0] < floor:
        answer.add(False, f"Kỷ luật kết thúc năm {floor - 1}: thành tích chỉ tính từ năm {floor}.", DECREE_152_ART_4)
        return
    ratings = {y: history.ratings.get(y) for y in window}
    if any(r is not None and r != TaskRating.EXCELLENT for r in ratings.values()):
        answer.add(False, f"Không đủ {years_needed} năm liên tục hoàn thành xuất sắc nhiệm vụ đến năm {last_year}.",
                   article)
        return
    unrated = [y for y, r in ratings.items() if r is None]
    if unrated:
        answer.add(None, f"Chưa có kết quả xếp loại năm {years_text(unrated)}.", article)
    else:
        answer.add(True, f"{years_needed} năm liên tục {window[0]}–{last_year} hoàn thành xuất sắc nhiệm vụ.", article)
    usable = [i for i in history.initiatives if i.pk not in history.used_initiatives and i.recognised_on
              and i.recognised_on.year in window]
    undated = [i for i in history.initiatives if i.pk not in history.used_initiatives and not i.recognised_on]
    names = "; ".join(f"“{i.title}”" for i in usable)
    if len(usable) >= initiatives_needed:
        answer.add(True, f"Có {len(usable)} sáng kiến được công nhận trong giai đoạn, chưa dùng làm căn cứ khen "
                         f"thưởng: {names}.", article, INITIATIVE)
    elif len(usable) + len(undated) >= initiatives_needed:
        answer.add(None, f"Có {len(usable)} sáng kiến được công nhận trong giai đoạn và {len(undated)} sáng kiến chưa "
                         f"ghi ngày công nhận: cần kiểm tra (cần {initiatives_needed}).", article, INITIATIVE)
    else:
        answer.add(False, f"Có {len(usable)} sáng kiến được công nhận trong giai đoạn, chưa dùng làm căn cứ khen "
                          f"thưởng; cần {initiatives_needed}.", article, INITIATIVE)


def one_of(answer: Answer, grounds: list[tuple[str, Answer]], others: str, article: str) -> None:
    """An article met by any one of its grounds. The first ground the records meet decides, with its reasons.
    Otherwise every ground's reasons are kept, named by their ground: when a ground needs a look, or `others` names
    grounds the records cannot decide, the answer is a human look and what failed is said as "not met" lines that
    do not decide alone; otherwise the article is not met."""
    for _label, sub in grounds:
        if sub.verdict == Verdict.ELIGIBLE:
            answer.reasons.extend(sub.reasons)
            return
    open_question = bool(others) or any(sub.verdict == Verdict.REVIEW for _label, sub in grounds)
    for label, sub in grounds:
        for r in sub.reasons:
            if r.ok is False:
                answer.add(None if open_question else False, f"Chưa đạt theo {label}: {r.text}", r.article, r.ground)
            else:
                answer.add(r.ok, f"Theo {label}: {r.text}", r.article, r.ground)
    if others:
        answer.add(None, others, article)


def collective_year_end(facts: UnitYear, year: int, on_day: dt.date, article: str, answer: Answer) -> bool:
    """Who the members were on 31/12 of the year (awards.domain.collectives): said with what gave each count.
    Today's staff stands in for people without a dated record; for a year ended more than a year ago, a human
    checks the list."""
    if facts.members <= 0:
        answer.add(None, f"Chưa có danh sách cán bộ của tập thể tại 31/12/{year} để tính tỷ lệ.", article)
        return False
    parts = [f"{n} {what}" for n, what in ((facts.by_rating, f"theo xếp loại năm {year} của đơn vị"),
                                           (facts.by_award, f"theo khen thưởng năm {year}"),
                                           (facts.by_staff, "theo danh sách cán bộ hiện nay")) if n]
    text = f"Tập thể có {facts.members} thành viên tại 31/12/{year} ({'; '.join(parts)})."
    if facts.by_staff and on_day.year > year + 1:
        answer.add(None, text + f" Hồ sơ không lưu quá trình công tác theo ngày: cần kiểm tra danh sách năm {year}.",
                   article)
    else:
        answer.add(True, text, article)
    return True


def members_complete(facts: UnitYear, year: int, article: str, answer: Answer) -> None:
    """100% of the members complete their tasks (Law art 27). A member without a rating of the year is not counted
    as complete: a human looks once the ratings are entered."""
    text = f"{facts.complete}/{facts.members} thành viên hoàn thành nhiệm vụ trở lên (cần 100%)"
    if facts.incomplete:
        answer.add(False, f"{text}: {facts.incomplete} người không hoàn thành nhiệm vụ năm {year}.", article)
    elif facts.unrated:
        shown = ", ".join(facts.unrated[:5]) + (", …" if len(facts.unrated) > 5 else "")
        answer.add(None, f"{text}: {len(facts.unrated)} người chưa có xếp loại năm {year} ({shown}), chưa tính là "
                         f"hoàn thành.", article)
    else:
        answer.add(True, f"{text}.", article)


def members_advanced(facts: UnitYear, share_needed: Fraction, article: str, answer: Answer) -> None:
    """A share of the members holding Lao động tiên tiến (a CSTĐ cơ sở meets its standard): ≥ 70% for Tập thể lao
    động xuất sắc (Law art 27), the parameter of Tập thể lao động tiên tiến (art 28)."""
    needed = round(share_needed * 100)
    answer.add(facts.ldtt >= share_needed * facts.members,
               f"{facts.ldtt}/{facts.members} thành viên đạt Lao động tiên tiến ({facts.ldtt * 100 // facts.members}%, "
               f"cần ≥ {needed}%).", article)


def collective_excellent(facts: UnitYear, year: int, on_day: dt.date, answer: Answer) -> None:
    """Tập thể lao động xuất sắc (Law art 27): excellent completion; 100% of members complete their tasks; ≥ 70%
    are LĐTT; at least one CSTĐCS — members on 31/12 of the year."""
    article = f"{LAW}, Điều 27"
    if collective_year_end(facts, year, on_day, article, answer):
        members_complete(facts, year, article, answer)
        members_advanced(facts, Fraction(7, 10), article, answer)
        answer.add(facts.cstdcs >= 1, f"{facts.cstdcs} cá nhân đạt Chiến sĩ thi đua cơ sở (cần ít nhất 1).", article)
    if facts.rating is None:
        answer.add(None, "Chưa có xếp loại hoàn thành xuất sắc nhiệm vụ của tập thể.", article)
    elif facts.rating == TaskRating.EXCELLENT:
        answer.add(True, "Tập thể hoàn thành xuất sắc nhiệm vụ.", article)
    else:
        answer.add(False, "Tập thể chưa hoàn thành xuất sắc nhiệm vụ.", article)


def collective_advanced(facts: UnitYear, year: int, on_day: dt.date, params: Parameters, answer: Answer) -> None:
    """Tập thể lao động tiên tiến (Law art 28): task completed well; a share of the members LĐTT; no member
    disciplined from "cảnh cáo" up in the year — share and forms are the province's or sector's detail (art 28
    khoản 3), a dated parameter."""
    article = f"{LAW}, Điều 28"
    if facts.rating is None:
        answer.add(None, f"Chưa có xếp loại hoàn thành nhiệm vụ năm {year} của tập thể.", article)
    else:
        answer.add(facts.rating in GOOD_OR_BETTER, f"Tập thể {TaskRating(facts.rating).label.lower()} năm {year} "
                                                   f"(cần hoàn thành tốt nhiệm vụ trở lên).", article)
    rule = params.advanced_collective
    if rule is None:
        answer.add(None, "Chưa có tham số tỷ lệ Lao động tiên tiến và hình thức kỷ luật cho ngày kiểm tra: cần xem "
                         "quy định của bộ, ngành, tỉnh.", article)
        return
    if collective_year_end(facts, year, on_day, article, answer):
        members_advanced(facts, rule.ldtt_share, f"{article}; {rule.source}", answer)
    members_not_disciplined(facts, year, rule.blocking_disciplines, rule.lighter_disciplines,
                            f"{article}; {rule.source}", answer)


def members_not_disciplined(facts: UnitYear, year: int, blocking: Collection[str], lighter: Collection[str],
                            article: str, answer: Answer) -> None:
    """No member disciplined in the year with a form from `blocking` (written as decisions write them; compared
    without accents). A form neither list knows is for a human to place."""
    blocking_folded, lighter_folded = [fold(f) for f in blocking], [fold(f) for f in lighter]
    blocked = [(n, f) for n, f in facts.disciplined if any(b in fold(f) for b in blocking_folded)]
    unknown = [(n, f) for n, f in facts.disciplined if (n, f) not in blocked
               and not any(b in fold(f) for b in lighter_folded)]
    if blocked:
        answer.add(False, f"Năm {year} có thành viên bị kỷ luật từ cảnh cáo trở lên: "
                          f"{'; '.join(f'{n} ({f})' for n, f in blocked)}.", article)
    elif unknown:
        answer.add(None, f"Năm {year} có thành viên bị kỷ luật, hình thức chưa xác định được mức: "
                         f"{'; '.join(f'{n} ({f})' for n, f in unknown)}.", article)
    else:
        answer.add(True, f"Năm {year} không có thành viên bị kỷ luật từ cảnh cáo trở lên.", article)


def unit_excellent_years(history: AwardHistory, years_needed: int, last_year: int, article: str,
                         answer: Answer) -> None:
    """A collective's `years_needed` consecutive years ending in `last_year`, each of excellent completion or with
    Tập thể lao động xuất sắc (Law art 74 khoản 2, the run of years), after any discipline."""
    window = range(last_year - years_needed + 1, last_year + 1)
    floor = history.counting_from()
    if floor and window[0] < floor:
        answer.add(False, f"Kỷ luật kết thúc năm {floor - 1}: thành tích chỉ tính từ năm {floor}.", DECREE_152_ART_4)
        return
    good = [y for y in window if history.ratings.get(y) == TaskRating.EXCELLENT
            or "ttldxs" in history.merit_by_year.get(y, set())]
    unknown = [y for y in window if y not in good and y not in history.ratings]
    missing = [y for y in window if y not in good and y not in unknown]
    if missing:
        answer.add(False, f"Năm {years_text(missing)} tập thể không hoàn thành xuất sắc nhiệm vụ, không đạt Tập thể "
                          f"lao động xuất sắc.", article)
    elif unknown:
        answer.add(None, f"Năm {years_text(unknown)}: chưa có xếp loại của tập thể, chưa có Tập thể lao động xuất sắc.",
                   article)
    else:
        answer.add(True, f"{years_needed} năm liên tục {window[0]}–{last_year} hoàn thành xuất sắc nhiệm vụ hoặc đạt "
                         f"Tập thể lao động xuất sắc.", article)


def collective_prime_minister_chain(history: AwardHistory, year: int, params: Parameters, answer: Answer) -> None:
    """Bằng khen của Thủ tướng for a collective by its chain (Law art 73; the numbers are a dated parameter, rules.md
    [R]): holds a Bằng khen of a ministry or province, then N consecutive good-or-better years up to the proposal,
    within which Cờ thi đua of a ministry or province, or Tập thể lao động xuất sắc a number of times."""
    rule = params.pm_collective
    if rule is None:
        answer.add(None, "Chưa có tham số điều kiện Bằng khen của Thủ tướng cho tập thể vào ngày kiểm tra.",
                   f"{LAW}, Điều 73")
        return
    article = f"{LAW}, Điều 73; {rule.source}"
    window = _window_after(history, rule.prior_code, "Bằng khen cấp bộ, tỉnh", rule.years, year, article, answer)
    if window is None:
        return
    _good_years(history, window, article, answer)
    flags = [y for y in window if "co-tinh" in history.merit_by_year.get(y, set())]
    excellent = [y for y in window if "ttldxs" in history.merit_by_year.get(y, set())]
    if len(flags) >= rule.flags_needed:
        answer.add(True, f"Có Cờ thi đua cấp bộ, tỉnh năm {years_text(flags)}.", article)
    elif len(excellent) >= rule.excellent_needed:
        answer.add(True, f"Có {len(excellent)} lần Tập thể lao động xuất sắc ({years_text(excellent)}).", article)
    else:
        answer.add(False, f"Trong {rule.years} năm đó có {len(flags)} Cờ thi đua cấp bộ, tỉnh và {len(excellent)} lần "
                          f"Tập thể lao động xuất sắc; cần {rule.flags_needed} Cờ hoặc {rule.excellent_needed} lần "
                          f"Tập thể lao động xuất sắc.", article)


def leads_cluster_by_vote(voted: list[str], award_label: str, answer: Answer, article: str) -> None:
    """Flags go to the collective leading a cluster, chosen by the cluster's review and vote (Law arts 25–26); the
    cluster is named (MoHA letter 5007/BNV-TĐKT: the minutes name the cluster the unit leads)."""
    if voted:
        answer.add(True, f"Được {', '.join(voted)} bình xét, suy tôn là đơn vị dẫn đầu, đề nghị {award_label}.",
                   article)
    else:
        answer.add(False, f"Chưa được cụm, khối bình xét, suy tôn dẫn đầu để đề nghị {award_label}.", article)


def government_flag_choice(facts: UnitYear, year: int, answer: Answer) -> None:
    """Cờ thi đua của Chính phủ (Law art 25): a collective leading a cluster of the Central council, voted by that
    cluster; or a collective the ministry's or province's council chose among those leading its clusters. Either
    suffices; the quota of the second is checked on the proposal (voting.domain.quotas)."""
    article = f"{LAW}, Điều 25"
    label = "Cờ thi đua của Chính phủ"
    leads = facts.voted.get("co-tinh", [])
    if facts.voted.get("co-cp"):
        leads_cluster_by_vote(facts.voted["co-cp"], label, answer, article)
    elif facts.council.get("co-cp") and leads:
        answer.add(True, f"{', '.join(facts.council['co-cp'])} chọn trong các đơn vị dẫn đầu cụm, khối để đề nghị "
                         f"{label} (năm {year} dẫn đầu {', '.join(leads)}).", article)
    elif facts.council.get("co-cp"):
        answer.add(False, f"{', '.join(facts.council['co-cp'])} đã chọn, nhưng năm {year} đơn vị không được cụm, khối "
                          f"nào suy tôn dẫn đầu: {label} chỉ chọn trong các tập thể dẫn đầu cụm, khối.", article)
    else:
        answer.add(False, f"Chưa được cụm, khối suy tôn dẫn đầu đề nghị {label}, cũng chưa được Hội đồng Thi đua - "
                          f"Khen thưởng chọn trong các đơn vị dẫn đầu cụm, khối.", article)


def not_verified(text: str, article: str, answer: Answer) -> None:
    """A condition shared/domain/rules.md does not verify: never encoded; a human looks, told why."""
    answer.add(None, text, article)


# -- the awards: which rules each one takes --------------------------------------------------------------------

@dataclass
class Case:
    """One check: the year of achievement, the records, the day of the check and its parameters, the answer."""

    year: int
    history: AwardHistory
    on_day: dt.date
    params: Parameters
    answer: Answer
    initiative: Initiative | None = None
    facts: UnitYear = field(default_factory=UnitYear)


def _advanced_worker(case: Case) -> None:
    article = f"{LAW}, Điều 24"
    if year_counts(case.history, case.year, case.answer):
        good_year_rating(case.history, case.year, article, case.answer)
    worker_service(case.params, case.answer)


def _cstd_cs(case: Case) -> None:
    article = f"{LAW}, Điều 23"
    if year_counts(case.history, case.year, case.answer):
        good_year_rating(case.history, case.year, article, case.answer)
        excellent_or_initiative(case.history, case.year, case.initiative, article, case.answer)


def _cstd_tinh(case: Case) -> None:
    article = f"{LAW}, Điều 22"
    consecutive_titles(case.history, "cstd-cs", 3, case.year, "Chiến sĩ thi đua cơ sở", article, case.answer)
    initiative_requirement(case.initiative, case.history, "province", article, case.answer)


def _cstd_tq(case: Case) -> None:
    article = f"{LAW}, Điều 21"
    consecutive_titles(case.history, "cstd-tinh", 2, case.year, "Chiến sĩ thi đua cấp tỉnh", article, case.answer)
    initiative_requirement(case.initiative, case.history, "national", article, case.answer)


def _bk_tinh_person(case: Case) -> None:
    article = f"{LAW}, Điều 74 khoản 1"
    point_d = f"{article} điểm d"
    titles, ratings = Answer(), Answer()
    consecutive_titles(case.history, "cstd-cs", 2, case.year, "Chiến sĩ thi đua cơ sở", point_d, titles)
    excellent_years_with_initiatives(case.history, 2, 2, case.year, point_d, ratings)
    floor = case.history.counting_from()
    since = f" (thành tích chỉ tính từ năm {floor}, sau kỷ luật)" if floor and floor > case.year - 1 else ""
    one_of(case.answer, [("điểm d (2 lần liên tục Chiến sĩ thi đua cơ sở)", titles),
                         ("điểm d (2 năm liên tục hoàn thành xuất sắc nhiệm vụ, 2 sáng kiến)", ratings)],
           f"Các trường hợp điểm a, b, c, đ (thành tích xuất sắc trong phong trào thi đua, thành tích đột xuất, đóng "
           f"góp lớn, người lao động có nhiều thành tích){since}: hồ sơ không ghi nhận được, cần hội đồng xem xét.",
           article)


def _bk_ttg_person(case: Case) -> None:
    holds_then_good_years(case.history, "bk-tinh", "Bằng khen cấp bộ, tỉnh", 5, 3, 0, case.year,
                          f"{LAW}, Điều 73 khoản 1 điểm b", case.answer)


def _hcld_3_person(case: Case) -> None:
    holds_then_good_years(case.history, "bk-ttg", "Bằng khen của Thủ tướng Chính phủ", 5, 3, 1, case.year,
                          f"{LAW}, Điều 44 khoản 1 điểm e", case.answer)


def _certificate(case: Case) -> None:
    not_verified("Tiêu chuẩn Giấy khen do bộ, ngành, tỉnh quy định chi tiết; chưa có tiêu chuẩn đã xác minh để "
                 "kiểm tra tự động: cần xem xét theo quy định của cơ quan, đơn vị.", f"{LAW}, Điều 75", case.answer)


def _ttldtt(case: Case) -> None:
    if year_counts(case.history, case.year, case.answer):
        collective_advanced(case.facts, case.year, case.on_day, case.params, case.answer)


def _ttldxs(case: Case) -> None:
    if year_counts(case.history, case.year, case.answer):
        collective_excellent(case.facts, case.year, case.on_day, case.answer)


def _bk_tinh_unit(case: Case) -> None:
    article = f"{LAW}, Điều 74 khoản 2"
    years = Answer()
    unit_excellent_years(case.history, 2, case.year, article, years)
    one_of(case.answer, [("2 năm liên tục hoàn thành xuất sắc nhiệm vụ hoặc Tập thể lao động xuất sắc", years)],
           "Các trường hợp khác (thành tích xuất sắc trong phong trào thi đua, thành tích đột xuất, đóng góp lớn) và "
           "tiêu chuẩn dân chủ cơ sở, chăm lo đời sống, thực hành tiết kiệm, phòng chống tham nhũng: cần hội đồng "
           "xem xét.", article)


def _bk_ttg_unit(case: Case) -> None:
    chain = Answer()
    collective_prime_minister_chain(case.history, case.year, case.params, chain)
    one_of(case.answer, [("quá trình Bằng khen cấp bộ, tỉnh và các năm tiếp theo", chain)],
           "Các trường hợp khác (thành tích xuất sắc trong phong trào thi đua, thành tích đột xuất): cần hội đồng "
           "xem xét.", f"{LAW}, Điều 73")


def _hcld_unit(case: Case) -> None:
    not_verified("Tiêu chuẩn Huân chương Lao động cho tập thể theo Luật 2022 chưa được xác minh (không dùng lại điều "
                 "kiện của luật cũ): cần xem xét hồ sơ.", f"{LAW}, Huân chương Lao động", case.answer)


def _co_tinh(case: Case) -> None:
    leads_cluster_by_vote(case.facts.voted.get("co-tinh", []), "Cờ thi đua của bộ, ban, ngành, tỉnh", case.answer,
                          f"{LAW}, Điều 26")


def _co_cp(case: Case) -> None:
    government_flag_choice(case.facts, case.year, case.answer)


PERSON_RULES: dict[str, Callable[[Case], None]] = {
    "ldtt": _advanced_worker, "cstt": _advanced_worker, "cstd-cs": _cstd_cs, "cstd-tinh": _cstd_tinh,
    "cstd-tq": _cstd_tq, "gk": _certificate, "bk-tinh": _bk_tinh_person, "bk-ttg": _bk_ttg_person,
    "hcld-3": _hcld_3_person,
}
UNIT_RULES: dict[str, Callable[[Case], None]] = {
    "ttldtt": _ttldtt, "ttldxs": _ttldxs, "co-tinh": _co_tinh, "co-cp": _co_cp, "gk": _certificate,
    "bk-tinh": _bk_tinh_unit, "bk-ttg": _bk_ttg_unit, "hcld-3": _hcld_unit, "hcld-2": _hcld_unit,
    "hcld-1": _hcld_unit,
}
NO_RULE = "Chưa có quy tắc tự động cho danh hiệu, hình thức này: cần xem xét."


def _run(rules: dict[str, Callable[[Case], None]], award_code: str, case: Case) -> Answer:
    not_under_discipline(case.history, case.on_day, case.answer)
    rule = rules.get(award_code)
    if rule is None:
        case.answer.add(None, NO_RULE, "")
    else:
        rule(case)
    return case.answer


def check_person(award_code: str, year: int, history: AwardHistory, on_day: dt.date,
                 initiative: Initiative | None = None, params: Parameters | None = None) -> Answer:
    case = Case(year, history, on_day, params or parameters_on(on_day), Answer(), initiative=initiative)
    return _run(PERSON_RULES, award_code, case)


def check_unit(award_code: str, year: int, history: AwardHistory | None, on_day: dt.date,
               facts: UnitYear | None = None, params: Parameters | None = None) -> Answer:
    case = Case(year, history or empty_history(), on_day, params or parameters_on(on_day), Answer(),
                facts=facts or UnitYear())
    return _run(UNIT_RULES, award_code, case)


def initiative_document_needed(award_code: str, reasons: list[dict]) -> bool:
    """Whether the dossier needs the certificate of an initiative (Law art 84 khoản 1 điểm d): for the CSTĐ titles,
    except a CSTĐ cơ sở whose eligibility found the other ground, a year of excellent completion (Law art 23)."""
    if award_code not in INITIATIVE_TITLES:
        return False
    if award_code != "cstd-cs":
        return True
    return not any(r.get("ground") == EXCELLENT_YEAR and r.get("ok") is True for r in reasons)
