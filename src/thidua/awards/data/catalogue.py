"""The catalogue as reference data, loaded by a migration and editable by an administrator afterwards.

Sources (shared/domain/rules.md): titles Law 2022 arts 19–28; cash multiples of titles Decree 98/2023 art 54 and
Decree 152/2025 art 50, of orders Decree 98 art 55 and Decree 152 art 51, of certificates of merit and Giấy khen
Decree 98 art 58 and Decree 152 art 54 (the same values) [V]; collective multiples of forms Decree 152 art 51 [V];
authority after 1/7/2025 rules.md §4. Values tagged [R] in rules.md are entered as data (editable), never as code.

Decree 91/2017/NĐ-CP came into force on 1/10/2017 (signed 31/7/2017) and governed until 31/12/2023 (rules.md §3.1
[V]); its multiples (ND91_CASH) were checked against sources that quote its articles. Those no source quoting the
decree's text was found for are kept as editable parameters whose "căn cứ" says "as reported" (REPORTED), never as
verified."""

import datetime as dt

RULE_SETS = [
    ("nd91-2017", "Nghị định 91/2017/NĐ-CP", dt.date(2017, 10, 1), dt.date(2023, 12, 31)),
    ("nd98-2023", "Nghị định 98/2023/NĐ-CP", dt.date(2024, 1, 1), dt.date(2025, 6, 30)),
    ("nd152-2025", "Nghị định 152/2025/NĐ-CP", dt.date(2025, 7, 1), None),
]

IND, COL, HH = "individual", "collective", "household"
# code, name, short, kind, subjects, level, law article, rank, cash individual, cash collective,
# decided by (until 30/6/2025), decided by (from 1/7/2025)
AWARDS = [
    ("ldtt", "Lao động tiên tiến", "LĐTT", "title", [IND], "local", "Luật TĐKT 2022, Điều 24", 20, "0.3", None,
     "Thủ trưởng cơ quan, đơn vị", "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã"),
    ("cstt", "Chiến sĩ tiên tiến", "CSTT", "title", [IND], "sector", "Luật TĐKT 2022, Điều 24", 20, "0.3", None,
     "Thủ trưởng đơn vị (lực lượng vũ trang)", "Thủ trưởng đơn vị (lực lượng vũ trang)"),
    ("cstd-cs", "Chiến sĩ thi đua cơ sở", "CSTĐCS", "title", [IND], "local", "Luật TĐKT 2022, Điều 23", 15, "1.0", None,
     "Thủ trưởng cơ quan, đơn vị", "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã"),
    ("cstd-tinh", "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", "CSTĐ cấp tỉnh", "title", [IND], "local",
     "Luật TĐKT 2022, Điều 22", 12, "3.0", None, "Bộ trưởng, Chủ tịch UBND tỉnh", "Bộ trưởng, Chủ tịch UBND tỉnh"),
    ("cstd-tq", "Chiến sĩ thi đua toàn quốc", "CSTĐTQ", "title", [IND], "central", "Luật TĐKT 2022, Điều 21", 8, "4.5",
     None, "Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    ("ttldtt", "Tập thể lao động tiên tiến", "TTLĐTT", "title", [COL], "local", "Luật TĐKT 2022, Điều 28", 19, None,
     "0.8", "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp huyện",
     "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã"),
    ("ttldxs", "Tập thể lao động xuất sắc", "TTLĐXS", "title", [COL], "local", "Luật TĐKT 2022, Điều 27", 14, None,
     "1.5", "Bộ trưởng, Chủ tịch UBND tỉnh", "Bộ trưởng, Chủ tịch UBND tỉnh"),
    ("co-tinh", "Cờ thi đua của bộ, ban, ngành, tỉnh", "Cờ thi đua tỉnh", "title", [COL], "local",
     "Luật TĐKT 2022, Điều 26", 11, None, "8.0", "Bộ trưởng, Chủ tịch UBND tỉnh", "Bộ trưởng, Chủ tịch UBND tỉnh"),
    ("co-cp", "Cờ thi đua của Chính phủ", "Cờ thi đua CP", "title", [COL], "central", "Luật TĐKT 2022, Điều 25", 7,
     None, "12.0", "Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    ("gk", "Giấy khen", "Giấy khen", "form", [IND, COL, HH], "local", "Luật TĐKT 2022, Điều 75", 18, "0.3", "0.6",
     "Thủ trưởng cơ quan, đơn vị", "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã"),
    ("bk-tinh", "Bằng khen của bộ, ban, ngành, tỉnh", "Bằng khen tỉnh", "form", [IND, COL, HH], "local",
     "Luật TĐKT 2022, Điều 74", 13, "1.5", "3.0", "Bộ trưởng, Chủ tịch UBND tỉnh", "Bộ trưởng, Chủ tịch UBND tỉnh"),
    ("bk-ttg", "Bằng khen của Thủ tướng Chính phủ", "Bằng khen TTg", "form", [IND, COL, HH], "central",
     "Luật TĐKT 2022, Điều 73", 9, "3.5", "7.0", "Thủ tướng Chính phủ", "Thủ tướng Chính phủ"),
    ("hcld-3", "Huân chương Lao động hạng Ba", "HCLĐ hạng Ba", "form", [IND, COL], "central",
     "Luật TĐKT 2022, Điều 44", 6, "4.5", "9.0", "Chủ tịch nước", "Chủ tịch nước"),
    ("hcld-2", "Huân chương Lao động hạng Nhì", "HCLĐ hạng Nhì", "form", [IND, COL], "central",
     "Luật TĐKT 2022, Điều 44", 5, "7.5", "15.0", "Chủ tịch nước", "Chủ tịch nước"),
    ("hcld-1", "Huân chương Lao động hạng Nhất", "HCLĐ hạng Nhất", "form", [IND, COL], "central",
     "Luật TĐKT 2022, Điều 44", 4, "9.0", "18.0", "Chủ tịch nước", "Chủ tịch nước"),
]

# Decree 91/2017/NĐ-CP: code → (individual multiple, collective multiple, article; REPORTED where a value was not
# seen in a source quoting the decree's text). Sources read (2026, through the project's search tool):
# - art 69 (titles), whole article quoted: thuvienphapluat.vn Q&A "Tập thể nhận được danh hiệu Cờ thi đua cấp tỉnh
#   được nhận mức tiền thưởng bao nhiêu" (beta.thuvienphapluat.vn/phap-luat/…-110579-97663.html); 69.1.d and 69.2.b
#   also thuvienphapluat.vn/hoi-dap-phap-luat/53A62-….html.
# - art 70.1.e (Huân chương Lao động hạng nhất 9,0) quoted: thukyluat Q&A 30881 "Mức tiền thưởng Huân chương Bảo vệ
#   Tổ quốc hạng nhất"; hạng Nhì 7,5 and hạng Ba 4,5 and the collective's double only in press summaries (plo.vn
#   "Nhận Bằng khen của Thủ tướng được thưởng 4,5 triệu đồng") → REPORTED.
# - art 73.1.a–b (Bằng khen of the Prime Minister 3,5; of a ministry or province 1,0) quoted: nganhangphapluat.
#   thukyluat.vn 331632; the Prime Minister's certificate for a collective "double": lawnet.vn Q&A quoting art 73;
#   73.2.b (Giấy khen of every level: collectives double) quoted: thuvienphapluat.vn 5153C. Giấy khen of a head of
#   agency 0,3 (art 73.1.c) and the collective double of a ministry's or province's certificate only in secondary
#   tables (hoatieu.vn, hieuluat.vn, plo.vn) → REPORTED.
ND91 = "Nghị định 91/2017/NĐ-CP"
REPORTED = "hệ số theo nguồn thứ cấp, chưa đối chiếu văn bản"
ND91_CASH = {
    "ldtt": ("0.3", None, "Điều 69 khoản 1 điểm d"),
    "cstt": ("0.3", None, "Điều 69 khoản 1 điểm d"),
    "cstd-cs": ("1.0", None, "Điều 69 khoản 1 điểm c"),
    "cstd-tinh": ("3.0", None, "Điều 69 khoản 1 điểm b"),
    "cstd-tq": ("4.5", None, "Điều 69 khoản 1 điểm a"),
    "ttldxs": (None, "1.5", "Điều 69 khoản 2 điểm a"),
    "ttldtt": (None, "0.8", "Điều 69 khoản 2 điểm b"),
    "co-cp": (None, "12.0", "Điều 69 khoản 2 điểm d"),
    "co-tinh": (None, "8.0", "Điều 69 khoản 2 điểm đ"),
    "bk-ttg": ("3.5", "7.0", "Điều 73 khoản 1 điểm a, khoản 2"),
    "bk-tinh": ("1.0", "2.0", f"Điều 73 khoản 1 điểm b; tập thể gấp hai lần: {REPORTED}"),
    "gk": ("0.3", "0.6", f"Điều 73 khoản 1, khoản 2 điểm b; cá nhân 0,3: {REPORTED}"),
    "hcld-1": ("9.0", "18.0", f"Điều 70 khoản 1 điểm e; tập thể gấp hai lần: {REPORTED}"),
    "hcld-2": ("7.5", "15.0", f"Điều 70: {REPORTED}"),
    "hcld-3": ("4.5", "9.0", f"Điều 70: {REPORTED}"),
}
# Articles of the cash multiples by kind of award under the later decrees (rules.md §3.1).
ARTICLES = {
    "nd98-2023": {"title": "Điều 54", "order": "Điều 55", "certificate": "Điều 58"},
    "nd152-2025": {"title": "Điều 50", "order": "Điều 51", "certificate": "Điều 54"},
}
# What 0002 wrote before the articles were told apart (corrected by awards 0007 where nobody changed them).
OLD_ARTICLES = {"nd91-2017": ND91, "nd98-2023": "Nghị định 98/2023/NĐ-CP, Điều 54–56",
                "nd152-2025": "Nghị định 152/2025/NĐ-CP, Điều 50–54"}


def _cash_kind(code: str, kind: str) -> str:
    if kind == "title":
        return "title"
    return "order" if code.startswith("hc") else "certificate"


def article_for(rule_set_code: str, code: str, kind: str) -> str:
    """The article an award's cash multiples come from under a rule set: "Nghị định 98/2023/NĐ-CP, Điều 58"."""
    if rule_set_code == "nd91-2017":
        return f"{ND91}, {ND91_CASH[code][2]}" if code in ND91_CASH else ND91
    name = {"nd98-2023": "Nghị định 98/2023/NĐ-CP", "nd152-2025": "Nghị định 152/2025/NĐ-CP"}[rule_set_code]
    return f"{name}, {ARTICLES[rule_set_code][_cash_kind(code, kind)]}"


# Base salary (mức lương cơ sở) by effective date, with its decree [V] (rules.md §3.1). Cash is computed on the
# amount in force on the decision date. Later amounts are entered by an administrator (a newer one in 2026 [U]).
BASE_SALARIES = [
    (1_210_000, dt.date(2016, 5, 1), "Nghị định 47/2016/NĐ-CP"),
    (1_300_000, dt.date(2017, 7, 1), "Nghị định 47/2017/NĐ-CP"),
    (1_390_000, dt.date(2018, 7, 1), "Nghị định 72/2018/NĐ-CP"),
    (1_490_000, dt.date(2019, 7, 1), "Nghị định 38/2019/NĐ-CP"),
    (1_800_000, dt.date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP"),
    (2_340_000, dt.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP"),
]


def load(apps) -> None:
    """Idempotent: creates what is missing."""
    from thidua.core import text

    RuleSet = apps.get_model("awards", "RuleSet")
    Award = apps.get_model("awards", "Award")
    AwardTerms = apps.get_model("awards", "AwardTerms")
    sets = {}
    for code, name, start, end in RULE_SETS:
        sets[code], _ = RuleSet.objects.get_or_create(code=code, defaults={"name": name, "valid_from": start,
                                                                           "valid_to": end})
    for (code, name, short, kind, subjects, level, article, rank, cash_i, cash_c, by_old, by_new) in AWARDS:
        award, _ = Award.objects.get_or_create(code=code, defaults={
            "name": name, "short_name": short, "kind": kind, "subjects": subjects, "level": level,
            "law_article": article, "search_text": text.search_text(name, short), "sort_key": text.sort_key(name)})
        old_i, old_c, _article = ND91_CASH.get(code, (None, None, ""))
        AwardTerms.objects.get_or_create(award=award, rule_set=sets["nd91-2017"], defaults={
            "decided_by": by_old, "rank": rank, "cash_individual": old_i, "cash_collective": old_c,
            "article": article_for("nd91-2017", code, kind)})
        AwardTerms.objects.get_or_create(award=award, rule_set=sets["nd98-2023"], defaults={
            "decided_by": by_old, "rank": rank, "cash_individual": cash_i, "cash_collective": cash_c,
            "article": article_for("nd98-2023", code, kind)})
        AwardTerms.objects.get_or_create(award=award, rule_set=sets["nd152-2025"], defaults={
            "decided_by": by_new, "rank": rank, "cash_individual": cash_i, "cash_collective": cash_c,
            "article": article_for("nd152-2025", code, kind)})
    load_base_salaries(apps)


def correct_rule_sets(apps) -> None:
    """Awards 0007: Decree 91/2017 in force from 1/10/2017 (0002 wrote 31/7/2017, the day it was signed), its cash
    multiples, and the articles of the later decrees told apart by kind of award. Idempotent; a value an
    administrator changed since 0002 is kept."""
    RuleSet = apps.get_model("awards", "RuleSet")
    AwardTerms = apps.get_model("awards", "AwardTerms")
    RuleSet.objects.filter(code="nd91-2017", valid_from=dt.date(2017, 7, 31)).update(valid_from=dt.date(2017, 10, 1))
    kinds = {code: kind for (code, _n, _s, kind, *_rest) in AWARDS}
    for terms in AwardTerms.objects.filter(award__code__in=kinds).select_related("award", "rule_set"):
        code, set_code = terms.award.code, terms.rule_set.code
        if set_code not in OLD_ARTICLES or terms.article not in ("", OLD_ARTICLES[set_code]):
            continue
        changed = ["article"]
        terms.article = article_for(set_code, code, kinds[code])
        if set_code == "nd91-2017" and code in ND91_CASH and terms.cash_individual is None \
                and terms.cash_collective is None:
            terms.cash_individual, terms.cash_collective = ND91_CASH[code][:2]
            changed += ["cash_individual", "cash_collective"]
        terms.save(update_fields=changed)


def load_base_salaries(apps) -> None:
    """Idempotent, by effective date: a missing date is created; a date already entered keeps its amount (an
    administrator's correction wins) and only gets its decree when it has none."""
    BaseSalary = apps.get_model("awards", "BaseSalary")
    for amount, start, ref in BASE_SALARIES:
        row, created = BaseSalary.objects.get_or_create(valid_from=start, defaults={"amount": amount, "legal_ref": ref})
        if not created and not row.legal_ref:
            row.legal_ref = ref
            row.save(update_fields=["legal_ref"])
