"""Generate the .docx templates of a proposal's papers (docxtpl tags) in the layout of Nghị định 30/2020/NĐ-CP,
with the building blocks of scripts/make_docx_templates.py. Staff may edit the generated files in Word or
LibreOffice, keeping the tags; run this again only to start over from the default layout:

    .venv/bin/python scripts/make_dossier_docx.py

Writes src/thidua/dossiers/docx/{proposal,nominees,nominees_votes,decision}.docx."""

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.shared import Pt
from make_docx_templates import (
    BODY_WIDTH_MM,
    ROOT,
    clear,
    new_document,
    no_borders,
    para,
    set_widths,
    short_rule,
)

CENTER, JUSTIFY, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.RIGHT
TARGET = ROOT / "src" / "thidua" / "dossiers" / "docx"


def header(doc) -> None:
    """Parent body and issuing body with the number at the left; the national motto, place and date at the right."""
    table = doc.add_table(rows=2, cols=2)
    no_borders(table)
    set_widths(table, [70, BODY_WIDTH_MM - 70])
    cell = clear(table.cell(0, 0))
    para(cell, "{%p if parent_body %}", after=0)
    para(cell, "{{ parent_body }}", size=12, align=CENTER, after=0)
    para(cell, "{%p endif %}", after=0)
    para(cell, "{{ issuing_body }}", bold=True, size=12, align=CENTER, after=0)
    short_rule(cell, 2.2, 2.2)
    cell = clear(table.cell(0, 1))
    para(cell, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=CENTER, after=0)
    para(cell, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=CENTER, after=0, underline=True)
    cell = clear(table.cell(1, 0))
    para(cell, "{{ number }}", size=13, align=CENTER, before=6, after=0)
    cell = clear(table.cell(1, 1))
    para(cell, "{{ place_date }}", italic=True, size=13, align=CENTER, before=6, after=0)
    para(doc, "{%p if draft_mark %}", after=0)
    para(doc, "{{ draft_mark }}", bold=True, size=12, align=RIGHT)
    para(doc, "{%p endif %}", after=0)


def title(doc, heading="{{ heading }}", subtitle="{{ subtitle }}", attached=None) -> None:
    para(doc, heading, bold=True, size=14, align=CENTER, before=12, after=0)
    para(doc, subtitle, bold=True, size=14, align=CENTER, after=0)
    if attached:
        para(doc, attached, italic=True, size=13, align=CENTER, after=0)
    short_rule(doc, 6.0, 6.0)
    para(doc, "", after=6)


def data_table(doc, headers: list[str], widths: list[float], rows: list[list[str]]):
    """A bordered table: the header row, then rows of cells (tags such as {%tr for %} take a whole row)."""
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    set_widths(table, widths)
    for i, text in enumerate(headers):
        cell = clear(table.cell(0, i))
        para(cell, text, bold=True, size=12, align=CENTER, after=0)
    for r, values in enumerate(rows, start=1):
        for c, text in enumerate(values):
            cell = clear(table.cell(r, c))
            bold = text.startswith("**")
            text = text.removeprefix("**")
            align = RIGHT if "total" in text or "cash" in text else (CENTER if c == 0 else None)
            para(cell, text, size=12, bold=bold, align=align, after=0)
    # The header row repeats on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    return table


def closing(doc, with_recipients=True) -> None:
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    set_widths(table, [80, BODY_WIDTH_MM - 80])
    cell = clear(table.cell(0, 0))
    if with_recipients:
        para(cell, "Nơi nhận:", bold=True, italic=True, size=12, before=12, after=0)
        para(cell, "{%p for r in recipients %}", after=0)
        para(cell, "- {{ r }}", size=11, after=0)
        para(cell, "{%p endfor %}", after=0)
    else:
        para(cell, "", after=0)
    cell = clear(table.cell(0, 1))
    para(cell, "", after=0)
    para(cell, "{%p if signer_on_behalf %}", after=0)
    para(cell, "{{ signer_on_behalf }}", bold=True, size=13, align=CENTER, after=0)
    para(cell, "{%p endif %}", after=0)
    para(cell, "{{ signer_title }}", bold=True, size=13, align=CENTER, after=0)
    para(cell, "", after=0).paragraph_format.space_after = Pt(60)
    para(cell, "{{ signer_name }}", bold=True, size=14, align=CENTER, after=0)


def nominee_table(doc, with_achievement: bool, with_votes: bool = False) -> None:
    """The list of nominees; `with_votes`: a column with the cluster's vote on each (a proposal made from a
    ballot's results)."""
    headers = ["STT", "Họ và tên / Tên tập thể", "Chức vụ, đơn vị công tác"]
    widths = [10, 38, 42] if with_achievement else [10, 48, BODY_WIDTH_MM - 10 - 48 - 28]
    row = ["{{ r.number }}", "{{ r.name }}", "{{ r.position }}"]
    cash = 28
    if with_votes:
        widths, cash = [10, 34, 34], 23
    if with_achievement:
        headers.append("Tóm tắt thành tích")
        widths.append(BODY_WIDTH_MM - sum(widths) - cash - (34 if with_votes else 0))
        row.append("{{ r.achievement }}")
    if with_votes:
        headers.append("Kết quả bỏ phiếu bình xét")
        widths.append(34)
        row.append("{{ r.vote }}")
    headers.append("Mức tiền thưởng (đồng)")
    widths.append(cash)
    row.append("{{ r.cash }}")
    blank = [""] * (len(headers) - 2)
    data_table(doc, headers, widths, [
        ["{%tr for g in groups %}"] + [""] * (len(headers) - 1),
        ["**{{ g.roman }}", "**{{ g.award_upper }} ({{ g.who }})"] + blank,
        ["", "{{ g.rate_text and ('Mức thưởng mỗi ' + g.rate_text) or '' }}"] + blank,
        ["{%tr for r in g.rows %}"] + [""] * (len(headers) - 1),
        row,
        ["{%tr endfor %}"] + [""] * (len(headers) - 1),
        ["{%tr endfor %}"] + [""] * (len(headers) - 1),
        ["", "**Tổng cộng: {{ who }}"] + [""] * (len(headers) - 3) + ["**{{ total }}"],
    ])
    para(doc, "{%p if total_words %}", after=0)
    para(doc, "Tổng số tiền thưởng: {{ total }} đồng ({{ total_words }}).", italic=True, align=JUSTIFY, indent=True,
         before=6)
    para(doc, "{%p endif %}", after=0)


def proposal(path: Path) -> None:
    doc = new_document()
    header(doc)
    title(doc)
    para(doc, "{{ to }}", align=CENTER, after=0)
    para(doc, "{%p if via %}", after=0)
    para(doc, "{{ via }}", align=CENTER, after=0)
    para(doc, "{%p endif %}", after=0)
    para(doc, "", after=6)
    para(doc, "{%p for b in bases %}", after=0)
    para(doc, "{{ b }}", italic=True, align=JUSTIFY, indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{{ intro }}", align=JUSTIFY, indent=True)
    data_table(doc, ["STT", "Danh hiệu, hình thức", "Số lượng", "Mức thưởng", "Thành tiền (đồng)"],
               [10, 50, 32, BODY_WIDTH_MM - 10 - 50 - 32 - 28, 28], [
                   ["{%tr for g in groups %}", "", "", "", ""],
                   ["{{ loop.index }}", "{{ g.award }}", "{{ g.who }}", "{{ g.rate_text }}", "{{ g.total }}"],
                   ["{%tr endfor %}", "", "", "", ""],
                   ["", "**Tổng cộng: {{ who }}", "", "", "**{{ total }}"],
               ])
    para(doc, "{%p if cash_note %}", after=0)
    para(doc, "{{ cash_note }}", align=JUSTIFY, indent=True, before=6)
    para(doc, "{%p endif %}", after=0)
    para(doc, "{{ closing }}", align=JUSTIFY, indent=True)
    closing(doc)
    save(doc, path, "Tờ trình đề nghị khen thưởng (mẫu)")


def nominees(path: Path) -> None:
    doc = new_document()
    header(doc)
    title(doc, attached="{{ attached_to }}")
    nominee_table(doc, with_achievement=True)
    closing(doc, with_recipients=False)
    save(doc, path, "Danh sách đề nghị khen thưởng (mẫu)")


def nominees_with_votes(path: Path) -> None:
    """The list of a cluster's proposal made from its ballot: each nominee with the vote that chose it."""
    doc = new_document()
    header(doc)
    title(doc, attached="{{ attached_to }}")
    nominee_table(doc, with_achievement=True, with_votes=True)
    para(doc, "{%p if vote_source %}", after=0)
    para(doc, "{{ vote_source }}", italic=True, align=JUSTIFY, indent=True, before=6)
    para(doc, "{%p endif %}", after=0)
    closing(doc, with_recipients=False)
    save(doc, path, "Danh sách đề nghị khen thưởng theo kết quả bỏ phiếu (mẫu)")


def decision(path: Path) -> None:
    doc = new_document()
    header(doc)
    title(doc)
    para(doc, "{{ authority }}", bold=True, align=CENTER, before=6)
    para(doc, "{%p for b in bases %}", after=0)
    para(doc, "{{ b }}", italic=True, align=JUSTIFY, indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "QUYẾT ĐỊNH:", bold=True, align=CENTER, before=6)
    para(doc, "Điều 1.", bold=True, indent=True)
    para(doc, "{%p for a in article1 %}", after=0)
    para(doc, "{{ a }}", align=JUSTIFY, indent=True)
    para(doc, "{%p endfor %}", after=0)
    p = para(doc, "", align=JUSTIFY, indent=True)
    p.add_run("Điều 2. ").bold = True
    p.add_run("{{ article2 }}")
    para(doc, "{%p for line in cash_lines %}", after=0)
    para(doc, "{{ line }}", align=JUSTIFY, indent=True)
    para(doc, "{%p endfor %}", after=0)
    para(doc, "{{ cash_total_line }}", align=JUSTIFY, indent=True)
    p = para(doc, "", align=JUSTIFY, indent=True)
    p.add_run("Điều 3. ").bold = True
    p.add_run("{{ article3 }}")
    closing(doc)
    breaker = para(doc, "", after=0)
    breaker.add_run().add_break(WD_BREAK.PAGE)
    title(doc, heading="{{ annex_heading }}", subtitle="{{ annex_subtitle }}", attached="{{ annex_ref }}")
    nominee_table(doc, with_achievement=False)
    save(doc, path, "Quyết định khen thưởng (mẫu)")


def save(doc, path: Path, name: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.core_properties.title = name
    doc.core_properties.author = "ThiĐua"
    doc.save(str(path))
    print(f"Đã tạo {path.relative_to(ROOT)}")


def main() -> None:
    proposal(TARGET / "proposal.docx")
    nominees(TARGET / "nominees.docx")
    nominees_with_votes(TARGET / "nominees_votes.docx")
    decision(TARGET / "decision.docx")


if __name__ == "__main__":
    main()
