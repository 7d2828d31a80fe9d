"""Server-side SVG charts: geometry computed here, drawn by a template, no network needed."""

from __future__ import annotations

import math
from dataclasses import dataclass

# Advance widths in ems, rounded up from DejaVu Sans (what "system-ui" resolves to on most
# Linux desktops, and wider than Arial or Segoe UI), so an estimate is never too short.
_NARROW = frozenset("iljI.,:;'!|")
_SEMI_NARROW = frozenset("ftr()[] -/")
_WIDE = frozenset("mwMW%")
_ELLIPSIS = "…"


def _char_em(char: str) -> float:
    if char in _NARROW:
        return 0.33
    if char in _SEMI_NARROW:
        return 0.43
    if char in _WIDE:
        return 1.0
    if char.isupper():
        return 0.79
    if char.isdigit() or char.islower():
        return 0.65
    return 1.0


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of the drawn width of ``text`` in pixels (no font metrics here)."""
    return sum(_char_em(c) for c in text) * font_size


def fit_label(label: str, max_width: float, font_size: float) -> str:
    """``label`` cut at a word boundary, or a character if need be, with "…" to fit."""
    if text_width(label, font_size) <= max_width:
        return label
    room = max_width - text_width(_ELLIPSIS, font_size)
    cut = ""
    for char in label:
        if text_width(cut + char, font_size) > room:
            break
        cut += char
    words = cut.rsplit(" ", 1)[0]
    # Keep whole words unless that throws away more than a quarter of the room.
    if " " in cut and text_width(words, font_size) >= room * 0.75:
        cut = words
    return cut.rstrip(" ,;:-–(") + _ELLIPSIS


@dataclass(frozen=True)
class IntervalBar:
    label: str
    short_label: str  # what fits left of the plot; the full label is the tooltip
    y: float  # top of the row
    bar_width: float
    low_x: float
    high_x: float
    text: str

    # Offsets inside a row of ROW_HEIGHT pixels: the bar, its middle, the whisker caps.
    @property
    def bar_y(self) -> float:
        return self.y + 8

    @property
    def mid_y(self) -> float:
        return self.y + 17

    @property
    def cap_top(self) -> float:
        return self.y + 11

    @property
    def cap_bottom(self) -> float:
        return self.y + 23

    @property
    def text_y(self) -> float:
        return self.y + 22


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class IntervalChart:
    width: int
    height: int
    plot_left: int
    plot_width: int
    row_height: int
    bar_height: int
    font_size: int
    label_x: int  # where labels end (they are right-aligned against the plot)
    bars: list[IntervalBar]
    ticks: list[Tick]

    @property
    def axis_y(self) -> int:
        return self.height - 34

    @property
    def tick_text_y(self) -> int:
        return self.height - 16


def _scale_max(values: list[float]) -> float:
    """The axis end: the largest value rounded up to a tenth, at least 10%."""
    top = max(values, default=0.0)
    return min(1.0, max(0.1, math.ceil(top * 10 - 1e-9) / 10))


FONT_SIZE = 13
LABEL_GAP = 8  # between a label's end and the plot
LABEL_MARGIN = 4  # kept clear at the chart's left edge


def interval_chart(
    rows: list[dict],
    *,
    label_key: str = "label",
    width: int = 720,
    label_width: int = 260,
    font_size: int = FONT_SIZE,
) -> IntervalChart | None:
    """Horizontal bars of ``rate`` with ``ci_low``-``ci_high`` whiskers (proportions 0-1)."""
    rows = [r for r in rows if r.get("rate") is not None]
    if not rows:
        return None
    row_height, bar_height, top, bottom = 34, 18, 6, 40
    plot_width = width - label_width - 130  # room for "100% (21%–100%)" at the end
    scale = _scale_max([float(r.get("ci_high") or r["rate"]) for r in rows])

    def x(value: float) -> float:
        return round(label_width + plot_width * min(value, scale) / scale, 1)

    bars = []
    for i, row in enumerate(rows):
        rate = float(row["rate"])
        low = rate if row.get("ci_low") is None else float(row["ci_low"])
        high = rate if row.get("ci_high") is None else float(row["ci_high"])
        label = str(row[label_key])
        bars.append(
            IntervalBar(
                label=label,
                short_label=fit_label(label, label_width - LABEL_GAP - LABEL_MARGIN, font_size),
                y=top + i * row_height,
                bar_width=round(x(rate) - label_width, 1),
                low_x=x(low),
                high_x=x(high),
                text=f"{rate:.0%} ({low:.0%}–{high:.0%})",
            )
        )
    steps = 5
    ticks = [
        Tick(x=x(scale * i / steps), text=f"{scale * i / steps:.0%}") for i in range(steps + 1)
    ]
    return IntervalChart(
        width=width,
        height=top + len(rows) * row_height + bottom,
        plot_left=label_width,
        plot_width=plot_width,
        row_height=row_height,
        bar_height=bar_height,
        font_size=font_size,
        label_x=label_width - LABEL_GAP,
        bars=bars,
        ticks=ticks,
    )
