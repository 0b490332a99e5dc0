"""The statistical forms computed from records invented here: the set a report year is governed by, the figures of
0601–0603 for a province, a ministry and the whole country, the cells typed (0602–0605), bad input refused with
nothing written, a stale save refused, the queries bounded whatever the number of records, Excel read back."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from tests.reports.statforms_data import _record, invent
from thidua.awards.models import AwardRecord
from thidua.core import versions
from thidua.core.models import Activity
from thidua.demo import builders as b
from thidua.reports.domain.statforms import compute, inputs, sets
from thidua.reports.domain.statforms.tt02_2023 import TT02_2023
from thidua.reports.interfaces import statforms_excel as excel
from thidua.reports.models import StatisticalInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db):
    return invent()


def test_the_set_is_chosen_by_the_report_year():
    assert sets.choose(2024).shown is TT02_2023
    assert sets.choose(2022).shown is TT02_2023  # applied from the report year 2022
    before = sets.choose(2021)
    assert before.shown is None and before.governing is None
    assert "03/2018/TT-BNV" in before.message and "2021" in before.message
    later = sets.choose(2026)
    assert later.governing.code == "tt18-2025" and later.shown is None
    assert "18/2025/TT-BNV" in later.message and "chưa có" in later.message
    assert "giả định, chưa xác minh" in later.message and "Năm báo cáo 2026 áp dụng" not in later.message
    reference = sets.choose(2026, "tt02-2023")
    assert reference.shown is TT02_2023 and reference.for_reference
    assert "theo mẫu Thông tư số 02/2023/TT-BNV — mẫu của Thông tư số 18/2025/TT-BNV chưa có trong hệ thống" in (
        reference.message)
    assert "giả định, chưa xác minh" in reference.message and "tham khảo" not in reference.message
    assert sets.choose(2021, "tt02-2023").message.endswith("chỉ để tham khảo.")  # a year it truly does not govern
    start, end = TT02_2023.period(2024)
    assert (start.isoformat(), end.isoformat(), TT02_2023.due_date(2024).isoformat()) == (
        "2023-12-01", "2024-11-30", "2024-12-15")


def test_state_level_awards_of_a_province(data):
    result = compute.compute(compute.Scope(data["province"]), TT02_2023, 2024)
    f = result.forms["0602"]
    assert f.value("01", "total") == 4
    assert (f.value("01", "hcld-3_tt"), f.value("01", "hcld-3_cn"), f.value("01", "bk-ttg_tt"),
            f.value("01", "cstd-tq")) == (1, 1, 1, 1)
    assert (f.value("02", "total"), f.value("03", "total")) == (0, 4)       # a province submits as a province
    assert (f.value("04", "total"), f.value("07", "total"), f.value("12", "total")) == (2, 2, 1)
    assert (f.value("13", "total"), f.value("15", "total")) == (3, 1)       # merit, ad hoc
    assert f.cells[("04", "cstd-tq")].kind == "blank"                       # a collective under individuals
    assert f.cells[("05", "hcld-3_tt")].kind == "input" and f.value("05", "hcld-3_tt") is None


def test_province_level_awards_of_a_province(data):
    f = compute.compute(compute.Scope(data["province"]), TT02_2023, 2024, only="0603").forms["0603"]
    assert (f.value("01", "bk"), f.value("01", "cstd"), f.value("01", "co"), f.value("01", "total")) == (6, 1, 1, 8)
    assert (f.value("02", "total"), f.value("04", "total"), f.value("05", "total"), f.value("10", "total")) == (
        4, 1, 3, 2)
    assert f.value("11", "total") == 8  # all of them merit


def test_the_whole_country_and_a_ministry(data):
    country = compute.compute(compute.Scope(None), TT02_2023, 2024, only="0602").forms["0602"]
    assert country.value("01", "total") == 6
    assert (country.value("02", "total"), country.value("03", "total")) == (1, 5)
    ministry = compute.compute(compute.Scope(data["ministry"]), TT02_2023, 2024, only="0602").forms["0602"]
    assert (ministry.value("01", "total"), ministry.value("02", "total"), ministry.value("03", "total")) == (1, 1, 0)


def test_a_cut_off_stated_instead_of_the_circulars(data):
    import datetime as dt
    f = compute.compute(compute.Scope(data["province"]), TT02_2023, 2024, dt.date(2024, 11, 29),
                        only="0602").forms["0602"]
    assert f.value("01", "total") == 3  # the CSTĐTQ of 30/11 falls out


def test_movements_and_cluster_years(data):
    f = compute.compute(compute.Scope(data["province"]), TT02_2023, 2024, only="0601").forms["0601"]
    assert (f.value("01", "total"), f.value("01", "central"), f.value("01", "local"), f.value("01", "unit")) == (
        3, 1, 2, 0)
    assert (f.value("02", "total"), f.value("03", "total"), f.value("04", "total")) == (1, 1, 1)
    assert (f.value("06", "total"), f.value("07", "total"), f.value("10", "total")) == (1, 1, 1)
    assert (f.value("11", "total"), f.value("12", "total")) == (1, 2)
    assert compute.compute(compute.Scope(data["ministry"]), TT02_2023, 2024,
                           only="0601").forms["0601"].value("01", "total") == 0


def test_drill_down_gives_the_records_behind_a_figure(data):
    scope = compute.Scope(data["province"])
    result = compute.compute(scope, TT02_2023, 2024, only="0603")
    cell = result.forms["0603"].cells[("05", "bk")]
    records = compute.award_records(scope, result.start, result.cutoff, cell.match)
    assert records.count() == cell.value == 2
    assert set(records.values_list("subject", flat=True)) == {"individual"}


def test_typed_figures_are_stored_shown_and_summed_for_the_country(data):
    form = TT02_2023.form("0605")
    inputs.save(data["province"], TT02_2023, form, 2024, {"02:tong": "3", "03:tong": "1.250", "02:nu": "2",
                                                          "11:tong": "4"})
    inputs.save(data["ministry"], TT02_2023, form, 2024, {"04:tong": "5"})
    f = compute.compute(compute.Scope(data["province"]), TT02_2023, 2024, only="0605").forms["0605"]
    assert (f.value("01", "tong"), f.value("02", "nu"), f.value("03", "tong"), f.value("11", "tong")) == (
        1253, 2, 1250, 4)
    assert f.value("01", "nu") == 2
    country = compute.compute(compute.Scope(None), TT02_2023, 2024, only="0605").forms["0605"]
    assert country.value("01", "tong") == 1258
    entry = Activity.objects.filter(scope=f"organiser:{data['province'].pk}").latest("id")
    assert "0605.N/BNV-TĐKT" in entry.summary and entry.changes


def test_the_central_councils_page_is_the_countrys_and_types_nothing_of_its_own(data):
    """The Central council's forms are the country's figures: its page and the whole country's show the same typed
    sums, and it types none of its own (its own figure would have been added again on the country's page)."""
    central = b.organiser("hdtw-sf", "Hội đồng Thi đua - Khen thưởng Trung ương sf", "central")
    form = TT02_2023.form("0605")
    inputs.save(data["province"], TT02_2023, form, 2024, {"02:tong": "7"})
    with pytest.raises(ValidationError, match="số liệu toàn quốc"):
        inputs.save(central, TT02_2023, form, 2024, {"02:tong": "10"})
    country = compute.compute(compute.Scope(None), TT02_2023, 2024, only="0605").forms["0605"]
    council = compute.compute(compute.Scope(central), TT02_2023, 2024, only="0605").forms["0605"]
    assert country.value("02", "tong") == council.value("02", "tong") == 7


@pytest.mark.parametrize("typed, reason", [
    ({"02:tong": "ba"}, "02:tong"),
    ({"02:tong": "-1"}, "02:tong"),
    ({"02:tong": "1,5"}, "02:tong"),
    ({"02:tong": "2", "02:nu": "3"}, "02:nu"),                     # more women than staff
    ({"08:tong": "8", "09:tong": "2"}, "08:tong"),                  # trained more than there are (9)
    ({"01:tong": "2"}, "01:tong"),                                  # the total is computed, not typed
])
def test_bad_input_is_refused_and_nothing_written(data, typed, reason):
    form = TT02_2023.form("0605")
    inputs.save(data["province"], TT02_2023, form, 2024, {"05:tong": "7"})
    with pytest.raises(ValidationError) as refused:
        inputs.save(data["province"], TT02_2023, form, 2024, {"05:tong": "9", **typed})
    assert reason in refused.value.message_dict
    assert all(m and m[0][0].isupper() for m in refused.value.message_dict.values())  # a sentence, in Vietnamese
    assert StatisticalInput.objects.get(organiser=data["province"], form="0605").values == {"05:tong": 7}


def test_a_save_over_a_newer_version_is_refused(data):
    form = TT02_2023.form("0604")
    loaded = inputs.version(inputs.stored(data["province"], TT02_2023, form, 2024))
    assert loaded == versions.NOTHING_YET
    inputs.save(data["province"], TT02_2023, form, 2024, {"04:n": "1"}, loaded_version=loaded)
    with pytest.raises(versions.StaleVersion):
        inputs.save(data["province"], TT02_2023, form, 2024, {"04:n": "2"}, loaded_version=loaded)
    record = inputs.stored(data["province"], TT02_2023, form, 2024)
    assert record.values == {"04:n": 1}
    inputs.save(data["province"], TT02_2023, form, 2024, {"04:n": "2"}, loaded_version=inputs.version(record))
    assert inputs.stored(data["province"], TT02_2023, form, 2024).values == {"04:n": 2}


def test_queries_do_not_grow_with_the_records(data, django_assert_max_num_queries):
    scope = compute.Scope(data["province"])
    with django_assert_max_num_queries(8) as few:
        compute.compute(scope, TT02_2023, 2024)
    before = len(few.captured_queries)
    import datetime as dt
    units = [b.unit(f"tk-more-{i}", f"Đơn vị thêm {i}", area_code=data["area"].code) for i in range(20)]
    AwardRecord.objects.bulk_create([_record(code, "collective", unit, dt.date(2024, 2, 2))
                                     for unit in units for code in ("bk-tinh", "hcld-2", "co-cp")])
    with django_assert_max_num_queries(before) as again:
        result = compute.compute(scope, TT02_2023, 2024)
    assert len(again.captured_queries) == before
    assert result.forms["0602"].value("01", "total") == 4 + 40
    with django_assert_max_num_queries(before):
        compute.compute(compute.Scope(None), TT02_2023, 2024)


def test_excel_in_the_official_layout(data):
    inputs.save(data["province"], TT02_2023, TT02_2023.form("0602"), 2024, {"05:hcld-3_tt": "1"})
    result = compute.compute(compute.Scope(data["province"]), TT02_2023, 2024)
    book = load_workbook(io.BytesIO(_bytes(excel.workbook(result))))
    assert book.sheetnames == ["Biểu 0601", "Biểu 0602", "Biểu 0603", "Biểu 0604", "Biểu 0605"]
    sheet = book["Biểu 0602"]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert sheet["A1"].value == "Biểu số: 0602.N/BNV-TĐKT"
    assert sheet["A2"].value == "Ban hành kèm theo Thông tư số 02/2023/TT-BNV ngày 23/03/2023"
    assert f"Đơn vị báo cáo: {data['province'].name}" in texts
    assert "Đơn vị nhận báo cáo: Bộ Nội vụ" in texts
    assert sheet["A3"].value == "Ngày nhận báo cáo: ngày 15 tháng 12 năm 2024"
    assert "SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC" in texts
    assert "Năm 2024 (số liệu từ ngày 01/12/2023 đến ngày 30/11/2024)" in texts
    assert {"Người lập biểu", "Thủ trưởng đơn vị", "(Ký, họ tên)", "(Ký, họ tên, đóng dấu)"} <= set(texts)
    rows = {row[1].value: row for row in sheet.iter_rows() if row[1].value}
    header = next(row for row in sheet.iter_rows() if row[0].value == "A")
    numbering = [c.value for c in header]
    assert numbering[:5] == ["A", "B", "C", "1", "2"]
    assert rows["01"][3].value == 4 and rows["03"][3].value == 4 and rows["02"][3].value == 0
    assert rows["05"][3].value == 1                                   # the typed figure, summed in the total
    assert rows["07"][0].value == "- Cá nhân" and rows["07"][0].data_type == "s"  # text, not a formula
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert book["Biểu 0603"]["A1"].value == "Biểu số: 0603.N/BNV-TĐKT"


def _bytes(book) -> bytes:
    from thidua.core.export import defuse

    defuse(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_cluster_year_counts_in_its_own_report_year_only(data):
    import datetime as dt

    from thidua.clusters.domain.periods import create_period
    create_period(data["cluster"], 2023, dt.date(2023, 1, 1), dt.date(2023, 12, 31))  # overlaps December 2023
    f = compute.compute(compute.Scope(data["province"]), TT02_2023, 2024, only="0601").forms["0601"]
    assert f.value("04", "total") == 1


def test_every_wrong_cell_is_named_at_once(data):
    with pytest.raises(ValidationError) as refused:
        inputs.save(data["province"], TT02_2023, TT02_2023.form("0605"), 2024,
                    {"02:tong": "3", "02:nu": "5", "03:tong": "abc"})
    assert set(refused.value.message_dict) == {"02:nu", "03:tong"}
    assert "“abc”" in refused.value.message_dict["03:tong"][0]
    assert not StatisticalInput.objects.exists()


def _police(data):
    """A provincial police: the province's area and the ministry's sector (a unit of both)."""
    import datetime as dt
    police = b.unit("tk-ca", "Công an tỉnh Thử", area_code=data["area"].code, sector_code=data["ministry"].sector.code)
    AwardRecord.objects.bulk_create([
        _record("bk-tinh", "collective", police, dt.date(2024, 5, 5), level="local"),    # the province's Bằng khen
        _record("bk-tinh", "collective", police, dt.date(2024, 5, 6), level="sector"),   # the ministry's
        _record("bk-tinh", "collective", police, dt.date(2024, 5, 7), level="sector"),
        _record("hcld-3", "collective", police, dt.date(2024, 5, 8)),                    # submitted by the ministry
    ])
    return police


def test_an_award_to_a_unit_of_an_area_and_a_sector_counts_once(data):
    _police(data)
    province = compute.compute(compute.Scope(data["province"]), TT02_2023, 2024)
    ministry = compute.compute(compute.Scope(data["ministry"]), TT02_2023, 2024)
    country = compute.compute(compute.Scope(None), TT02_2023, 2024)
    # 0603: the province's decision in the province's form only, the ministry's two in the ministry's only
    assert province.forms["0603"].value("01", "bk") == 6 + 1
    assert ministry.forms["0603"].value("01", "bk") == 2
    assert country.forms["0603"].value("01", "bk") == 6 + 1 + 2
    # 0602: the central award to the police is the ministry's submission, not the province's
    assert province.forms["0602"].value("01", "total") == 4
    assert (ministry.forms["0602"].value("01", "total"), ministry.forms["0602"].value("02", "total")) == (2, 2)
    assert (country.forms["0602"].value("02", "total"), country.forms["0602"].value("03", "total")) == (2, 5)
    records = compute.award_records(compute.Scope(data["province"]), province.start, province.cutoff,
                                    province.forms["0603"].cells[("01", "bk")].match)
    assert records.count() == 7 and "sector" not in set(records.values_list("level", flat=True))


def test_the_provinces_and_the_ministries_add_up_to_the_country(data):
    """0602 and 0603 count each award once in one province's or one ministry's report: every computed cell of the
    country is the sum of theirs (0601 is not: a national movement is the country's once, each organiser's too)."""
    from thidua.orgs.models import Organiser

    _police(data)
    other = Organiser.objects.create(code="tk-ubnd-b", name="UBND tỉnh Khác", kind="province",
                                     area=data["ub"].area)
    scopes = [compute.Scope(o) for o in (data["province"], other, data["ministry"])]
    parts = [compute.compute(scope, TT02_2023, 2024) for scope in scopes]
    country = compute.compute(compute.Scope(None), TT02_2023, 2024)
    for code in ("0602", "0603"):
        whole = country.forms[code]
        checked = 0
        for key, cell in whole.cells.items():
            if cell.kind in ("computed", "sum") and cell.value is not None:
                assert cell.value == sum(p.forms[code].cells[key].value or 0 for p in parts), (code, key)
                checked += cell.value > 0
        assert checked > 5
    assert country.forms["0602"].value("01", "total") == 7 and country.forms["0603"].value("01", "total") == 11
