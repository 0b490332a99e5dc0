"""Vietnamese text: accent-free search text and a sort key that orders the same on SQLite and PostgreSQL.

SQLite compares strings by code point and folds case only for ASCII; PostgreSQL compares with the
database's collation, which may ignore spaces and punctuation. So names are stored beside two derived
columns: `search_text` (lower case, no accents, đ → d) for search, and `sort_key` for ordering. The sort
key uses only the characters 0-9 in fixed-width codes, which every collation orders alike. Numbers inside a
name sort by their value ("Cụm số 2" before "Cụm số 10"): a run of digits is written as its length, then its
digits (leading zeros dropped).
"""

import re
import unicodedata
from functools import lru_cache

# The Vietnamese alphabet inside the Latin one: a ă â b c d đ e ê … o ô ơ … u ư … z.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {ch: f"{20 + i:02d}" for i, ch in enumerate(_ALPHABET)}
_DIGIT_CODE = {str(d): f"{d + 1:02d}" for d in range(10)}
_SEPARATOR = "00"
_OTHER = "99"
# A number's length code: two digits below the letters' codes (a number sorts before a word, as a digit did);
# a number of more than _LONGEST_NUMBER digits compares by its first digits after the longest length.
_LONGEST_NUMBER = 19
# Tones in dictionary order: none, huyền (grave), sắc (acute), hỏi (hook), ngã (tilde), nặng (dot below).
_TONE_MARKS = {"\u0300": "1", "\u0301": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
# Marks that make a distinct letter rather than a tone.
_LETTER_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
                 ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
SORT_KEY_LENGTH = 240

_SPACES = re.compile(r"\s+")


def _decompose(char: str) -> tuple[str, str]:
    """Split one character into its Vietnamese letter and its tone digit ('0' for none)."""
    if char == "đ":
        return "đ", "0"
    parts = unicodedata.normalize("NFD", char)
    base, tone = parts[0], "0"
    for mark in parts[1:]:
        if mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
        else:
            base = _LETTER_MARKS.get((base, mark), base)
    return base, tone


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, accents removed, đ → d, spaces collapsed: "Đà Nẵng" → "da nang"."""
    text = _SPACES.sub(" ", (text or "").strip().lower()).replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_text(*parts: str | None) -> str:
    """The accent-free text a record is found by; several names (full and short) joined by ' | '."""
    return " | ".join(fold(p) for p in parts if p)


def _number_code(digits: str) -> str:
    """A run of digits as its length, then its digits: "2" → 01 03, "10" → 02 02 01, so 2 < 10; "007" = "7"."""
    digits = digits.lstrip("0") or "0"
    return f"{min(len(digits), _LONGEST_NUMBER):02d}" + "".join(_DIGIT_CODE[d] for d in digits)


@lru_cache(maxsize=200_000)
def sort_key(text: str) -> str:
    """A key that orders Vietnamese text by letters first (a < ă < â < … d < đ), then by tones; numbers by value."""
    letters, tones = [], []
    previous_was_gap = True
    number = ""
    for char in _SPACES.sub(" ", (text or "").strip().lower()) + " ":
        base, tone = _decompose(char)
        if base in _DIGIT_CODE:
            number += base
            previous_was_gap = False
            continue
        if number:
            letters.append(_number_code(number))
            number = ""
        if base in _LETTER_CODE:
            letters.append(_LETTER_CODE[base])
            tones.append(tone)
            previous_was_gap = False
        elif base.isalpha():
            letters.append(_OTHER)
            previous_was_gap = False
        elif not previous_was_gap:  # spaces and punctuation separate words; runs count once
            letters.append(_SEPARATOR)
            previous_was_gap = True
    if letters and letters[-1] == _SEPARATOR:
        letters.pop()
    return ("".join(letters) + _SEPARATOR + "".join(tones))[:SORT_KEY_LENGTH]


def search_terms(query: str) -> list[str]:
    """The words of a query, folded: "Nội chính  Lạng Sơn" → ["noi", "chinh", "lang", "son"]."""
    return [w for w in fold(query).split(" ") if w]


# The apostrophe of names such as H'Hen Niê, Ksor H'Bia is typed ' on a computer and ’ (or ‘, ʼ) on a phone or
# in Word, and names are kept as they were typed or imported.
APOSTROPHES = "'\u2019\u2018\u02bc"
_APOSTROPHE = re.compile(f"[{APOSTROPHES}]")


def spellings(term: str) -> list[str]:
    """A search word as each apostrophe may have been written: "h'hen" → ["h'hen", "h’hen", "h‘hen", "hʼhen"];
    a word without one is itself."""
    if not _APOSTROPHE.search(term):
        return [term]
    return list(dict.fromkeys(_APOSTROPHE.sub(mark, term) for mark in APOSTROPHES))


# Direction overrides and isolates (U+202A–202E, U+2066–2069) and marks (U+200E/200F, U+061C) can make a text
# read differently from what it holds.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def clean_input(value: str, *, multiline: bool = False) -> str:
    """Text typed by anyone (every text box of every form, through `core.forms.style_fields`, and public comments):
    NFC (one code point per Vietnamese letter whatever the keyboard sent), control and direction-override
    characters removed, line breaks kept only when `multiline` (as \\n), spaces trimmed."""
    value = unicodedata.normalize("NFC", (value or "").replace("\r\n", "\n").replace("\r", "\n"))
    kept = []
    for char in value:
        if char == "\n" and multiline:
            kept.append(char)
        elif char in "\t\n":
            kept.append(" ")
        elif unicodedata.category(char) != "Cc" and char not in _BIDI_CONTROLS:
            kept.append(char)
    lines = [line.strip() for line in "".join(kept).split("\n")]
    return "\n".join(lines).strip("\n") if multiline else _SPACES.sub(" ", lines[0])


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def new_code(name: str, taken, max_length: int = 60) -> str:
    """A record's code made from its name, accent-free ("Khối thi đua Nội chính" → "khoi-thi-dua-noi-chinh"),
    with -2, -3 … when `taken(code)` says it is used already."""
    base = _NOT_SLUG.sub("-", fold(name)).strip("-")[: max_length - 4].strip("-") or "ma"
    code, n = base, 1
    while taken(code):
        n += 1
        code = f"{base}-{n}"
    return code


def same_name(records, name: str):
    """The record of a query (of named records: sort_key, name) whose name is `name` but for case and spaces
    (SQLite's LIKE folds ASCII letters only, so the sort key finds the candidates), or None."""
    wanted = _SPACES.sub(" ", (name or "").strip()).lower()
    for record in records.filter(sort_key=sort_key(wanted)):
        if _SPACES.sub(" ", record.name.strip()).lower() == wanted:
            return record
    return None
