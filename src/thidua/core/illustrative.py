"""Illustrative records: what the demo generated or completed where a report gives no fact is marked so in the
record's own text (a note, a description, a preamble that says "Minh họa: …" or "dữ liệu minh họa"). Pages show
the mark as a banner; an official paper never prints it in its body — it goes to the paper's mark and its footer
note, as a draft's "DỰ THẢO" does."""

from collections.abc import Iterable

from thidua.core.text import fold

MARK = "minh hoa"  # folded: "Minh họa", "minh họa", "MINH HỌA"
PAPER_MARK = "MINH HỌA"


def is_illustrative(value: str | None) -> bool:
    """Whether a record's text marks it illustrative."""
    return bool(value) and MARK in fold(value or "")


def notes(values: Iterable[str | None]) -> list[str]:
    """The distinct illustrative notes among `values`, in their first order (for a page's banner)."""
    seen: dict[str, None] = {}
    for value in values:
        if is_illustrative(value):
            seen.setdefault((value or "").strip(), None)
    return list(seen)


def split_paragraphs(paragraphs: Iterable[str]) -> tuple[list[str], list[str]]:
    """(the paragraphs of a paper's body, the illustrative notes taken out of it)."""
    body, taken = [], []
    for paragraph in paragraphs:
        (taken if is_illustrative(paragraph) else body).append(paragraph)
    return body, taken


def split_text(value: str | None) -> tuple[str, list[str]]:
    """A reference such as "Thang điểm 100 — Minh họa: báo cáo không nêu chi tiết này.": the part a paper may
    print ("Thang điểm 100") and the illustrative notes taken out of it."""
    parts = [p.strip() for p in (value or "").split(" — ") if p.strip()]
    body, taken = split_paragraphs(parts)
    return " — ".join(body), taken


def paper_mark(draft_mark: str, illustrative: bool) -> str:
    """The mark at the head of a paper: "DỰ THẢO", "MINH HỌA" or both."""
    marks = [m for m in (draft_mark, PAPER_MARK if illustrative else "") if m]
    return " · ".join(marks)


def footer_note(taken: list[str]) -> str:
    """The footer of an illustrative paper: what is illustrative, outside the paper's body."""
    if not taken:
        return ""
    return "Dữ liệu minh họa của bản trình diễn, không phải văn bản thật: " + " ".join(taken)
