"""Generate the .docx template of a conference's minutes (biên bản hội nghị, docxtpl tags) in the layout of the
minutes form of Nghị định 30/2020/NĐ-CP, with the page set-up and header helpers of scripts/make_docx_templates.py
and the bordered table of scripts/make_voting_docx_templates.py. Staff may edit the generated file in Word or
LibreOffice, keeping the tags; run this again only to start over from the default layout:

    .venv/bin/python scripts/make_meetings_docx_templates.py

Writes src/thidua/meetings/docx/minutes.docx. The context is built by thidua.meetings.documents."""

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_docx_templates import (  # noqa: E402
    BODY_WIDTH_MM,
    ROOT,
    clear,
    new_document,
    no_borders,
    para,
    set_widths,
)
from make_voting_docx_templates import data_table, heading  # noqa: E402

CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
TARGET = ROOT / "src" / "thidua" / "meetings" / "docx" / "minutes.docx"


def labelled(doc, label: str, value: str):
    """"Địa điểm: …" with the label in bold."""
    paragraph = para(doc, align=JUSTIFY)
    paragraph.add_run(label).bold = True
    paragraph.add_run(value)
    return paragraph


def loop(doc, tag: str, text: str, **kwargs) -> None:
    """One paragraph per item: {%p for … %}, the paragraph, {%p endfor %}."""
    para(doc, "{%p " + tag + " %}", after=0)
    para(doc, text, **kwargs)
    para(doc, "{%p endfor %}", after=0)


def signatures(doc) -> None:
    """The secretary at the left, the chair at the right: title, what to write, room to sign, the name."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    half = BODY_WIDTH_MM / 2
    set_widths(table, [half, half])
    for col in range(2):
        cell = clear(table.cell(0, col))
        tag = "signatures[" + str(col) + "]"
        para(cell, "{{ " + tag + ".title }}", bold=True, size=12, align=CENTER, after=0)
        para(cell, "{{ " + tag + ".note }}", italic=True, size=12, align=CENTER, after=60)
        para(cell, "{{ " + tag + ".name }}", bold=True, size=14, align=CENTER, after=0)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def minutes(path: Path) -> None:
    doc = new_document()
    heading(doc)
    labelled(doc, "Thời gian bắt đầu: ", "{{ began }}.")
    labelled(doc, "Địa điểm: ", "{{ place }}.")
    para(doc, "{%p if host %}", after=0)
    labelled(doc, "Đơn vị đăng cai: ", "{{ host }}.")
    para(doc, "{%p endif %}", after=0)
    para(doc, "{%p if basis %}", after=0)
    labelled(doc, "Căn cứ tổ chức: ", "{{ basis }}")
    para(doc, "{%p endif %}", after=0)
    labelled(doc, "Chủ trì (chủ tọa):", "{% if not chairs %} ……………………………………{% endif %}")
    loop(doc, "for c in chairs", "- {{ c }}.", align=JUSTIFY, indent=True)
    labelled(doc, "Thư ký (người ghi biên bản): ", "{{ secretary }}.")
    labelled(doc, "Thành phần tham dự:", "")
    para(doc, "{%p if guests %}", after=0)
    para(doc, "Khách mời:", align=JUSTIFY, indent=True)
    loop(doc, "for g in guests", "- {{ g }}.", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{{ present_line }}", align=JUSTIFY, indent=True)
    data_table(doc, ["STT", "Đơn vị", "Người đại diện", "Chức vụ"],
               ["{{ a.number }}", "{{ a.unit }}", "{{ a.representative }}", "{{ a.position }}"],
               [10, 62, 52, BODY_WIDTH_MM - 124], "for a in attendance")
    para(doc, "Vắng mặt: {% if absent %}{{ absent|join('; ') }}{% else %}không{% endif %}.", align=JUSTIFY,
         indent=True, before=6)
    para(doc, "Nội dung", bold=True, before=6)
    para(doc, "{%p if agenda %}", after=0)
    para(doc, "Chương trình:", italic=True, indent=True)
    loop(doc, "for line in agenda", "{{ line }}", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{%p if proceedings %}", after=0)
    para(doc, "Diễn biến, nội dung chính:", italic=True, indent=True)
    loop(doc, "for line in proceedings", "{{ line }}", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    para(doc, "Hội nghị thống nhất:{% if not decisions %} ……………………………………{% endif %}", italic=True, indent=True)
    loop(doc, "for d in decisions", "{{ d.number }}. {{ d.label }}{% if d.text %}: {{ d.text }}{% else %}.{% endif %}"
         "{% if d.outcome %} {{ d.outcome }}{% endif %}", align=JUSTIFY, indent=True)
    para(doc, "{{ closing }}", align=JUSTIFY, indent=True)
    signatures(doc)
    para(doc, "Nơi nhận:", bold=True, italic=True, size=12, before=12, after=0)
    loop(doc, "for r in recipients", "- {{ r }}", size=11, after=0)
    doc.core_properties.title = "Biên bản hội nghị (mẫu)"
    doc.core_properties.author = "ThiĐua"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def main() -> None:
    minutes(TARGET)
    print(f"Đã tạo {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
