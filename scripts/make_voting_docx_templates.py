"""Generate the .docx templates of the voting minutes (docxtpl tags) in the layout of Nghị định 30/2020/NĐ-CP,
with the page set-up and header helpers of scripts/make_docx_templates.py. Staff may edit the generated files
in Word or LibreOffice, keeping the tags; run this again only to start over from the default layout:

    .venv/bin/python scripts/make_voting_docx_templates.py

Writes src/thidua/voting/docx/minutes_count.docx (biên bản kiểm phiếu) and minutes_review.docx (biên bản họp
bình xét). The contexts are built by thidua.voting.documents."""

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_docx_templates import (  # noqa: E402
    BODY_WIDTH_MM,
    ROOT,
    clear,
    header_block,
    new_document,
    no_borders,
    para,
    set_widths,
    short_rule,
)

CENTER, JUSTIFY, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.RIGHT
TARGET = ROOT / "src" / "thidua" / "voting" / "docx"


def _borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            element.set(qn(key), value)
        borders.append(element)
    tbl_pr.append(borders)


def data_table(doc, headers: list[str], cells: list[str], widths: list[float], loop: str) -> None:
    """A bordered table: a header row, then one row repeated by `{%tr for … %}`."""
    table = doc.add_table(rows=4, cols=len(headers))
    _borders(table)
    set_widths(table, widths)
    for col, header in enumerate(headers):
        para(clear(table.cell(0, col)), header, bold=True, size=11, align=CENTER, after=0)
    para(clear(table.cell(1, 0)), "{%tr " + loop + " %}", size=2, after=0)
    for col, text in enumerate(cells):
        align = RIGHT if text.endswith(("votes }}", "percent }}", "final }}")) else None
        para(clear(table.cell(2, col)), text, size=11, align=align, after=0)
    para(clear(table.cell(3, 0)), "{%tr endfor %}", size=2, after=0)


def heading(doc) -> None:
    header_block(doc)
    para(doc, "{%p if draft_mark %}", after=0)
    para(doc, "{{ draft_mark }}", bold=True, size=12, align=RIGHT)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{{ heading }}", bold=True, size=14, align=CENTER, before=12, after=0)
    para(doc, "{{ subtitle }}", bold=True, size=14, align=CENTER, after=0)
    short_rule(doc, 6.5, 6.5)
    para(doc, "", after=6)


def signatures(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    half = BODY_WIDTH_MM / 2
    set_widths(table, [half, half])
    for col in range(2):
        cell = clear(table.cell(0, col))
        para(cell, "{{ signatures[" + str(col) + "].title }}", bold=True, size=12, align=CENTER, after=0)
        para(cell, "{%p if signatures[" + str(col) + "].subtitle %}", after=0)
        para(cell, "{{ signatures[" + str(col) + "].subtitle }}", bold=True, size=12, align=CENTER, after=0)
        para(cell, "{%p endif %}", after=0)
        para(cell, "{%p if signatures[" + str(col) + "].unit %}", after=0)
        para(cell, "{{ signatures[" + str(col) + "].unit }}", bold=True, size=12, align=CENTER, after=0)
        para(cell, "{%p endif %}", after=0)
        para(cell, "{{ signatures[" + str(col) + "].note }}", italic=True, size=12, align=CENTER, after=60)


def minutes_count(path: Path) -> None:
    doc = new_document()
    heading(doc)
    para(doc, "{{ intro }}", align=JUSTIFY, indent=True)
    para(doc, "{%p if regulation %}", after=0)
    para(doc, "Căn cứ: {{ regulation }}.", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    para(doc, "Nguyên tắc kiểm phiếu: {{ rule }}", align=JUSTIFY, indent=True)
    para(doc, "Tổng số {{ who }} được bỏ phiếu: {{ electorate }}.", align=JUSTIFY, indent=True)
    para(doc, "{%p for r in rounds %}", after=0)
    para(doc, "{%p if several_rounds %}", after=0)
    para(doc, "Vòng {{ r.number }}", bold=True)
    para(doc, "{%p endif %}", after=0)
    para(doc, "Số phiếu phát ra: {{ r.issued }}; số người, đơn vị đã bỏ phiếu: {{ r.voted }} (bỏ phiếu điện tử: "
              "{{ r.electronic }}; phiếu giấy: {{ r.paper }}; ý kiến bằng văn bản của người vắng mặt: "
              "{{ r.written }}).", align=JUSTIFY, indent=True)
    para(doc, "Số phiếu thu về: {{ r.returned }}; số phiếu hợp lệ: {{ r.valid }}; số phiếu không hợp lệ: "
              "{{ r.invalid }}.", align=JUSTIFY, indent=True)
    para(doc, "{%p for q in r.questions %}", after=0)
    para(doc, "{{ loop.index }}. {{ q.title }}{% if q.award_label %} ({{ q.award_label }}){% endif %}", bold=True,
         before=6)
    para(doc, "Chỉ tiêu: {{ q.seats }}; mỗi phiếu chọn tối đa {{ q.max_choices }}. Phiếu thu về: {{ q.cast }}; "
              "hợp lệ: {{ q.valid }}; không hợp lệ: {{ q.invalid }}. {{ q.base_word }}.", size=12)
    para(doc, "{{ q.threshold }}", size=12)
    data_table(doc, ["STT", "Người, đơn vị", "Số phiếu", "Tỷ lệ (%)", "Kết quả", "Lý do"],
               ["{{ row.number }}", "{{ row.label }}", "{{ row.votes }}", "{{ row.percent }}", "{{ row.outcome }}",
                "{{ row.reason }}"], [10, 50, 17, 17, 22, BODY_WIDTH_MM - 116], "for row in q.rows")
    para(doc, "{%p if q.leaders %}", after=0)
    para(doc, "{{ leaders_label }} quyết định: {{ q.leaders }}", size=12)
    para(doc, "{%p endif %}", after=0)
    para(doc, "Kết quả: {% if q.winners %}{{ q.winners|join('; ') }}{% else %}chưa có người, đơn vị nào đạt"
              "{% endif %}.", size=12)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{{ closing }}", align=JUSTIFY, indent=True, before=6)
    signatures(doc)
    para(doc, "{{ generated_note }}", italic=True, size=10)
    doc.core_properties.title = "Biên bản kiểm phiếu (mẫu)"
    doc.core_properties.author = "ThiĐua"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def minutes_review(path: Path) -> None:
    doc = new_document()
    heading(doc)
    para(doc, "{{ opening }}", align=JUSTIFY, indent=True)
    para(doc, "{%p if chairs %}", after=0)
    para(doc, "Chủ trì: {{ chairs|join('; ') }}.", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{%p if members %}", after=0)
    para(doc, "Thành phần: {{ members_count }} đơn vị thành viên của {{ cluster_name }}: {{ members|join('; ') }}."
              "{% if head %} {{ head_unit_label }}: {{ head }}{% if deputy %}; {{ deputy_unit_label }}: "
              "{{ deputy }}{% endif %}.{% endif %}", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{%p if ranking %}", after=0)
    para(doc, "I. Kết quả chấm điểm, xếp hạng thi đua năm {{ year }}", bold=True, before=6)
    data_table(doc, ["Hạng", "Đơn vị", "Điểm", "Xếp loại"],
               ["{{ r.rank }}", "{{ r.unit }}", "{{ r.final }}", "{{ r.band }}"],
               [14, BODY_WIDTH_MM - 14 - 22 - 30, 22, 30], "for r in ranking")
    para(doc, "{%p endif %}", after=0)
    para(doc, "{% if ranking %}II{% else %}I{% endif %}. Kết quả bỏ phiếu kín", bold=True, before=6)
    para(doc, "{%p for v in votes %}", after=0)
    para(doc, "{{ v.title }}. {{ v.rule }}", align=JUSTIFY, indent=True)
    para(doc, "{%p for q in v.questions %}", after=0)
    para(doc, "{{ loop.index }}. {{ q.title }}{% if q.round > 1 %} (vòng {{ q.round }}){% endif %}: {{ q.electorate }} "
              "người, đơn vị được bỏ phiếu; thu về {{ q.cast }} phiếu, hợp lệ {{ q.valid }}.", size=12, before=4)
    para(doc, "{{ q.threshold }}", size=12)
    data_table(doc, ["STT", "Người, đơn vị", "Số phiếu", "Tỷ lệ (%)", "Kết quả"],
               ["{{ row.number }}", "{{ row.label }}", "{{ row.votes }}", "{{ row.percent }}", "{{ row.outcome }}"],
               [12, BODY_WIDTH_MM - 12 - 18 - 18 - 26, 18, 18, 26], "for row in q.rows")
    para(doc, "{%p if q.leaders %}", after=0)
    para(doc, "{{ leaders_label }} quyết định: {{ q.leaders }}", size=12)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{% if ranking %}III{% else %}II{% endif %}. Kết luận", bold=True, before=6)
    para(doc, "{%p if nominations %}", after=0)
    para(doc, "Thống nhất đề nghị khen thưởng:", align=JUSTIFY, indent=True)
    para(doc, "{%p for n in nominations %}", after=0)
    para(doc, "- {{ n.subject }}: {{ n.award }}{% if n.votes %} ({{ n.votes }}){% endif %}.", align=JUSTIFY,
         indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{%p else %}", after=0)
    para(doc, "Chưa có đề nghị khen thưởng.", align=JUSTIFY, indent=True)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{%p for e in elected %}", after=0)
    para(doc, "- {{ e }}.", align=JUSTIFY, indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "Biên bản được thông qua tại cuộc họp, kèm theo biên bản kiểm phiếu.", align=JUSTIFY, indent=True)
    signatures(doc)
    para(doc, "{{ generated_note }}", italic=True, size=10)
    doc.core_properties.title = "Biên bản họp bình xét thi đua (mẫu)"
    doc.core_properties.author = "ThiĐua"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def main() -> None:
    for name, build in (("minutes_count.docx", minutes_count), ("minutes_review.docx", minutes_review)):
        target = TARGET / name
        build(target)
        print(f"Đã tạo {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
