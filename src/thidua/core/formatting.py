"""Numbers and dates the Vietnamese way: 1.003 ; 89,4 ; 05/06/2025. One place, used by pages, Excel and
documents, so a figure reads the same everywhere."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

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
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
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
