"""Eligibility chains at their edges, each answer citing its article."""

import datetime as dt
from dataclasses import replace
from fractions import Fraction

import pytest

from thidua.awards.domain.collectives import UnitYear, load_unit_years
from thidua.awards.domain.eligibility import (
    EXCELLENT_YEAR,
    INITIATIVE,
    Answer,
    check_person,
    check_unit,
    consecutive_titles,
    initiative_document_needed,
    load_histories,
)
from thidua.awards.domain.parameters import parameters_on
from thidua.awards.domain.queries import consecutive_runs
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
    def facts(**kw):
        return UnitYear(**{"members": 10, "complete": 10, "ldtt": 7, "cstdcs": 1, "by_rating": 10,
                           "rating": "excellent", **kw})

    ok = check_unit("ttldxs", 2025, None, DAY, facts=facts())
    assert ok.verdict == Verdict.ELIGIBLE and ok.reasons[0].text.startswith("Tập thể có 10 thành viên tại 31/12/2025")
    assert check_unit("ttldxs", 2025, None, DAY, facts=facts(ldtt=6)).verdict == Verdict.NOT_ELIGIBLE  # 60% LĐTT
    assert check_unit("ttldxs", 2025, None, DAY, facts=facts(complete=9, incomplete=1, ldtt=8)
                      ).verdict == Verdict.NOT_ELIGIBLE  # not 100% complete
    assert check_unit("ttldxs", 2025, None, DAY, facts=facts(ldtt=8, cstdcs=0)).verdict == Verdict.NOT_ELIGIBLE
    flag = check_unit("co-tinh", 2025, None, DAY)
    assert flag.verdict == Verdict.NOT_ELIGIBLE and flag.reasons[0].article.endswith("Điều 26")
    voted = check_unit("co-cp", 2025, None, DAY, facts=UnitYear(voted={"co-cp": ["Cụm thi đua số 1"]}))
    assert voted.verdict == Verdict.ELIGIBLE and "Cụm thi đua số 1" in voted.reasons[0].text


# -- Lao động tiên tiến, CSTĐ cơ sở: the year's rating, the ground found ---------------------------------------

def test_lao_dong_tien_tien_needs_a_good_year_rated(person):
    assert answer(person, "ldtt", 2025).verdict == Verdict.REVIEW  # no rating: workers are judged on their work
    rate(person, 2025, "complete")
    refused = answer(person, "ldtt", 2025)
    assert refused.verdict == Verdict.NOT_ELIGIBLE and refused.reasons[0].article.endswith("Điều 24")
    AnnualRating.objects.filter(person=person).update(rating="good")
    assert answer(person, "ldtt", 2025).verdict == Verdict.ELIGIBLE
    assert answer(person, "cstt", 2025).verdict == Verdict.ELIGIBLE  # the armed forces' name, the same article


def test_an_annual_title_of_a_year_a_discipline_ended_in_is_not_given(person):
    rate(person, 2025, "excellent")
    Discipline.objects.create(person=person, form="Khiển trách", start_date=dt.date(2025, 1, 10),
                              end_date=dt.date(2025, 7, 10))
    for code in ("ldtt", "cstd-cs"):
        result = answer(person, code, 2025)
        assert result.verdict == Verdict.NOT_ELIGIBLE and "năm 2025 không được tính" in result.reasons[0].text
        assert result.reasons[0].article == "Nghị định 152/2025/NĐ-CP, Điều 4"


def test_decree_91_service_time_is_a_dated_parameter_the_records_cannot_decide(person):
    rate(person, 2023, "good")
    history = load_histories([person.pk])[("person", person.pk)]
    old = check_person("ldtt", 2023, history, dt.date(2023, 12, 15))
    assert old.verdict == Verdict.REVIEW and "từ 10 tháng" in old.reasons[-1].text
    assert old.reasons[-1].article.startswith("Nghị định 91/2017/NĐ-CP")
    assert check_person("ldtt", 2023, history, dt.date(2024, 1, 5)).verdict == Verdict.ELIGIBLE  # not after 2023


def test_cstd_co_so_keeps_the_ground_it_found_and_the_dossier_follows_it(person):
    rate(person, 2025, "excellent")
    excellent = answer(person, "cstd-cs", 2025)
    assert excellent.verdict == Verdict.ELIGIBLE
    assert [r.ground for r in excellent.reasons] == ["", EXCELLENT_YEAR]
    stored = [{"text": r.text, "ok": r.ok, "ground": r.ground} for r in excellent.reasons]
    assert not initiative_document_needed("cstd-cs", stored)
    AnnualRating.objects.filter(person=person).update(rating="good")
    local = Initiative.objects.create(person=person, title="Sổ tay nghiệp vụ", scope="unit")
    by_initiative = answer(person, "cstd-cs", 2025, initiative=local)
    assert by_initiative.verdict == Verdict.ELIGIBLE and by_initiative.reasons[-1].ground == INITIATIVE
    assert initiative_document_needed("cstd-cs", [{"text": r.text, "ok": r.ok, "ground": r.ground}
                                                  for r in by_initiative.reasons])
    assert initiative_document_needed("cstd-cs", [])  # not checked yet: the certificate is asked for
    assert initiative_document_needed("cstd-tinh", stored) and not initiative_document_needed("ldtt", [])


# -- Bằng khen cấp tỉnh (art 74), Giấy khen (art 75) -------------------------------------------------------------

def test_bang_khen_tinh_for_two_consecutive_cstd_co_so(person):
    give(person, "cstd-cs", 2025)
    one = answer(person, "bk-tinh", 2025)
    assert one.verdict == Verdict.REVIEW  # point d not met; points a, b, c, đ are the council's to judge
    assert any(r.text.startswith("Chưa đạt theo điểm d (2 lần liên tục Chiến sĩ thi đua cơ sở): Chưa đủ 2 năm")
               and r.ok is None for r in one.reasons)
    assert "điểm a, b, c, đ" in one.reasons[-1].text and one.reasons[-1].article.endswith("Điều 74 khoản 1")
    give(person, "cstd-cs", 2024)
    two = answer(person, "bk-tinh", 2025)
    assert two.verdict == Verdict.ELIGIBLE and two.reasons[0].article.endswith("Điều 74 khoản 1 điểm d")


def test_bang_khen_tinh_for_two_excellent_years_with_two_unused_initiatives(person):
    rate(person, 2024, "excellent")
    rate(person, 2025, "excellent")
    first = Initiative.objects.create(person=person, title="Quy trình tiếp dân", recognised_on=dt.date(2024, 6, 1))
    assert answer(person, "bk-tinh", 2025).verdict == Verdict.REVIEW  # one initiative of two
    second = Initiative.objects.create(person=person, title="Mẫu biên bản số", recognised_on=dt.date(2025, 3, 1))
    result = answer(person, "bk-tinh", 2025)
    assert result.verdict == Verdict.ELIGIBLE and "“Quy trình tiếp dân”; “Mẫu biên bản số”" in result.reasons[-1].text
    give(person, "gk", 2025, initiative=second)  # the second initiative already grounded a Giấy khen
    assert answer(person, "bk-tinh", 2025).verdict == Verdict.REVIEW
    assert first.pk not in load_histories([person.pk])[("person", person.pk)].used_initiatives
    AnnualRating.objects.filter(person=person, year=2024).update(rating="good")
    result = answer(person, "bk-tinh", 2025)
    assert any("Không đủ 2 năm liên tục hoàn thành xuất sắc" in r.text for r in result.reasons)


def test_giay_khen_criteria_are_the_sectors_and_provinces(person):
    result = answer(person, "gk", 2025)
    assert result.verdict == Verdict.REVIEW and result.reasons[0].article.endswith("Điều 75")
    assert check_unit("gk", 2025, None, DAY).verdict == Verdict.REVIEW
    Discipline.objects.create(person=person, form="Cảnh cáo", start_date=dt.date(2025, 11, 1))
    assert answer(person, "gk", 2025).verdict == Verdict.NOT_ELIGIBLE  # no award while a discipline runs


# -- collectives: Tập thể lao động tiên tiến (art 28), xuất sắc (art 27) --------------------------------------------

def advanced(**kw):
    return UnitYear(**{"members": 10, "complete": 10, "ldtt": 7, "by_rating": 10, "rating": "good", **kw})


def test_tap_the_lao_dong_tien_tien_with_its_parameters():
    ok = check_unit("ttldtt", 2025, None, DAY, facts=advanced())
    assert ok.verdict == Verdict.ELIGIBLE
    assert all(r.article.startswith("Luật Thi đua, khen thưởng 2022, Điều 28") for r in ok.reasons)
    assert "Quyết định 86/2025/QĐ-UBND tỉnh Bắc Ninh" in ok.reasons[-1].article  # the source of the default
    assert check_unit("ttldtt", 2025, None, DAY, facts=advanced(ldtt=6)).verdict == Verdict.NOT_ELIGIBLE
    assert check_unit("ttldtt", 2025, None, DAY, facts=advanced(rating="complete")).verdict == Verdict.NOT_ELIGIBLE
    assert check_unit("ttldtt", 2025, None, DAY, facts=advanced(rating=None)).verdict == Verdict.REVIEW
    warned = check_unit("ttldtt", 2025, None, DAY, facts=advanced(disciplined=[("Lê Văn Bình", "Cảnh cáo")]))
    assert warned.verdict == Verdict.NOT_ELIGIBLE and "Lê Văn Bình (Cảnh cáo)" in warned.reasons[-1].text
    assert check_unit("ttldtt", 2025, None, DAY, facts=advanced(disciplined=[("Lê Văn Bình", "khien trach")])
                      ).verdict == Verdict.ELIGIBLE  # below "cảnh cáo", written without accents
    assert check_unit("ttldtt", 2025, None, DAY, facts=advanced(disciplined=[("Lê Văn Bình", "Phê bình")])
                      ).verdict == Verdict.REVIEW  # a form the parameter does not place
    rule = parameters_on(DAY).advanced_collective
    half = replace(parameters_on(DAY), advanced_collective=replace(rule, ldtt_share=Fraction(1, 2)))
    assert check_unit("ttldtt", 2025, None, DAY, facts=advanced(ldtt=5), params=half).verdict == Verdict.ELIGIBLE
    before = check_unit("ttldtt", 2023, None, dt.date(2023, 12, 1), facts=advanced())
    assert before.verdict == Verdict.REVIEW  # no parameter before the 2022 Law applied


def test_a_member_without_a_rating_is_not_complete():
    unrated = check_unit("ttldxs", 2025, None, DAY, facts=advanced(complete=8, unrated=["Lê An", "Hà Vy"], cstdcs=1,
                                                                   rating="excellent"))
    assert unrated.verdict == Verdict.REVIEW
    assert "8/10 thành viên hoàn thành nhiệm vụ trở lên (cần 100%): 2 người chưa có xếp loại năm 2025 (Lê An, Hà Vy)" \
        in unrated.reasons[1].text


def test_today_staff_standing_in_for_a_year_long_past_is_checked_by_a_human():
    facts = advanced(by_rating=0, by_staff=10, cstdcs=1, rating="excellent")
    assert check_unit("ttldxs", 2025, None, dt.date(2026, 3, 1), facts=facts).verdict == Verdict.ELIGIBLE
    late = check_unit("ttldxs", 2025, None, dt.date(2027, 3, 1), facts=facts)
    assert late.verdict == Verdict.REVIEW and "không lưu quá trình công tác theo ngày" in late.reasons[0].text


def test_a_discipline_of_the_unit_itself_blocks_its_titles(db):
    unit = Unit.objects.create(code="k", name="Phòng Kế hoạch")
    Discipline.objects.create(unit=unit, form="Khiển trách", start_date=dt.date(2025, 11, 20))
    history = load_histories(unit_ids=[unit.pk])[("unit", unit.pk)]
    result = check_unit("ttldxs", 2025, history, DAY, facts=advanced(cstdcs=1, rating="excellent"))
    assert result.verdict == Verdict.NOT_ELIGIBLE and result.reasons[0].text.startswith("Đang trong thời gian kỷ luật")


# -- members at the year's end ------------------------------------------------------------------------------------

def test_members_are_counted_at_the_years_end_not_today(db):
    team = Unit.objects.create(code="a", name="Phòng Tổng hợp")
    other = Unit.objects.create(code="b", name="Phòng Pháp chế")

    def staff(name, unit, status="working"):
        return Person.objects.create(full_name=name, gender="female", unit=unit, status=status)

    moved = staff("Đỗ Thu Hà", other)  # moved to the other office in 2026, rated by the team for 2025
    AnnualRating.objects.create(person=moved, unit=team, year=2025, rating="excellent")
    arrived = staff("Vũ Minh", team)  # rated by the other office for 2025: joined the team afterwards
    AnnualRating.objects.create(person=arrived, unit=other, year=2025, rating="good")
    retired = staff("Phan Lộc", team, status="retired")  # retired in 2026: the team's LĐTT of 2025 says so
    give(retired, "ldtt", 2025)
    staff("Bùi Tâm", team, status="retired")  # retired, nothing dated: counted nowhere
    today = staff("Lý Sơn", team)  # only today's list says so; no rating
    rate(today, 2025, "complete")
    newcomer = staff("Hồ Yến", team)
    facts = load_unit_years([team.pk, other.pk], [2025])
    mine, theirs = facts[(team.pk, 2025)], facts[(other.pk, 2025)]
    assert (mine.members, mine.by_rating, mine.by_award, mine.by_staff) == (4, 1, 1, 2)
    assert (mine.complete, mine.unrated, mine.ldtt) == (2, ["Hồ Yến", "Phan Lộc"], 1)  # in name order
    assert (theirs.members, theirs.by_rating, theirs.complete) == (1, 1, 1)
    assert newcomer.full_name in mine.unrated


# -- Bằng khen for collectives, Huân chương Lao động for collectives, Cờ thi đua của Chính phủ ------------------------

def unit_record(unit, code, year, award_type="merit"):
    AwardRecord.objects.create(award=Award.objects.get(code=code), subject="collective", unit=unit,
                               recipient_name=unit.name, year=year, level="local", award_type=award_type,
                               decision_number=f"{year}/QĐ", decision_date=dt.date(year + 1, 1, 20),
                               signed_by="Chủ tịch UBND tỉnh")


@pytest.fixture
def team(db):
    return Unit.objects.create(code="t", name="Sở Tư pháp")


def unit_answer(unit, code, year, **kwargs):
    return check_unit(code, year, load_histories(unit_ids=[unit.pk])[("unit", unit.pk)], DAY, **kwargs)


def test_bang_khen_tinh_for_a_collective_two_excellent_years(team):
    AnnualRating.objects.create(unit=team, year=2025, rating="excellent")
    unit_record(team, "ttldxs", 2024)
    result = unit_answer(team, "bk-tinh", 2025)
    assert result.verdict == Verdict.ELIGIBLE and result.reasons[0].article.endswith("Điều 74 khoản 2")
    AnnualRating.objects.filter(unit=team).update(rating="good")
    refused = unit_answer(team, "bk-tinh", 2025)
    assert refused.verdict == Verdict.REVIEW and "Chưa đạt theo 2 năm liên tục" in refused.reasons[0].text


def test_bang_khen_thu_tuong_for_a_collective_is_a_reported_parameter(team):
    unit_record(team, "bk-tinh", 2020)
    for year in range(2021, 2026):
        AnnualRating.objects.create(unit=team, year=year, rating="good")
    unit_record(team, "ttldxs", 2023)
    one = unit_answer(team, "bk-ttg", 2025)
    assert one.verdict == Verdict.REVIEW and "cần 1 Cờ hoặc 2 lần Tập thể lao động xuất sắc" in one.reasons[2].text
    assert "rules.md §3.2 [R]" in one.reasons[0].article
    unit_record(team, "co-tinh", 2024)
    assert unit_answer(team, "bk-ttg", 2025).verdict == Verdict.ELIGIBLE
    assert unit_answer(team, "bk-ttg", 2024).verdict == Verdict.REVIEW  # 4 years since the Bằng khen tỉnh
    rule = parameters_on(DAY).pm_collective
    seven = replace(parameters_on(DAY), pm_collective=replace(rule, years=7))
    assert unit_answer(team, "bk-ttg", 2025, params=seven).verdict == Verdict.REVIEW


def test_huan_chuong_lao_dong_for_a_collective_is_not_verified(team):
    for code in ("hcld-3", "hcld-2", "hcld-1"):
        result = unit_answer(team, code, 2025)
        assert result.verdict == Verdict.REVIEW and "chưa được xác minh" in result.reasons[0].text


def test_government_flag_by_a_cluster_vote_or_a_council_choice_among_leaders():
    leader = {"co-tinh": ["Khối thi đua Nội chính"]}
    council = {"co-cp": ["Hội đồng Thi đua - Khen thưởng tỉnh Lạng Sơn"]}
    chosen = check_unit("co-cp", 2025, None, DAY, facts=UnitYear(voted=leader, council=council))
    assert chosen.verdict == Verdict.ELIGIBLE and chosen.reasons[0].article.endswith("Điều 25")
    assert "năm 2025 dẫn đầu Khối thi đua Nội chính" in chosen.reasons[0].text
    not_leader = check_unit("co-cp", 2025, None, DAY, facts=UnitYear(council=council))
    assert not_leader.verdict == Verdict.NOT_ELIGIBLE and "chỉ chọn trong các tập thể dẫn đầu" in not_leader.reasons[0].text
    neither = check_unit("co-cp", 2025, None, DAY, facts=UnitYear(voted=leader))
    assert neither.verdict == Verdict.NOT_ELIGIBLE


def test_the_list_of_runs_reads_a_units_own_disciplines_as_eligibility_does(team):
    for year in (2022, 2023, 2024):
        unit_record(team, "ttldxs", year)
    Discipline.objects.create(unit=team, form="Khiển trách", start_date=dt.date(2023, 2, 1),
                              end_date=dt.date(2023, 8, 1))
    award = Award.objects.get(code="ttldxs")
    listed = {row["holder"]: row["run_from"] for row in consecutive_runs(award, 1, 2024, Unit.objects.all())}
    assert listed == {team.pk: 2024}
    history = load_histories(unit_ids=[team.pk])[("unit", team.pk)]
    for count, expected in ((1, True), (2, False)):
        result = Answer()
        consecutive_titles(history, "ttldxs", count, 2024, "TTLĐXS", "", result)
        assert result.reasons[0].ok is expected
