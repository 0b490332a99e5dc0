"""Generate the .docx template of a cluster year's year-end report (báo cáo tổng kết công tác thi đua, khen
thưởng; docxtpl tags) in the report layout of Nghị định 30/2020/NĐ-CP, with the page set-up and header helpers of
scripts/make_docx_templates.py and the bordered table and heading of scripts/make_voting_docx_templates.py. Staff
may edit the generated file in Word or LibreOffice, keeping the tags; run this again only to start over from the
default layout:

    .venv/bin/python scripts/make_reports_docx_templates.py

Writes src/thidua/reports/docx/year_report.docx. The context is built by thidua.reports.documents."""

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_docx_templates import BODY_WIDTH_MM, ROOT, clear, new_document, no_borders, para, set_widths  # noqa: E402
from make_voting_docx_templates import data_table, heading  # noqa: E402

CENTER, JUSTIFY, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.RIGHT
TARGET = ROOT / "src" / "thidua" / "reports" / "docx" / "year_report.docx"


def loop(doc, tag: str, text: str, **kwargs) -> None:
    """One paragraph per item: {%p for … %}, the paragraph, {%p endfor %}."""
    para(doc, "{%p " + tag + " %}", after=0)
    para(doc, text, **kwargs)
    para(doc, "{%p endfor %}", after=0)


def narrative(doc, key: str) -> None:
    """A section's paragraphs as saved with the year, or a dotted line for the clerk when it is empty."""
    para(doc, "{%p if narrative." + key + " %}", after=0)
    loop(doc, "for line in narrative." + key, "{{ line }}", align=JUSTIFY, indent=True)
    para(doc, "{%p else %}", after=0)
    para(doc, "{{ blank }}", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)


def align_columns(doc, right: list[int], center: list[int] = ()) -> None:
    """The repeated row of the table just added: figures at the right, ranks and numbers centred."""
    row = doc.tables[-1].rows[2]
    for col, align in [*((c, RIGHT) for c in right), *((c, CENTER) for c in center)]:
        for paragraph in row.cells[col].paragraphs:
            paragraph.alignment = align


def section(doc, number: int, title: str) -> None:
    para(doc, "{{ roman[" + str(number) + "] }}. " + title, bold=True, align=JUSTIFY, before=6)


def part(doc, title: str) -> None:
    para(doc, title, bold=True, italic=True, align=JUSTIFY, before=3)


def signature(doc) -> None:
    """Recipients at the left, the head unit's signature at the right (Decree 30/2020, Phụ lục I, mục II.9–10)."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left = BODY_WIDTH_MM * 0.45
    set_widths(table, [left, BODY_WIDTH_MM - left])
    cell = clear(table.cell(0, 0))
    para(cell, "Nơi nhận:", bold=True, italic=True, size=12, after=0)
    para(cell, "{%p for r in recipients %}", after=0)
    para(cell, "- {{ r }}", size=11, after=0)
    para(cell, "{%p endfor %}", after=0)
    cell = clear(table.cell(0, 1))
    for tag in ("signer_title", "signer_role", "signer_unit"):
        para(cell, "{{ " + tag + " }}", bold=True, size=12, align=CENTER, after=0)
    para(cell, "{{ signer_note }}", italic=True, size=12, align=CENTER, after=60)


def year_report(path: Path) -> None:
    doc = new_document()
    heading(doc)
    section(doc, 0, "{{ titles.situation|upper }}")
    loop(doc, "for line in situation", "{{ line }}", align=JUSTIFY, indent=True)
    narrative(doc, "situation")

    section(doc, 1, "KẾT QUẢ THỰC HIỆN CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM {{ year }}")
    part(doc, "1. Phong trào thi đua, ký kết giao ước")
    para(doc, "{{ movements }}", align=JUSTIFY, indent=True)
    para(doc, "{{ covenant }}", align=JUSTIFY, indent=True)
    part(doc, "2. Đăng ký thi đua")
    para(doc, "{{ registration }}", align=JUSTIFY, indent=True)
    part(doc, "3. Kết quả chấm điểm, xếp hạng")
    para(doc, "{%p if ranking %}", after=0)
    data_table(doc, ["Hạng", "Đơn vị", "Tổng điểm", "Tỷ lệ (%)", "Điểm chấm chéo", "Điểm cuối cùng", "Xếp loại"],
               ["{{ r.rank }}", "{{ r.unit }}{% if r.note %} ({{ r.note }}){% endif %}", "{{ r.points }}",
                "{{ r.percent }}", "{{ r.peer }}", "{{ r.final }}", "{{ r.band }}"],
               [11, BODY_WIDTH_MM - 11 - 4 * 17 - 20, 17, 17, 17, 17, 20], "for r in ranking")
    align_columns(doc, right=[2, 3, 4, 5], center=[0, 6])
    para(doc, "{%p if ranking_note %}", after=0)
    para(doc, "{{ ranking_note }}", italic=True, size=11)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{%p else %}", after=0)
    para(doc, "{{ no_ranking }}", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    part(doc, "4. Bình xét, suy tôn")
    para(doc, "{%p if nominations %}", after=0)
    data_table(doc, ["STT", "Tập thể, cá nhân", "Danh hiệu, hình thức đề nghị", "Số phiếu", "Tỷ lệ"],
               ["{{ n.number }}", "{{ n.nominee }}", "{{ n.award }}", "{{ n.votes_text }}", "{{ n.percent }}"],
               [11, 62, BODY_WIDTH_MM - 11 - 62 - 36, 18, 18], "for n in nominations")
    align_columns(doc, right=[3, 4], center=[0])
    para(doc, "{%p else %}", after=0)
    para(doc, "{{ no_nominations }}", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    part(doc, "5. Kết quả khen thưởng")
    data_table(doc, ["Khen thưởng (lượt)", "{{ levels[0] }}", "{{ levels[1] }}", "{{ levels[2] }}", "Tổng"],
               ["{{ f.label }}", "{{ f.by_level[0] }}", "{{ f.by_level[1] }}", "{{ f.by_level[2] }}", "{{ f.total }}"],
               [BODY_WIDTH_MM - 4 * 24, 24, 24, 24, 24], "for f in figure_rows")
    align_columns(doc, right=[1, 2, 3, 4])
    para(doc, "{{ direct }}", align=JUSTIFY, indent=True, before=6)
    para(doc, "{%p if households %}", after=0)
    para(doc, "{{ households }}", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    part(doc, "6. Hội nghị sơ kết, tổng kết")
    loop(doc, "for line in conferences", "- {{ line }}", align=JUSTIFY, indent=True)
    part(doc, "7. {{ titles.results }}")
    narrative(doc, "results")

    section(doc, 2, "{{ titles.limitations|upper }}")
    narrative(doc, "limitations")
    section(doc, 3, "{{ titles.lessons|upper }}")
    narrative(doc, "lessons")
    section(doc, 4, "{{ titles.directions|upper }}")
    loop(doc, "for line in next_leaders", "{{ line }}", align=JUSTIFY, indent=True)
    narrative(doc, "directions")
    section(doc, 5, "{{ titles.proposals|upper }}")
    narrative(doc, "proposals")
    signature(doc)
    para(doc, "{%p if footer_note %}", after=0)
    para(doc, "{{ footer_note }}", italic=True, size=10, before=12)
    para(doc, "{%p endif %}", after=0)
    doc.core_properties.title = "Báo cáo tổng kết năm (mẫu)"
    doc.core_properties.author = "ThiĐua"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def main() -> None:
    year_report(TARGET)
    print(f"Đã tạo {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
