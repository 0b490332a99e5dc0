"""Numbers and dates the Vietnamese way: 1.003 ; 89,4 ; 05/06/2025. One place, used by pages, Excel and
documents, so a figure reads the same everywhere; and one place that reads a number a user typed
(`parse_number`), used by every form, the scoring domain and the Excel importers."""

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Context, Decimal

from django.utils.translation import gettext

DATE_INPUT_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def format_number(value, decimals: int | None = None) -> str:
    """1003 → "1.003"; 89.4 with 1 decimal → "89,4"; None → ""."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else max(0, -number.as_tuple().exponent)
    quantum = Decimal(1).scaleb(-decimals)
    # enough precision for any finite number (a figure stored out of range may be 10³⁰ and more)
    context = Context(prec=max(28, number.adjusted() + decimals + 2)) if number.is_finite() else None
    number = number.quantize(quantum, rounding=ROUND_HALF_UP, context=context)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = sign + ".".join(groups)
    return f"{text},{fraction}" if fraction else text


def format_percent(value, decimals: int = 1) -> str:
    """89.4 → "89,4%"."""
    return "" if value is None else format_number(value, decimals) + "%"


def progress(done: int, total: int) -> dict:
    """"7/7 (100%)": the figures and the share written the Vietnamese way (one decimal when not whole)."""
    if not total:
        return {"done": done, "total": total, "percent": "", "complete": False}
    share = (Decimal(done) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if share == share.to_integral_value():
        share = share.to_integral_value()
    return {"done": done, "total": total, "percent": format_number(share) + "%", "complete": done >= total}


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_date(value) -> dt.date:
    """Read a date as an office writes it: "05/06/2025" is 5 June 2025. Excel cells may already hold a date.

    Raises ValueError with a Vietnamese message when the text is not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(gettext("“%(text)s” không phải ngày hợp lệ (nhập theo dạng ngày/tháng/năm, ví dụ 05/06/2025)")
                     % {"text": text})


# ---- numbers typed by users ---------------------------------------------------------------------------------

NUMBER_MAX_LENGTH = 40
# Spaces an office may type or paste between groups of thousands: space, no-break, narrow no-break, figure, thin.
_SPACES = re.compile("[ \u00a0\u202f\u2007\u2009]")
_NUMBER = re.compile(r"""
    (?P<sign>[-+\u2212])?                   # -2 (also the typographic minus sign)
    (?P<integer>[0-9]+                      # 1003
      | [1-9][0-9]{0,2}(?:\.[0-9]{3})+      # 1.003   12.345.678
      | [1-9][0-9]{0,2}(?:\ [0-9]{3})+)     # 1 003   12 345 678
    (?:,(?P<fraction>[0-9]+))?              # ,5
    """, re.VERBOSE)
_DIGITS_AND_MARKS = re.compile(r"[-+\u2212]?[0-9., ]*[0-9][0-9., ]*")


class NumberError(ValueError):
    """A typed number that cannot be read; str() is the message for the user, in the active language."""


def _shown(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "…"


def parse_number(text, *, decimals_allowed: bool = True) -> Decimal:
    """Read a number as an office writes it: `.` between thousands, `,` before the decimals.

    "1.003" → 1003; "1,5" → 1.5; "1.003,5" → 1003.5; "12.345.678" and "12 345 678" → 12345678; "-2" → -2.
    Refused, with a message saying how to write it (NumberError): "1.5", "1.00", "0.500" and "1,234.5" (a decimal
    point: never read as fifteen, nor as one and a half), "1,2,3", "1e5", "NaN", "inf", an empty text, more than
    NUMBER_MAX_LENGTH characters, and with `decimals_allowed=False` anything with decimals ("1,5", "1,0").
    Numbers that are not text (an int, a Decimal, an Excel cell holding a float) are taken as they are, once
    checked to be finite (and whole when decimals are not allowed)."""
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        number = Decimal(str(text)) if isinstance(text, float) else Decimal(text)
        if not number.is_finite():
            raise NumberError(_not_a_number(str(text), decimals_allowed))
        if not decimals_allowed and number != number.to_integral_value():
            raise NumberError(_not_whole(format_number(number)))
        return number
    raw = str(text if text is not None else "")
    typed = _SPACES.sub(" ", raw).strip()
    if not typed:
        raise NumberError(gettext("Chưa nhập số."))
    if len(typed) > NUMBER_MAX_LENGTH:
        raise NumberError(gettext("Số nhập vào quá dài (tối đa %(max)s ký tự).") % {"max": NUMBER_MAX_LENGTH})
    match = _NUMBER.fullmatch(typed)
    if match is None:
        if _DIGITS_AND_MARKS.fullmatch(typed) and typed.rfind(",") < typed.rfind("."):
            # "1.5", "1.00", "0.500", "1,234.5": a decimal point, as an English keyboard writes it.
            if not decimals_allowed:
                raise NumberError(_not_whole(typed))
            raise NumberError(gettext("Số “%(value)s” không hợp lệ: viết phần thập phân sau dấu phẩy, ví dụ 1,5 "
                                      "(không viết 1.5).") % {"value": _shown(typed)})
        raise NumberError(_not_a_number(typed, decimals_allowed))
    if match["fraction"] is not None and not decimals_allowed:
        raise NumberError(_not_whole(typed))
    digits = re.sub(r"[. ]", "", match["integer"])
    sign = "-" if match["sign"] in ("-", "\u2212") else ""
    number = Decimal(f"{sign}{digits}.{match['fraction']}" if match["fraction"] else f"{sign}{digits}")
    return number.copy_abs() if number.is_zero() else number


def _not_a_number(typed: str, decimals_allowed: bool = True) -> str:
    if not decimals_allowed:  # where only a whole number is asked, never suggest a decimal ("1,5" is refused)
        return (gettext("“%(value)s” không phải là số nguyên (dấu chấm phân cách hàng nghìn, ví dụ 1.003).")
                % {"value": _shown(typed)})
    return (gettext("“%(value)s” không phải là số (dấu chấm phân cách hàng nghìn, dấu phẩy trước phần thập phân, "
                    "ví dụ 1.003 hoặc 1,5).") % {"value": _shown(typed)})


def _not_whole(typed: str) -> str:
    return (gettext("“%(value)s” không phải là số nguyên (dấu chấm chỉ dùng để phân cách hàng nghìn, ví dụ 1.003).")
            % {"value": _shown(typed)})
