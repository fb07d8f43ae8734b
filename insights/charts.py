"""Charts as SVG drawn on the server with leather (MIT): a line for a trend, bars for a count
per category.

The SVG goes inline into the page: leather writes presentation attributes only (``fill``,
``stroke``, ``font-size``), no ``<style>`` element, no ``style`` attribute and no script, so our
Content-Security-Policy (no inline style, no inline script) holds. Around leather's drawing we
put the ``<svg>`` element ourselves: ``role="img"``, a ``viewBox`` so CSS can scale it, and a
``<title>`` (its name, ``aria-labelledby``) and ``<desc>`` (``aria-describedby``). The numbers are always in a table beside
the chart (the templates), so the picture is never the only way to read them.

Leather keeps its look in module-level settings (``leather.theme``); they are set once here, for
the whole process, to the Hub's colours, with text dark enough for a contrast above 4.5:1.
"""

import re
from collections.abc import Sequence
from decimal import Decimal
from xml.etree import ElementTree as ET

import leather
from django.utils.safestring import SafeString, mark_safe

INK = "#1a1a1a"
MUTED = "#4d4d4d"  # 8.5:1 on white
LINE = "#1d4f91"
BAR = "#2b6aa8"
FONT = "sans-serif"  # the stylesheet gives the page's own font (.chart__svg text)

leather.theme.background_color = "#ffffff"
leather.theme.title_color = INK
leather.theme.title_font_family = FONT
leather.theme.tick_color = "#d0d0d0"
leather.theme.label_color = MUTED
leather.theme.tick_font_family = FONT
leather.theme.tick_font_size = "13"
leather.theme.axis_title_color = MUTED
leather.theme.axis_title_font_family = FONT
leather.theme.legend_font_family = FONT
leather.theme.zero_color = "#808080"
leather.theme.default_series_colors = [LINE, "#8a4b00", "#2e6b34"]
leather.theme.default_line_width = 3
leather.theme.margin = 0.04

WIDTH = 420  # on a 390-pixel phone the chart shows at about 330 pixels: text stays legible
HEIGHT = 220


class _Ticks:
    """The part of leather's ticker a scale reads: its bounds and its ticks."""

    def __init__(self, low: float, high: float, ticks: Sequence[float]) -> None:
        self.min = Decimal(str(low))
        self.max = Decimal(str(high))
        self.ticks = [Decimal(str(t)) for t in ticks]


class FixedLinear(leather.Linear):
    """A linear scale over exactly ``low``–``high`` with the ticks we choose. Leather's own
    ``Linear`` searches for "nice" ticks on every chart (about 10 ms a scale, most of a chart's
    cost); ours are known, so the search is skipped. Relies on leather 0.4's ``_ticker``
    (pinned below 0.5)."""

    def __init__(self, low: float, high: float, ticks: Sequence[float]) -> None:
        self._data_min = Decimal(str(low))
        self._data_max = Decimal(str(high))
        self._ticker = _Ticks(low, high, ticks)


def _svg(chart: leather.Chart, *, ident: str, title: str, description: str, height: int) -> str:
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": str(WIDTH),
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{ident}-title",
            "aria-describedby": f"{ident}-desc",
            "focusable": "false",
            "class": "chart__svg",
        },
    )
    ET.SubElement(root, "title", {"id": f"{ident}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{ident}-desc"}).text = description
    root.append(chart.to_svg_group(WIDTH, height))
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in GEOMETRY:
                element.set(name, LONG_NUMBER.sub(_one_decimal, value))
    return ET.tostring(root, encoding="unicode")


# Leather computes positions with Decimal and prints them in full ("40.93333333333333712289");
# one decimal is plenty at this size and makes a chart half as heavy.
GEOMETRY = frozenset(
    {
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "width",
        "height",
        "d",
        "points",
        "transform",
        "cx",
        "cy",
        "r",
    }
)
LONG_NUMBER = re.compile(r"-?\d+\.\d{2,}")


def _one_decimal(match: re.Match[str]) -> str:
    return f"{float(match.group()):.1f}"


def _ticks(largest: int) -> list[int]:
    """Whole-number ticks from 0 to a round top at or above ``largest`` (at most six)."""
    top = max(largest, 1)
    step = 1
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000):
        step = candidate
        if top / candidate <= 5:
            break
    else:
        step = -(-top // 5)
    ceiling = -(-top // step) * step
    return list(range(0, ceiling + 1, step))


def trend_svg(
    points: Sequence[tuple[str, int]], *, ident: str, title: str, description: str
) -> SafeString:
    """A line through ``(label, value)`` points in order (labels such as years along the
    bottom), drawn from zero. ``ident`` must be unique in the page (it prefixes element ids)."""
    if not points:
        return mark_safe("")
    ticks = _ticks(max((value for _label, value in points), default=0))
    labels = [label for label, _value in points]
    # Leather draws lines over numbers only: the points are placed at 1, 2, 3... and each
    # position is labelled with its text.
    data = [(position, value) for position, (_label, value) in enumerate(points, start=1)]
    chart = leather.Chart()
    positions = list(range(1, len(points) + 1))
    chart.set_x_scale(FixedLinear(0.5, len(points) + 0.5, positions))
    chart.add_x_axis(
        ticks=positions,
        tick_formatter=lambda position, _i, _n: labels[position - 1],
    )
    chart.set_y_scale(FixedLinear(ticks[0], ticks[-1], ticks))
    chart.add_y_axis(ticks=ticks)
    if len(data) > 1:
        chart.add_line(data)  # one series: leather then draws no legend
    else:
        chart.add_dots(data, radius=5)  # a line needs two points
    return mark_safe(  # noqa: S308 (built by ElementTree, which escapes every text)
        _svg(chart, ident=ident, title=title, description=description, height=HEIGHT)
    )


def bars_svg(
    rows: Sequence[tuple[str, int]], *, ident: str, title: str, description: str
) -> SafeString:
    """Horizontal bars, one per ``(label, value)`` row, in the given order from the top
    (nothing without rows: the table beside says there is nothing)."""
    if not rows:
        return mark_safe("")
    ticks = _ticks(max((value for _label, value in rows), default=0))
    chart = leather.Chart()
    # Leather draws the first category at the bottom: reverse, so the chart reads like the table.
    labels = [_short(label) for label, _value in rows][::-1]
    data = [(value, _short(label)) for label, value in rows][::-1]
    chart.set_x_scale(FixedLinear(ticks[0], ticks[-1], ticks))
    chart.add_x_axis(ticks=ticks)
    chart.set_y_scale(leather.Ordinal(labels))
    chart.add_bars(data, fill_color=BAR)
    height = max(120, 40 + 28 * len(rows))
    return mark_safe(  # noqa: S308 (built by ElementTree, which escapes every text)
        _svg(chart, ident=ident, title=title, description=description, height=height)
    )


def _short(label: str, limit: int = 28) -> str:
    """Category names stay within the left margin; the full name is in the table beside."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
