"""Eligibility chains at their edges, each answer citing its article."""

import datetime as dt

import pytest

from thidua.awards.domain.eligibility import check_person, check_unit, load_histories
from thidua.awards.enums import Verdict
from thidua.awards.models import AnnualRating, Award, AwardRecord, Discipline, Initiative
from thidua.orgs.models import Person, Unit

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 12, 1)


@pytest.fixture
def person(db):
    unit = Unit.objects.create(code="u", name="Công an tỉnh")
    return Person.objects.create(full_name="Nguyễn Văn An", gender="male", unit=unit)


def give(person, code, year, award_type="merit", initiative=None):
    AwardRecord.objects.create(award=Award.objects.get(code=code), subject="individual", person=person,
                               unit=person.unit, recipient_name=person.full_name, year=year, level="local",
                               award_type=award_type, decision_number=f"{year}/QĐ", decision_date=dt.date(year, 12, 20),
                               signed_by="Giám đốc", initiative=initiative)


def rate(person, year, rating):
    AnnualRating.objects.create(person=person, year=year, rating=rating)


def answer(person, code, year, **kwargs):
    history = load_histories([person.pk])[("person", person.pk)]
    return check_person(code, year, history, DAY, **kwargs)


def province_initiative(person):
    return Initiative.objects.create(person=person, title="Phần mềm quản lý hồ sơ", scope="province")


def test_cstd_tinh_needs_3_consecutive_cstdcs_2_is_not_enough(person):
    give(person, "cstd-cs", 2024)
    give(person, "cstd-cs", 2025)
    result = answer(person, "cstd-tinh", 2025, initiative=province_initiative(person))
    assert result.verdict == Verdict.NOT_ELIGIBLE
    assert "thiếu năm 2023" in result.reasons[0].text and result.reasons[0].article.endswith("Điều 22")
    give(person, "cstd-cs", 2023)
    assert answer(person, "cstd-tinh", 2025, initiative=province_initiative(person)).verdict == Verdict.ELIGIBLE


def test_a_gap_year_breaks_the_chain(person):
    for year in (2021, 2022, 2024, 2025):
        give(person, "cstd-cs", year)
    result = answer(person, "cstd-tinh", 2025, initiative=province_initiative(person))
    assert result.verdict == Verdict.NOT_ELIGIBLE and "thiếu năm 2023" in result.reasons[0].text


def test_an_ad_hoc_award_does_not_count_toward_the_chain(person):
    give(person, "cstd-cs", 2023)
    give(person, "cstd-cs", 2024, award_type="ad_hoc")
    give(person, "cstd-cs", 2025)
    result = answer(person, "cstd-tinh", 2025, initiative=province_initiative(person))
    assert result.verdict == Verdict.NOT_ELIGIBLE
    assert "chỉ có khen thưởng đột xuất/chuyên đề, không được tính" in result.reasons[0].text


def test_a_discipline_year_restarts_the_count(person):
    for year in (2023, 2024, 2025):
        give(person, "cstd-cs", year)
    Discipline.objects.create(person=person, form="Khiển trách", start_date=dt.date(2023, 5, 1),
                              end_date=dt.date(2023, 11, 1))
    result = answer(person, "cstd-tinh", 2025, initiative=province_initiative(person))
    assert result.verdict == Verdict.NOT_ELIGIBLE
    assert "chỉ tính từ năm 2024" in result.reasons[0].text and "Điều 4" in result.reasons[0].article
    Discipline.objects.create(person=person, form="Cảnh cáo", start_date=dt.date(2025, 11, 1))
    running = answer(person, "cstd-cs", 2025)
    assert running.reasons[0].text.startswith("Đang trong thời gian kỷ luật")


def test_initiative_scope_and_single_use(person):
    for year in (2023, 2024, 2025):
        give(person, "cstd-cs", year)
    local = Initiative.objects.create(person=person, title="Sổ tay nghiệp vụ", scope="unit")
    assert answer(person, "cstd-tinh", 2025, initiative=local).verdict == Verdict.NOT_ELIGIBLE
    assert answer(person, "cstd-tinh", 2025).verdict == Verdict.REVIEW  # no initiative named: a human looks
    used = province_initiative(person)
    give(person, "bk-tinh", 2024, initiative=used)
    result = answer(person, "cstd-tinh", 2025, initiative=used)
    assert result.verdict == Verdict.NOT_ELIGIBLE
    assert "5007/BNV-TĐKT" in result.reasons[-1].article


def test_cstd_toan_quoc_needs_2_consecutive_cstd_tinh(person):
    give(person, "cstd-tinh", 2025)
    national = Initiative.objects.create(person=person, title="Giải pháp toàn ngành", scope="national")
    assert answer(person, "cstd-tq", 2025, initiative=national).verdict == Verdict.NOT_ELIGIBLE
    give(person, "cstd-tinh", 2024)
    result = answer(person, "cstd-tq", 2025, initiative=national)
    assert result.verdict == Verdict.ELIGIBLE and result.reasons[0].article.endswith("Điều 21")


def test_bang_khen_thu_tuong_after_bang_khen_tinh_and_5_good_years_with_3_cstdcs(person):
    give(person, "bk-tinh", 2020)
    for year in (2021, 2022, 2023, 2024, 2025):
        rate(person, year, "good")
    for year in (2021, 2023):
        give(person, "cstd-cs", year)
    result = answer(person, "bk-ttg", 2025)
    assert result.verdict == Verdict.NOT_ELIGIBLE and "có 2 lần Chiến sĩ thi đua cơ sở, cần 3" in result.reasons[-1].text
    assert "Điều 73" in result.reasons[-1].article
    give(person, "cstd-cs", 2025)
    assert answer(person, "bk-ttg", 2025).verdict == Verdict.ELIGIBLE
    # only 4 years since the Bằng khen tỉnh
    assert answer(person, "bk-ttg", 2024).verdict == Verdict.NOT_ELIGIBLE


def test_a_year_without_a_rating_needs_a_human_look(person):
    give(person, "bk-tinh", 2020)
    for year in (2021, 2022, 2023, 2024):
        rate(person, year, "good")
    for year in (2021, 2022, 2023):
        give(person, "cstd-cs", year)
    assert answer(person, "bk-ttg", 2025).verdict == Verdict.REVIEW
    rate(person, 2025, "complete")  # only "hoàn thành", not "tốt"
    assert answer(person, "bk-ttg", 2025).verdict == Verdict.NOT_ELIGIBLE


def test_huan_chuong_lao_dong_hang_ba_needs_an_excellent_year(person):
    give(person, "bk-ttg", 2019)
    for year in range(2021, 2026):
        rate(person, year, "good")
    for year in (2022, 2023, 2025):
        give(person, "cstd-cs", year)
    result = answer(person, "hcld-3", 2025)
    assert result.verdict == Verdict.NOT_ELIGIBLE and "xuất sắc" in result.reasons[-1].text
    assert "Điều 44" in result.reasons[-1].article
    AnnualRating.objects.filter(person=person, year=2024).update(rating="excellent")
    assert answer(person, "hcld-3", 2025).verdict == Verdict.ELIGIBLE


def test_collective_excellent_and_flags(db):
    ok = check_unit("ttldxs", 2025, None, DAY, members=10, complete=10, ldtt=7, cstdcs=1, excellent=True)
    assert ok.verdict == Verdict.ELIGIBLE
    assert check_unit("ttldxs", 2025, None, DAY, members=10, complete=10, ldtt=6, cstdcs=1,
                      excellent=True).verdict == Verdict.NOT_ELIGIBLE  # 60% LĐTT
    assert check_unit("ttldxs", 2025, None, DAY, members=10, complete=9, ldtt=8, cstdcs=1,
                      excellent=True).verdict == Verdict.NOT_ELIGIBLE  # not 100% complete
    assert check_unit("ttldxs", 2025, None, DAY, members=10, complete=10, ldtt=8, cstdcs=0,
                      excellent=True).verdict == Verdict.NOT_ELIGIBLE  # no CSTĐCS
    flag = check_unit("co-tinh", 2025, None, DAY, nominated=False)
    assert flag.verdict == Verdict.NOT_ELIGIBLE and flag.reasons[0].article.endswith("Điều 26")
    assert check_unit("co-cp", 2025, None, DAY, nominated=True).verdict == Verdict.ELIGIBLE
