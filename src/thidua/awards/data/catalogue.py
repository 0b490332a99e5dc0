"""The catalogue as reference data, loaded by a migration and editable by an administrator afterwards.

Sources (shared/domain/rules.md): titles Law 2022 arts 19–28; cash multiples Decree 98/2023 art 54–56 and
Decree 152/2025 arts 50–54 (the same values) [V]; collective multiples of forms Decree 152 art 51 [V]; authority
after 1/7/2025 rules.md §4. Values tagged [R] in rules.md are entered as data (editable), never as code. Records
decided before 1/1/2024 (Decree 91/2017) keep their award and decision; no cash multiples are entered for them."""

import datetime as dt

RULE_SETS = [
    ("nd91-2017", "Nghị định 91/2017/NĐ-CP", dt.date(2017, 7, 31), dt.date(2023, 12, 31)),
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
        AwardTerms.objects.get_or_create(award=award, rule_set=sets["nd91-2017"], defaults={
            "decided_by": by_old, "rank": rank, "article": "Nghị định 91/2017/NĐ-CP"})
        AwardTerms.objects.get_or_create(award=award, rule_set=sets["nd98-2023"], defaults={
            "decided_by": by_old, "rank": rank, "cash_individual": cash_i, "cash_collective": cash_c,
            "article": "Nghị định 98/2023/NĐ-CP, Điều 54–56"})
        AwardTerms.objects.get_or_create(award=award, rule_set=sets["nd152-2025"], defaults={
            "decided_by": by_new, "rank": rank, "cash_individual": cash_i, "cash_collective": cash_c,
            "article": "Nghị định 152/2025/NĐ-CP, Điều 50–54"})
    load_base_salaries(apps)


def load_base_salaries(apps) -> None:
    """Idempotent, by effective date: a missing date is created; a date already entered keeps its amount (an
    administrator's correction wins) and only gets its decree when it has none."""
    BaseSalary = apps.get_model("awards", "BaseSalary")
    for amount, start, ref in BASE_SALARIES:
        row, created = BaseSalary.objects.get_or_create(valid_from=start, defaults={"amount": amount, "legal_ref": ref})
        if not created and not row.legal_ref:
            row.legal_ref = ref
            row.save(update_fields=["legal_ref"])
