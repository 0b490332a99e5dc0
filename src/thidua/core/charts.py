"""Charts drawn on the server as SVG: bars (grouped or stacked, upright or lying) and lines, from plain data.

No script draws them, so the strict CSP stands (no inline script, no inline style): the markup holds presentation
attributes only (x, y, width, height, points), every colour is a CSS class of `static/thidua/app.css`
(`chart-s0` … `chart-s7`, one a series; past eight lines, the ninth on are dashed, `chart-d1`, then dotted,
`chart-d2`, and so are their keys in the legend: 24 members' lines stay apart). Each chart has its <title> and <desc> (a screen reader reads them; the
page puts the same figures in a table beneath), axis ticks in the Vietnamese number format (1.003; 89,4), and
every mark carries its data — `data-series`, `data-label`, `data-value` (the figure as a plain number, 89.4) —
inside a link (<a href>) to the records behind it when there is one, so a test (or a curious officer) reads the
chart back. Names are escaped: a cluster called "A < B & “C”" draws as written.

    bar_chart("awards", ["2023", "2024"], [Series("Trung ương", [3, 5], links=[...])], title="…")
    line_chart("ranks", ["2023", "2024"], [Series("Công an tỉnh", [1, 2])], title="…", invert=True)

An empty chart (no category, no figure, or bars of nothing but zeros) is a small SVG saying so (`chart-empty`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from thidua.core.formatting import format_number

Number = int | float | Decimal
COLOURS = 8  # chart-s0 … chart-s7 in app.css
DASHES = 3  # chart-d0 (solid) … chart-d2 in app.css: the line of series j is chart-s{j % 8} chart-d{j // 8 % 3}


def line_style(j: int) -> str:
    """The classes of the line of series j: its colour, and past COLOURS series a dash pattern."""
    return f"chart-s{j % COLOURS} chart-d{j // COLOURS % DASHES}"
WIDTH = 720
EMPTY_WIDTH = 360
FONT_WIDTH = 6.6  # px of an average character at the charts' 12 px font: to fit and cut labels


@dataclass(frozen=True)
class Series:
    """One series: its name, a value per category (None: no figure) and, per category, the page of the records
    behind the value (None: no link)."""

    name: str
    values: Sequence[Number | None]
    links: Sequence[str | None] | None = None

    def link(self, index: int) -> str | None:
        return self.links[index] if self.links is not None and index < len(self.links) else None


def _esc(text) -> str:
    return escape(str(text), quote=True)


def plain(value: Number | None) -> str:
    """The figure as a machine reads it: 12, 89.4, "" for none (data-value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def _px(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _cut(text: str, width: float) -> str:
    """The text cut with "…" to about `width` px."""
    room = max(3, int(width / FONT_WIDTH))
    return text if len(text) <= room else text[:room - 1].rstrip() + "…"


def nice_ticks(low: float, high: float, count: int = 5, integer: bool = False) -> list[Decimal]:
    """Round ticks covering low…high (0 included): steps of 1, 2, 2.5 or 5 times a power of ten (2.5 where 2
    would give too many ticks and 5 too few; with `integer` a step below 1 becomes 1, and 2.5 becomes 3)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integer:
        step = max(1, math.ceil(step))
    start, end = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
    ticks, value = [], start
    while value <= end + step / 1000:
        ticks.append(Decimal(str(round(value, 10))).normalize())
        value += step
    return [t if t != t.to_integral_value() else Decimal(int(t)) for t in ticks]


def _open(chart_id: str, width: float, height: float, title: str, desc: str, kind: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" id="{_esc(chart_id)}" '
            f'viewBox="0 0 {_px(width)} {_px(height)}" width="{_px(width)}" height="{_px(height)}" role="img" '
            f'aria-labelledby="{_esc(chart_id)}-title {_esc(chart_id)}-desc" data-chart="{kind}">',
            f'<title id="{_esc(chart_id)}-title">{_esc(title)}</title>',
            f'<desc id="{_esc(chart_id)}-desc">{_esc(desc or title)}</desc>']


def empty_chart(chart_id: str, title: str, message: str | None = None) -> SafeString:
    message = message or _("Chưa có số liệu để vẽ biểu đồ.")
    # narrow, so that on a phone its words are drawn near their own size, not shrunk with a chart's 720 px
    parts = _open(chart_id, EMPTY_WIDTH, 60, title, message, "empty")
    parts.append(f'<text class="chart-empty" x="{EMPTY_WIDTH // 2}" y="34" text-anchor="middle">{_esc(message)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _legend(series: Sequence[Series], left: float, top: float, width: float, lines: bool = False
            ) -> tuple[list[str], float]:
    """The series' names with their colour (a line chart's: a stretch of the line, dashed as it is), wrapped in
    rows; returns the markup and its height."""
    if len(series) < 2:
        return [], 0.0
    parts, x, y = ['<g class="chart-legend">'], left, top
    for i, s in enumerate(series):
        name = _cut(s.name, 220)
        room = 12 + 6 + len(name) * FONT_WIDTH + 18
        if x > left and x + room > left + width:
            x, y = left, y + 18
        key = (f'<line class="chart-key-line chart-line {line_style(i)}" x1="{_px(x)}" y1="{_px(y + 6)}" '
               f'x2="{_px(x + 12)}" y2="{_px(y + 6)}"/>' if lines else
               f'<rect class="chart-key chart-s{i % COLOURS}" x="{_px(x)}" y="{_px(y)}" width="12" height="12"/>')
        parts.append(f'{key}<text class="chart-label" x="{_px(x + 18)}" y="{_px(y + 10)}">{_esc(name)}'
                     f'<title>{_esc(s.name)}</title></text>')
        x += room
    parts.append("</g>")
    return parts, y - top + 18


def _mark(element: str, attrs: str, s: Series, index: int, label: str, value: Number | None, shown: str,
          series_index: int) -> str:
    """One bar or point with its data and tooltip, inside a link to the records behind it when there is one."""
    tooltip = f"{label} — {s.name}: {shown}" if s.name else f"{label}: {shown}"
    kind = "chart-bar" if element == "rect" else "chart-point"
    mark = (f'<{element} class="chart-mark {kind} chart-s{series_index % COLOURS}" {attrs} data-series="{_esc(s.name)}" '
            f'data-label="{_esc(label)}" data-value="{plain(value)}"><title>{_esc(tooltip)}</title></{element}>')
    link = s.link(index)
    return f'<a href="{_esc(link)}">{mark}</a>' if link else mark


def _values(series: Sequence[Series]) -> list[float]:
    return [float(v) for s in series for v in s.values if v is not None]


def _bar_range(labels: list[str], series: Sequence[Series], stacked: bool) -> tuple[float, float]:
    """The lowest and highest figure the axis must show: of the stacks' ends when stacked."""
    if not stacked:
        values = _values(series)
        return min(values + [0.0]), max(values + [0.0])
    tops, bottoms = [0.0], [0.0]
    for i in range(len(labels)):
        figures = [float(s.values[i]) for s in series if i < len(s.values) and s.values[i] is not None]
        tops.append(sum(v for v in figures if v > 0))
        bottoms.append(sum(v for v in figures if v < 0))
    return min(bottoms), max(tops)


@dataclass
class _Frame:
    """Where a bar chart's plot lies: along the value axis from `start` to `end` px, the categories in bands of
    `band` px from `first`; `horizontal` when the bars lie."""

    horizontal: bool
    low: float
    high: float
    start: float
    end: float
    first: float
    band: float
    cross: float  # the other end of the grid lines (the plot's top, or its right)

    def at(self, value: float) -> float:
        share = (value - self.low) / ((self.high - self.low) or 1.0)
        return self.start + share * (self.end - self.start)


def _bar_frame(labels: list[str], per_group: int, horizontal: bool, low: float, high: float) -> tuple[_Frame, float]:
    """The frame and the height of the plot with its axis labels (the legend goes below)."""
    if horizontal:
        room = min(240.0, max(FONT_WIDTH * 6, max(len(label) for label in labels) * FONT_WIDTH + 8))
        band = max(22.0, 14.0 * per_group + 8)
        top = 8.0
        bottom = top + band * len(labels)
        return _Frame(True, low, high, room + 8, WIDTH - 24.0, top, band, bottom), bottom + 30
    top, bottom, left = 12.0, 232.0, 64.0
    return _Frame(False, low, high, bottom, top, left, (WIDTH - left - 12.0) / len(labels), WIDTH - 12.0), bottom + 40


def _grid(frame: _Frame, ticks: list[Decimal], axis_label: str) -> list[str]:
    parts = []
    for tick in ticks:
        v = frame.at(float(tick))
        shown = _esc(format_number(tick))
        if frame.horizontal:
            parts.append(f'<line class="chart-grid" x1="{_px(v)}" y1="{_px(frame.first)}" x2="{_px(v)}" '
                         f'y2="{_px(frame.cross)}"/><text class="chart-tick" x="{_px(v)}" '
                         f'y="{_px(frame.cross + 16)}" text-anchor="middle">{shown}</text>')
        else:
            parts.append(f'<line class="chart-grid" x1="{_px(frame.first)}" y1="{_px(v)}" x2="{_px(frame.cross)}" '
                         f'y2="{_px(v)}"/><text class="chart-tick" x="{_px(frame.first - 6)}" y="{_px(v + 4)}" '
                         f'text-anchor="end">{shown}</text>')
    if axis_label and frame.horizontal:
        parts.append(f'<text class="chart-axis-label" x="{_px((frame.start + frame.end) / 2)}" '
                     f'y="{_px(frame.cross + 32)}" text-anchor="middle">{_esc(axis_label)}</text>')
    elif axis_label:
        middle = _px((frame.start + frame.end) / 2)
        parts.append(f'<text class="chart-axis-label" x="12" y="{middle}" text-anchor="middle" '
                     f'transform="rotate(-90 12 {middle})">{_esc(axis_label)}</text>')
    return parts


def _bar_group(frame: _Frame, i: int, label: str, series: Sequence[Series], stacked: bool,
               value_format: Callable[[Number], str]) -> list[str]:
    """The bars of one category, side by side or stacked (positives up from 0, negatives down), and its label."""
    per_group = 1 if stacked else len(series)
    start = frame.first + frame.band * i
    inner = frame.band * (0.7 if per_group == 1 else 0.84)
    thickness = inner / per_group
    offset = start + (frame.band - inner) / 2
    parts, up, down = [], 0.0, 0.0
    for j, s in enumerate(series):
        value = s.values[i] if i < len(s.values) else None
        number = float(value) if value is not None else 0.0
        base, position = 0.0, offset + (0 if stacked else thickness * j)
        if stacked and number >= 0:
            base, up = up, up + number
        elif stacked:
            base, down = down, down + number
        a, b = frame.at(base), frame.at(base + number)
        if frame.horizontal:
            geometry = f'x="{_px(min(a, b))}" y="{_px(position)}" width="{_px(abs(b - a))}" height="{_px(thickness)}"'
        else:
            geometry = f'x="{_px(position)}" y="{_px(min(a, b))}" width="{_px(thickness)}" height="{_px(abs(b - a))}"'
        shown = value_format(value) if value is not None else "—"
        parts.append(_mark("rect", geometry, s, i, label, value, shown, j))
    if frame.horizontal:
        parts.append(f'<text class="chart-label" x="{_px(frame.start - 8)}" y="{_px(start + frame.band / 2 + 4)}" '
                     f'text-anchor="end">{_esc(_cut(label, frame.start - 12))}<title>{_esc(label)}</title></text>')
    else:
        parts.append(f'<text class="chart-label" x="{_px(start + frame.band / 2)}" y="{_px(frame.start + 16)}" '
                     f'text-anchor="middle">{_esc(_cut(label, frame.band - 4))}<title>{_esc(label)}</title></text>')
    return parts


def bar_chart(chart_id: str, labels: Sequence[str], series: Sequence[Series], *, title: str, desc: str = "",
              stacked: bool = False, horizontal: bool = False, integer: bool = True,
              value_format: Callable[[Number], str] = format_number, axis_label: str = "") -> SafeString:
    """Bars: one group per label, one bar per series side by side (or stacked); upright, or lying for many
    long labels (a cluster's name). Bars start at 0; a negative figure goes the other way."""
    labels = [str(label) for label in labels]
    if not labels or not any(_values(series)):  # nothing, or nothing but zeros: no bar to draw
        return empty_chart(chart_id, title)
    ticks = nice_ticks(*_bar_range(labels, series, stacked), integer=integer)
    frame, plot_bottom = _bar_frame(labels, 1 if stacked else len(series), horizontal, float(ticks[0]),
                                    float(ticks[-1]))
    legend_top = plot_bottom + (16 if axis_label and horizontal else 0)
    legend, legend_height = (_legend(series, 8, legend_top, WIDTH - 16) if horizontal
                             else _legend(series, frame.first, legend_top, frame.cross - frame.first))
    parts = _open(chart_id, WIDTH, legend_top + legend_height + 6, title, desc, "bar")
    parts += _grid(frame, ticks, axis_label)
    parts.append('<g class="chart-bars">')
    for i, label in enumerate(labels):
        parts += _bar_group(frame, i, label, series, stacked, value_format)
    parts.append("</g>")
    zero = _px(frame.at(0.0))
    if horizontal:
        parts.append(f'<line class="chart-axis" x1="{zero}" y1="{_px(frame.first)}" x2="{zero}" '
                     f'y2="{_px(frame.cross)}"/>')
    else:
        parts.append(f'<line class="chart-axis" x1="{_px(frame.first)}" y1="{zero}" x2="{_px(frame.cross)}" '
                     f'y2="{zero}"/>')
    parts.extend(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _rank_ticks(values: list[float]) -> list[Decimal]:
    """Ranks from 1 down to the largest, at most about eight ticks."""
    top_value = int(math.ceil(max(values)))
    step = max(1, math.ceil(top_value / 8))
    ticks = [Decimal(t) for t in range(1, top_value + 1, step)]
    if ticks[-1] < top_value:
        ticks.append(Decimal(ticks[-1] + step))
    return ticks if len(ticks) > 1 else [Decimal(1), Decimal(2)]


def _line(series: Series, j: int, labels: list[str], x_of: Callable[[int], float], y_of: Callable[[float], float],
          value_format: Callable[[Number], str]) -> list[str]:
    """One series: its lines (a missing figure breaks them) and its points."""
    colour = line_style(j)
    parts, points, run = [f'<g class="chart-series" data-series="{_esc(series.name)}">'], [], []
    for i, label in enumerate(labels):
        value = series.values[i] if i < len(series.values) else None
        if value is None:
            if len(run) > 1:
                parts.append(f'<polyline class="chart-line {colour}" points="{" ".join(run)}"/>')
            run = []
            continue
        x, y = x_of(i), y_of(float(value))
        run.append(f"{_px(x)},{_px(y)}")
        points.append(_mark("circle", f'cx="{_px(x)}" cy="{_px(y)}" r="5"', series, i, label, value,
                            value_format(value), j))
    if len(run) > 1:
        parts.append(f'<polyline class="chart-line {colour}" points="{" ".join(run)}"/>')
    return parts + points + ["</g>"]


def line_chart(chart_id: str, labels: Sequence[str], series: Sequence[Series], *, title: str, desc: str = "",
               invert: bool = False, integer: bool = True, value_format: Callable[[Number], str] = format_number,
               axis_label: str = "") -> SafeString:
    """Lines, one a series, a point per label; a missing figure breaks the line. `invert` puts the smallest
    value on top (a rank: 1 is best) and the axis from 1."""
    labels = [str(label) for label in labels]
    values = _values(series)
    if not labels or not values:
        return empty_chart(chart_id, title)
    ticks = _rank_ticks(values) if invert else nice_ticks(min(values), max(values), integer=integer)
    left, top, bottom = 64.0, 14.0, 234.0
    band = (WIDTH - left - 24.0) / len(labels)
    # the value axis runs from the bottom up, or from the top down for ranks
    frame = _Frame(False, float(ticks[0]), float(ticks[-1]), top if invert else bottom, bottom if invert else top,
                   left, band, WIDTH - 24.0)
    legend, legend_height = _legend(series, left, bottom + 40, WIDTH - left - 24.0, lines=True)
    parts = _open(chart_id, WIDTH, bottom + 40 + legend_height + 6, title, desc, "line")
    parts += _grid(frame, ticks, axis_label)
    for i, label in enumerate(labels):
        parts.append(f'<text class="chart-label" x="{_px(left + band * (i + 0.5))}" y="{_px(bottom + 18)}" '
                     f'text-anchor="middle">{_esc(_cut(label, band - 4))}<title>{_esc(label)}</title></text>')
    parts.append(f'<line class="chart-axis" x1="{_px(left)}" y1="{_px(bottom)}" x2="{_px(WIDTH - 24.0)}" '
                 f'y2="{_px(bottom)}"/>')
    for j, s in enumerate(series):
        parts += _line(s, j, labels, lambda i: left + band * (i + 0.5), frame.at, value_format)
    parts.extend(legend)
    parts.append("</svg>")
    return mark_safe("".join(parts))
