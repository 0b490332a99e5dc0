"""Charts drawn on the server (core.charts): the SVG parses, carries its data, bars' heights are proportional to the
figures, ticks are written the Vietnamese way, names are escaped, and no data gives the empty-state text."""

import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from thidua.core.charts import Series, bar_chart, line_chart, nice_ticks, plain
from thidua.core.formatting import format_percent

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def marks(root: ET.Element, tag: str = "rect") -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if e.get("data-value") is not None]


def test_bars_carry_their_data_and_are_proportional():
    chart = bar_chart("c", ["2023", "2024", "2025"],
                      [Series("Trung ương", [10, 20, 5], links=["/a?x=1&y=2", "/b", None])],
                      title="Khen thưởng", desc="Theo năm")
    root = parse(chart)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Khen thưởng" and root.find(f"{SVG}desc").text == "Theo năm"
    bars = marks(root)
    assert [(b.get("data-label"), b.get("data-series"), b.get("data-value")) for b in bars] == [
        ("2023", "Trung ương", "10"), ("2024", "Trung ương", "20"), ("2025", "Trung ương", "5")]
    heights = [float(b.get("height")) for b in bars]
    assert abs(heights[0] / heights[1] - 0.5) < 0.01 and abs(heights[2] / heights[1] - 0.25) < 0.01
    # every bar stands on the same baseline
    assert len({round(float(b.get("y")) + float(b.get("height")), 1) for b in bars}) == 1
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == ["/a?x=1&y=2", "/b"]  # escaped in the markup, read back as written
    assert "&amp;y=2" in str(chart)
    assert "style=" not in str(chart) and "<script" not in str(chart)


def test_stacked_and_lying_bars():
    chart = bar_chart("s", ["Cụm một", "Cụm hai"], [Series("A", [3, 1]), Series("B", [1, 0])], title="T",
                      stacked=True, horizontal=True)
    bars = marks(parse(chart))
    widths = {(b.get("data-label"), b.get("data-series")): float(b.get("width")) for b in bars}
    assert abs(widths[("Cụm một", "A")] / widths[("Cụm một", "B")] - 3) < 0.01
    assert widths[("Cụm hai", "B")] == 0
    one_a = next(b for b in bars if b.get("data-label") == "Cụm một" and b.get("data-series") == "A")
    one_b = next(b for b in bars if b.get("data-label") == "Cụm một" and b.get("data-series") == "B")
    assert abs(float(one_a.get("x")) + float(one_a.get("width")) - float(one_b.get("x"))) < 0.2  # B starts where A ends
    legend = [t.text for t in parse(chart).iter(f"{SVG}text") if t.text in ("A", "B")]
    assert legend == ["A", "B"]


def test_ticks_and_values_the_vietnamese_way():
    chart = bar_chart("p", ["2024"], [Series("Tỷ lệ", [Decimal("89.4")])], title="T", integer=False,
                      value_format=format_percent)
    root = parse(chart)
    bar = marks(root)[0]
    assert bar.get("data-value") == "89.4"
    assert bar.find(f"{SVG}title").text == "2024 — Tỷ lệ: 89,4%"
    ticks = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart-tick"]
    assert ticks == ["0", "20", "40", "60", "80", "100"]
    big = parse(bar_chart("b", ["x"], [Series("n", [12_500])], title="T"))
    assert [t.text for t in big.iter(f"{SVG}text") if t.get("class") == "chart-tick"][-2:] == ["10.000", "12.500"]
    assert nice_ticks(0, 3, integer=True) == [0, 1, 2, 3]
    assert nice_ticks(-5, 12) == [-5, 0, 5, 10, 15]
    assert plain(Decimal("75.0")) == "75" and plain(Decimal("12.50")) == "12.5" and plain(None) == ""


def test_negative_bars_go_down_from_zero():
    bars = marks(parse(bar_chart("n", ["a", "b"], [Series("x", [10, -5])], title="T")))
    up, down = bars
    assert abs(float(up.get("y")) + float(up.get("height")) - float(down.get("y"))) < 0.2
    assert abs(float(up.get("height")) / float(down.get("height")) - 2) < 0.01


def test_a_line_of_ranks_with_a_gap():
    chart = line_chart("r", ["2023", "2024", "2025"], [Series("Công an tỉnh", [1, None, 3], links=["/x", "/y", "/z"]),
                                                       Series("Sở Y tế", [2, 1, 1])],
                       title="Thứ hạng", invert=True)
    root = parse(chart)
    points = marks(root, "circle")
    assert [(p.get("data-series"), p.get("data-label"), p.get("data-value")) for p in points] == [
        ("Công an tỉnh", "2023", "1"), ("Công an tỉnh", "2025", "3"),
        ("Sở Y tế", "2023", "2"), ("Sở Y tế", "2024", "1"), ("Sở Y tế", "2025", "1")]
    # rank 1 on top: a smaller y
    one = float(points[0].get("cy"))
    three = float(points[1].get("cy"))
    assert one < three
    # the gap breaks the first line: no polyline of one point, the second series has one line of three
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 3


def test_names_are_escaped():
    name = 'Cụm <số 1> & "Nội chính" \'A\''
    chart = bar_chart("e", [name], [Series(name, [1], links=['/x?a="1"&b=<2>'])], title=name, desc=name)
    root = parse(chart)  # parses: nothing broke out of its attribute or element
    bar = marks(root)[0]
    assert bar.get("data-label") == name and bar.get("data-series") == name
    assert root.find(f"{SVG}title").text == name
    assert next(root.iter(f"{SVG}a")).get("href") == '/x?a="1"&b=<2>'
    assert "<số 1>" not in str(chart)


def test_empty_data_says_so():
    for chart in (bar_chart("z", [], [], title="Không có"),
                  bar_chart("z", ["2024"], [Series("a", [None])], title="Không có"),
                  bar_chart("z", ["2024", "2025"], [Series("a", [0, None]), Series("b", [0, 0])], title="Không có"),
                  line_chart("z", ["2024"], [], title="Không có")):
        root = parse(chart)
        assert root.get("data-chart") == "empty"
        assert [t.text for t in root.iter(f"{SVG}text")] == ["Chưa có số liệu để vẽ biểu đồ."]
        assert not marks(root)


def test_ticks_step_by_one_two_two_and_a_half_or_five():
    """The docstring said 1, 2 or 5; the steps include 2.5 (0–10 in four), and a whole-number axis rounds it up."""
    assert nice_ticks(0, 10, count=4) == [0, Decimal("2.5"), 5, Decimal("7.5"), 10]
    assert nice_ticks(0, 11, count=5, integer=True) == [0, 3, 6, 9, 12]
    for low, high in ((0, 7), (0, 130), (-3, 45), (0, 0.9)):
        ticks = nice_ticks(low, high)
        step = ticks[1] - ticks[0]
        mantissa = step / Decimal(10) ** step.adjusted()
        assert mantissa in (1, 2, Decimal("2.5"), 5), (low, high, step)


def test_more_lines_than_colours_are_told_apart_by_their_dashes():
    """Eight colours: the ninth series on is dashed, the seventeenth on dotted, and the legend's keys are stretches
    of the same lines — 20 members' rank lines stay distinguishable (colour and dash pairs all different)."""
    series = [Series(f"Đơn vị {i}", [i + 1, i + 1]) for i in range(20)]
    root = parse(line_chart("many", ["2024", "2025"], series, title="Thứ hạng", invert=True))
    lines = [set(p.get("class").split()) - {"chart-line"} for p in root.iter(f"{SVG}polyline")]
    assert len(lines) == 20 and len({frozenset(c) for c in lines}) == 20
    assert {"chart-s0", "chart-d0"} == lines[0] and {"chart-s0", "chart-d1"} == lines[8]
    assert {"chart-s3", "chart-d2"} == lines[19]
    keys = [set(k.get("class").split()) - {"chart-line", "chart-key-line"} for k in root.iter(f"{SVG}line")
            if "chart-key-line" in (k.get("class") or "")]
    assert keys == lines
    css = (Path(__file__).parents[2] / "src/thidua/static/thidua/app.css").read_text(encoding="utf-8")
    assert ".chart-d1 { stroke-dasharray" in css and ".chart-d2 { stroke-dasharray" in css
    bars = parse(bar_chart("b", ["x"], series[:9], title="T"))  # a bar chart's keys stay squares
    assert not [k for k in bars.iter(f"{SVG}line") if "chart-key-line" in (k.get("class") or "")]
