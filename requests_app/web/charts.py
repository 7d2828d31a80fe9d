"""Server-side SVG charts: geometry computed here, drawn by a template, no network needed."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class IntervalBar:
    label: str
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


def interval_chart(
    rows: list[dict], *, label_key: str = "label", width: int = 720, label_width: int = 260
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
        bars.append(
            IntervalBar(
                label=str(row[label_key]),
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
        bars=bars,
        ticks=ticks,
    )
