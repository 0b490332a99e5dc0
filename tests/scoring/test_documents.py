"""Scoring exports of S1's 2023 year: the ranking and a unit's score sheet as PDF and Excel, every sheet in one
workbook. Each file is downloaded, opened and read back; the expected figures come from compute_ranking and
the records, never typed in."""

import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.models import Role
from thidua.core.formatting import format_number
from thidua.scoring.domain.queries import compute_ranking
from thidua.scoring.enums import CriterionType
from thidua.scoring.models import CriteriaSet, Criterion, ScoreEntry, ScoreSheet

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path, layout: bool = True) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def table_rows(ws, first_header: str) -> tuple[list[str], list[tuple]]:
    """The header row that starts with `first_header` and the rows under it, up to the first empty row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == first_header)
    body = []
    for row in rows[start + 1:]:
        if all(v in (None, "") for v in row):
            break
        body.append(row)
    return list(rows[start]), body


@pytest.fixture
def year(s1_year):
    year = s1_year["year_2023"]
    return {"period": year["period"], "units": s1_year["units"], "criteria": year["criteria"],
            "ranking": compute_ranking(year["period"])}


@pytest.fixture
def head_client(year, make_user, client):
    client.force_login(make_user("truong-khoi", (Role.HEAD_STAFF, year["units"]["tand"])))
    return client


def test_ranking_pdf_lists_tand_first_with_its_computed_score(year, head_client, tmp_path):
    period, ranking = year["period"], year["ranking"]
    assert ranking[0].unit_name == "Tòa án nhân dân tỉnh Lạng Sơn"
    response = head_client.get(reverse("scoring:ranking_pdf", args=[period.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG THI ĐUA" in text and "năm 2023" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    row_lines = {int(m.group(1)): m.group(2) for m in (re.match(r"^\s*(\d+)\s{2,}(\S.*)$", line)
                                                        for line in text.splitlines()) if m}
    for result in ranking:
        line = row_lines[result.rank]
        final = format_number(result.final, 2)
        assert re.fullmatch(r"\d{2},\d{2}", final)  # "99,45": a comma for decimals
        assert final in line.split()
        assert format_number(result.peer.score, 2) in line.split()
        assert result.band in line
        assert line.startswith(result.unit_name.split()[0])
    assert row_lines[1].startswith("Tòa án nhân dân")
    flat_text = flat(text)
    assert flat(ranking[0].unit_name) in flat(pdf_text(response.content, tmp_path, layout=False))
    # the rules the ranking follows are stated with it
    assert "Khi bằng điểm cuối cùng, xét lần lượt: (1) điểm chấm chéo cao hơn" in flat_text
    assert "Điểm cuối cùng = 80% tỷ lệ điểm theo bảng tiêu chí + 20% điểm chấm chéo" in flat_text
    assert "sau khi bỏ 1 điểm cao nhất và 1 điểm thấp nhất" in flat_text
    assert "Xuất sắc từ 90 điểm" in flat_text
    assert "TÒA ÁN NHÂN DÂN TỈNH LẠNG SƠN" in flat_text  # the head unit signs for the cluster


def test_ranking_xlsx_holds_numbers(year, head_client):
    period, ranking = year["period"], year["ranking"]
    response = head_client.get(reverse("scoring:ranking_xlsx", args=[period.pk]))
    assert response.status_code == 200
    assert 'filename="xep-hang-thi-dua-nam-2023-' in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content))["Xếp hạng"]
    headers, rows = table_rows(ws, "Hạng")
    col = {h: i for i, h in enumerate(headers)}
    assert [r[col["Đơn vị"]] for r in rows] == [r.unit_name for r in ranking]
    for row, result in zip(rows, ranking, strict=True):
        assert row[col["Hạng"]] == result.rank
        assert isinstance(row[col["Điểm cuối cùng"]], (int, float))
        assert Decimal(str(row[col["Điểm cuối cùng"]])) == result.final
        assert Decimal(str(row[col["Điểm chấm chéo"]])) == result.peer.score
        assert Decimal(str(row[col["Tỷ lệ điểm theo bảng tiêu chí (%)"]])) == result.totals.percent
        assert row[col["Xếp loại"]] == result.band
    assert rows[0][col["Đơn vị"]] == "Tòa án nhân dân tỉnh Lạng Sơn"
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(t.startswith("Khi bằng điểm cuối cùng, xét lần lượt") for t in texts)


def test_sheet_pdf_shows_the_appraisal_its_explanation_and_totals(year, head_client, tmp_path):
    period, ca = year["period"], year["units"]["ca"]
    entry = ScoreEntry.objects.get(sheet__period=period, sheet__unit=ca, criterion=year["criteria"]["1.3"])
    assert entry.appraisal_reason and entry.explanation and entry.final_reason
    response = head_client.get(reverse("scoring:sheet_pdf", args=[period.pk, ca.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    flat_text = flat(text)
    assert "BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2023" in text and "của Công an tỉnh Lạng Sơn" in text
    assert f"Lý do thẩm định: {entry.appraisal_reason}" in flat_text
    assert f"Giải trình của đơn vị: {entry.explanation}" in flat_text
    assert f"Xem xét lại: {format_number(entry.final_points.normalize())} điểm. {entry.final_reason}" in flat_text
    line_13 = next(line for line in text.splitlines() if line.strip().startswith("1.3 "))
    assert line_13.split()[-4:] == ["10", "8", "6", "8"]  # max, self, appraised, counted
    result = next(r for r in year["ranking"] if r.unit_id == ca.pk)
    percent_line = next(line for line in text.splitlines() if "Tỷ lệ so với điểm tối đa" in line)
    assert percent_line.split()[-1] == format_number(result.totals.percent, 2)
    total_line = next(line for line in text.splitlines() if line.strip().startswith("Tổng điểm"))
    total = result.totals.base + result.totals.bonus - result.totals.penalty
    assert total_line.split()[-1] == format_number(total.normalize())
    assert "Đã khóa" in flat_text


def test_sheet_xlsx_has_every_stage_of_each_criterion(year, make_user, client):
    period, ca = year["period"], year["units"]["ca"]
    client.force_login(make_user("can-bo-ca", (Role.UNIT_OFFICER, ca)))  # a unit reads its own sheet
    response = client.get(reverse("scoring:sheet_xlsx", args=[period.pk, ca.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    headers, rows = table_rows(ws, "Mục")
    col = {h: i for i, h in enumerate(headers)}
    by_code = {r[col["Mục"]]: r for r in rows if r[col["Mục"]]}
    assert len(by_code) == Criterion.objects.filter(criteria_set__period=period).count()
    row = by_code["1.3"]
    entry = ScoreEntry.objects.get(sheet__period=period, sheet__unit=ca, criterion=year["criteria"]["1.3"])
    assert (row[col["Điểm tự chấm"]], row[col["Điểm thẩm định"]], row[col["Điểm xem xét lại"]],
            row[col["Điểm được tính"]]) == (entry.self_points, entry.appraised_points, entry.final_points,
                                            entry.points)
    assert row[col["Lý do thẩm định"]] == entry.appraisal_reason
    assert row[col["Giải trình của đơn vị"]] == entry.explanation
    result = next(r for r in year["ranking"] if r.unit_id == ca.pk)
    percent = next(r for r in rows if r[col["Tiêu chí"]] == "Tỷ lệ so với điểm tối đa áp dụng (%)")
    assert Decimal(str(percent[col["Điểm được tính"]])) == result.totals.percent


def test_every_sheet_in_one_workbook(year, head_client):
    period, ranking = year["period"], year["ranking"]
    response = head_client.get(reverse("scoring:sheets_xlsx", args=[period.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Tổng hợp" and len(workbook.sheetnames) == 1 + len(ranking)
    _headers, summary = table_rows(workbook["Tổng hợp"], "Hạng")
    assert [r[1] for r in summary] == [r.unit_name for r in ranking]
    for result in ranking:
        unit = year["units"][next(k for k, u in year["units"].items() if u.pk == result.unit_id)]
        ws = workbook[unit.short_name]
        assert ws["A3"].value == unit.name
        headers, rows = table_rows(ws, "Mục")
        col = {h: i for i, h in enumerate(headers)}
        total = next(r for r in rows if r[col["Tiêu chí"]] == "Tổng điểm")
        assert Decimal(str(total[col["Điểm được tính"]])) == \
            result.totals.base + result.totals.bonus - result.totals.penalty


def test_exports_need_their_rights(year, make_user, client):
    period, units = year["period"], year["units"]
    ca = units["ca"]
    urls = {name: reverse(f"scoring:{name}", args=args) for name, args in (
        ("sheet_pdf", [period.pk, ca.pk]), ("sheet_xlsx", [period.pk, ca.pk]), ("ranking_pdf", [period.pk]),
        ("ranking_xlsx", [period.pk]), ("sheets_xlsx", [period.pk]))}
    for url in urls.values():
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_user("so-noi-vu", (Role.UNIT_OFFICER, units["snv"])))  # not a member
    for url in urls.values():
        assert client.get(url).status_code == 403
    # a member's officer sees the published ranking and its own sheet, but not the whole workbook
    client.force_login(make_user("can-bo-vks", (Role.UNIT_OFFICER, units["vks"])))
    assert client.get(urls["ranking_xlsx"]).status_code == 200
    assert client.get(reverse("scoring:sheet_xlsx", args=[period.pk, units["vks"].pk])).status_code == 200
    assert client.get(urls["sheets_xlsx"]).status_code == 403
    # missing things
    assert client.get(reverse("scoring:ranking_pdf", args=[999999])).status_code == 404
    assert client.get(reverse("scoring:sheet_pdf", args=[period.pk, units["snv"].pk])).status_code == 404
    assert client.get(reverse("scoring:sheet_pdf", args=[999999, ca.pk])).status_code == 404


def test_queries_do_not_grow_with_the_criteria(year, head_client):
    period = year["period"]
    ca = year["units"]["ca"]
    urls = [reverse("scoring:sheet_pdf", args=[period.pk, ca.pk]),
            reverse("scoring:sheet_xlsx", args=[period.pk, ca.pk]),
            reverse("scoring:sheets_xlsx", args=[period.pk]), reverse("scoring:ranking_xlsx", args=[period.pk])]

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert head_client.get(url).status_code == 200
            out.append(len(queries))
        return out

    before = counts()
    criteria_set = CriteriaSet.objects.get(period=period)
    group = Criterion.objects.create(criteria_set=criteria_set, order=100, code="6", name="Nhóm thêm",
                                     type=CriterionType.GROUP, max_points=20)
    extra = Criterion.objects.bulk_create([
        Criterion(criteria_set=criteria_set, parent=group, order=101 + i, code=f"6.{i + 1}", name=f"Tiêu chí {i}",
                  type=CriterionType.PASS_FAIL, max_points=2) for i in range(10)])
    ScoreEntry.objects.bulk_create([
        ScoreEntry(sheet=sheet, criterion=c, self_value=1, self_points=2, appraised_value=1, appraised_points=2)
        for sheet in ScoreSheet.objects.filter(period=period) for c in extra])
    assert counts() == before
