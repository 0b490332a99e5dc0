"""Decree 91/2017/NĐ-CP in force from 1/10/2017 (signed 31/7/2017) to 31/12/2023 with its cash multiples, each either
verified against a source quoting the decree or marked "as reported"; the later decrees' multiples cited by their
own articles (titles, orders, certificates); the correction of databases loaded before (awards 0007)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps as django_apps

from thidua.awards.data.catalogue import ND91_CASH, REPORTED, correct_rule_sets
from thidua.awards.domain.money import cash_for, rule_set_for_submission, rule_set_on
from thidua.awards.models import Award, AwardTerms, RuleSet

pytestmark = pytest.mark.django_db

VERIFIED = {"ldtt", "cstt", "cstd-cs", "cstd-tinh", "cstd-tq", "ttldxs", "ttldtt", "co-cp", "co-tinh", "bk-ttg"}


def test_decree_91_is_in_force_from_1_october_2017_to_31_december_2023():
    nd91 = RuleSet.objects.get(code="nd91-2017")
    assert (nd91.valid_from, nd91.valid_to) == (dt.date(2017, 10, 1), dt.date(2023, 12, 31))
    with pytest.raises(LookupError):
        rule_set_on(dt.date(2017, 9, 30))  # signed on 31/7/2017, not yet in force
    assert rule_set_on(dt.date(2017, 10, 1)).code == "nd91-2017"
    assert rule_set_on(dt.date(2023, 12, 31)).code == "nd91-2017"
    assert rule_set_for_submission(dt.date(2024, 1, 1)).code == "nd98-2023"


def test_decree_91_multiples_verified_or_marked_as_reported():
    terms = {t.award.code: t for t in AwardTerms.objects.filter(rule_set__code="nd91-2017").select_related("award")}
    expected = {"ldtt": ("0.3", None), "cstd-cs": ("1.0", None), "cstd-tinh": ("3.0", None), "cstd-tq": ("4.5", None),
                "ttldxs": (None, "1.5"), "ttldtt": (None, "0.8"), "co-cp": (None, "12.0"), "co-tinh": (None, "8.0"),
                "bk-ttg": ("3.5", "7.0"), "bk-tinh": ("1.0", "2.0"), "gk": ("0.3", "0.6"), "hcld-3": ("4.5", "9.0")}
    for code, (individual, collective) in expected.items():
        row = terms[code]
        assert (row.cash_individual, row.cash_collective) == (
            Decimal(individual) if individual else None, Decimal(collective) if collective else None), code
    for code, row in terms.items():
        assert row.article.startswith("Nghị định 91/2017/NĐ-CP, Điều "), code
        assert (REPORTED in row.article) == (code not in VERIFIED), code  # never presented as verified
    assert terms["ldtt"].article == "Nghị định 91/2017/NĐ-CP, Điều 69 khoản 1 điểm d"
    assert set(ND91_CASH) == set(terms)


def test_cash_uses_the_recorded_rule_set_on_the_decision_dates_salary():
    bk_tinh = Award.objects.get(code="bk-tinh")
    nd91 = RuleSet.objects.get(code="nd91-2017")
    # decided 15/01/2024, submitted under Decree 91: 1,0 × 1.800.000; by the decision date alone, Decree 98: 1,5 ×
    amount, why = cash_for(bk_tinh, "individual", dt.date(2024, 1, 15), rule_set=nd91)
    assert amount == 1_800_000 and "Nghị định 91/2017/NĐ-CP" in why and "1.800.000" in why
    assert cash_for(bk_tinh, "individual", dt.date(2024, 1, 15))[0] == 2_700_000
    assert cash_for(bk_tinh, "collective", dt.date(2019, 8, 1))[0] == 2_980_000  # 2,0 × 1.490.000


def test_the_later_decrees_cite_each_kind_of_award_by_its_own_article():
    terms = {(t.award.code, t.rule_set.code): t.article
             for t in AwardTerms.objects.select_related("award", "rule_set")}
    assert terms[("ldtt", "nd98-2023")] == "Nghị định 98/2023/NĐ-CP, Điều 54"
    assert terms[("hcld-3", "nd98-2023")] == "Nghị định 98/2023/NĐ-CP, Điều 55"
    assert terms[("bk-tinh", "nd98-2023")] == "Nghị định 98/2023/NĐ-CP, Điều 58"
    assert terms[("gk", "nd98-2023")] == "Nghị định 98/2023/NĐ-CP, Điều 58"
    assert terms[("co-tinh", "nd152-2025")] == "Nghị định 152/2025/NĐ-CP, Điều 50"
    assert terms[("hcld-1", "nd152-2025")] == "Nghị định 152/2025/NĐ-CP, Điều 51"
    assert terms[("bk-ttg", "nd152-2025")] == "Nghị định 152/2025/NĐ-CP, Điều 54"
    assert not [a for a in terms.values() if "54–56" in a or "50–54" in a]


def test_awards_0007_corrects_a_database_loaded_before_and_keeps_an_administrators_change():
    RuleSet.objects.filter(code="nd91-2017").update(valid_from=dt.date(2017, 7, 31))
    AwardTerms.objects.filter(rule_set__code="nd91-2017").update(cash_individual=None, cash_collective=None,
                                                                  article="Nghị định 91/2017/NĐ-CP")
    AwardTerms.objects.filter(rule_set__code="nd98-2023").update(article="Nghị định 98/2023/NĐ-CP, Điều 54–56")
    AwardTerms.objects.filter(rule_set__code="nd91-2017", award__code="gk").update(
        cash_individual=Decimal("0.25"), article="Quyết định của quản trị")  # an administrator's own value
    correct_rule_sets(django_apps)
    correct_rule_sets(django_apps)  # idempotent
    assert RuleSet.objects.get(code="nd91-2017").valid_from == dt.date(2017, 10, 1)
    ldtt = AwardTerms.objects.get(rule_set__code="nd91-2017", award__code="ldtt")
    assert ldtt.cash_individual == Decimal("0.3") and "Điều 69" in ldtt.article
    gk = AwardTerms.objects.get(rule_set__code="nd91-2017", award__code="gk")
    assert (gk.cash_individual, gk.article) == (Decimal("0.25"), "Quyết định của quản trị")
    assert AwardTerms.objects.get(rule_set__code="nd98-2023", award__code="bk-ttg").article.endswith("Điều 58")
