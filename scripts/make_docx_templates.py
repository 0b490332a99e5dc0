"""Generate the .docx templates of the official documents (docxtpl: {{ }}, {%p %}, {%tr %} tags) in the layout
of Nghị định 30/2020/NĐ-CP. Staff may then edit the generated files in Word or LibreOffice, keeping the tags;
run this again only to start over from the default layout:

    .venv/bin/python scripts/make_docx_templates.py

Writes src/thidua/movements/docx/covenant.docx."""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

ROOT = Path(__file__).resolve().parent.parent
FONT = "Times New Roman"  # Liberation Serif has the same metrics where Times New Roman is missing
BODY_WIDTH_MM = 210 - 30 - 15


def _fonts(run_or_style, name: str = FONT) -> None:
    run_or_style.font.name = name
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def new_document(landscape: bool = False) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    # ND 30/2020: top 20–25 mm, bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = doc.styles["Normal"]
    _fonts(normal)
    normal.font.size = Pt(13)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    _page_number_header(section)
    return doc


def _page_number_header(section) -> None:
    """Page numbers centred in the top margin, from the second page (ND 30/2020, Phụ lục I, mục II.11)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def para(container, text: str = "", *, bold=False, italic=False, size=None, align=None, indent=False,
         before=None, after=None, underline=False, upper=False):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if indent:
        fmt.first_line_indent = Cm(1)
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if text:
        run = paragraph.add_run(text.upper() if upper else text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    return paragraph


def short_rule(container, left_cm: float, right_cm: float):
    """A short solid line under the issuing body: an empty paragraph with a bottom border, narrowed by indents."""
    paragraph = para(container, after=0)
    fmt = paragraph.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(left_cm), Cm(right_cm)
    fmt.line_spacing = Pt(2)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    return paragraph


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def set_widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def clear(cell):
    """A new cell holds one empty paragraph; drop it so the cell holds only what we add."""
    for paragraph in list(cell.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def header_block(doc) -> None:
    """Issuing body and number at the left; national name, motto, place and date at the right."""
    table = doc.add_table(rows=2, cols=2)
    no_borders(table)
    left_w, right_w = 63, BODY_WIDTH_MM - 63
    set_widths(table, [left_w, right_w])
    center = WD_ALIGN_PARAGRAPH.CENTER
    cell = clear(table.cell(0, 0))
    para(cell, "{{ issuing_body }}", bold=True, size=12, align=center, after=0)
    short_rule(cell, 2.0, 2.0)
    cell = clear(table.cell(0, 1))
    para(cell, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=center, after=0)
    para(cell, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=center, after=0, underline=True)
    cell = clear(table.cell(1, 0))
    para(cell, "{{ number }}", size=13, align=center, before=6, after=0)
    cell = clear(table.cell(1, 1))
    para(cell, "{{ place_date }}", italic=True, size=13, align=center, before=6, after=0)


def covenant(path: Path) -> None:
    doc = new_document()
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    header_block(doc)
    para(doc, "{%p if draft_mark %}", after=0)
    para(doc, "{{ draft_mark }}", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{{ heading }}", bold=True, size=14, align=center, before=12, after=0)
    para(doc, "{{ subtitle }}", bold=True, size=14, align=center, after=0)
    short_rule(doc, 6.5, 6.5)
    para(doc, "", after=6)
    para(doc, "{%p for para in preamble_paragraphs %}", after=0)
    para(doc, "{{ para }}", italic=True, align=justify, indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{{ intro }}", align=justify, indent=True)
    para(doc, "{%p for item in items %}", after=0)
    para(doc, "{{ item.number }}. {{ item.text }}", align=justify, indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{{ closing }}", align=justify, indent=True)
    para(doc, "{{ signatures_heading }}", bold=True, align=center, before=12)

    # One pass of the loop writes two rows: unit and title, then the room to sign, the name and the date, so
    # that the names of a row line up whatever the length of the titles above them.
    table = doc.add_table(rows=4, cols=2)
    no_borders(table)
    half = BODY_WIDTH_MM / 2
    set_widths(table, [half, half])
    clear(table.cell(0, 0))
    para(table.cell(0, 0), "{%tr for row in signature_rows %}", after=0)
    clear(table.cell(3, 0))
    para(table.cell(3, 0), "{%tr endfor %}", after=0)
    for col, side in ((0, "left"), (1, "right")):

        def tag(name, side=side):
            return "{{ row." + side + "." + name + " }}"

        cell = clear(table.cell(1, col))
        for name in ("unit", "title"):
            para(cell, tag(name), bold=True, align=center, after=0).paragraph_format.keep_with_next = True
        cell = clear(table.cell(2, col))
        para(cell, tag("note"), italic=True, size=12, align=center, before=18, after=36)
        para(cell, tag("name"), bold=True, size=14, align=center, after=0)
        para(cell, tag("date"), italic=True, size=12, align=center, after=12)
    for row in (1, 2):  # a signature block is never split over two pages
        table.rows[row]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))

    para(doc, "Nơi nhận:", bold=True, italic=True, size=12, before=12, after=0)
    para(doc, "{%p for r in recipients %}", after=0)
    para(doc, "- {{ r }}", size=11, after=0)
    para(doc, "{%p endfor %}", after=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = "Giao ước thi đua (mẫu)"
    doc.core_properties.author = "ThiĐua"
    doc.save(str(path))


def main() -> None:
    target = ROOT / "src" / "thidua" / "movements" / "docx" / "covenant.docx"
    covenant(target)
    print(f"Đã tạo {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
