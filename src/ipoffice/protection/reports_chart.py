"""The monthly chart of a dispute-case report, laid out on the server for an inline SVG.

Bars: requests received and cases closed (decision, mediation, withdrawal) each month; lines:
cases open and cases past their closure deadline at month end. No script draws anything: the
template writes the shapes computed here, every shape carries its figure in a `<title>`, and
the same figures are in the report's table.
"""

from __future__ import annotations

from dataclasses import dataclass

from ipoffice.protection.case_reports import ReportRow

WIDTH = 760
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 40
SERIES = ("received", "closed", "open_at_end", "overdue")
"""Series in drawing order: two bars, then two lines."""


@dataclass(frozen=True)
class Bar:
    series: str
    month: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Point:
    month: str
    value: int
    x: float
    y: float


@dataclass(frozen=True)
class Line:
    series: str
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class MonthLabel:
    month: str
    x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    plot_bottom: float
    plot_right: float
    bars: list[Bar]
    lines: list[Line]
    ticks: list[Tick]
    labels: list[MonthLabel]


def _step(top: int) -> int:
    """A round tick step giving at most about five ticks up to `top`."""
    step = 1
    while top / step > 5:
        for factor in (2, 5, 10):
            if top / (step * factor) <= 5:
                return step * factor
        step *= 10
    return step


def _value(row: ReportRow, series: str) -> int:
    value = row.closed if series == "closed" else getattr(row, series)
    return int(value)


def chart(totals: list[ReportRow]) -> Chart:
    """The chart of a report's monthly total rows (oldest first)."""
    top = max((_value(r, s) for r in totals for s in SERIES), default=0)
    step = _step(max(top, 1))
    ceiling = max(step, -(-top // step) * step)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(totals), 1)
    bar_w = max(slot * 0.36, 1.0)

    def y_of(value: int) -> float:
        return TOP + plot_h * (1 - value / ceiling)

    bars: list[Bar] = []
    points: dict[str, list[Point]] = {"open_at_end": [], "overdue": []}
    for i, row in enumerate(totals):
        x0 = LEFT + slot * i + slot / 2
        for j, series in enumerate(("received", "closed")):
            value = _value(row, series)
            x, y = x0 - bar_w + j * bar_w, y_of(value)
            bars.append(Bar(series, row.month, value, x, y, bar_w, TOP + plot_h - y))
        for series, line in points.items():
            value = _value(row, series)
            line.append(Point(row.month, value, x0, y_of(value)))
    every = max(1, -(-len(totals) // 12))
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        plot_bottom=TOP + plot_h,
        plot_right=WIDTH - RIGHT,
        bars=bars,
        lines=[Line(series, pts) for series, pts in points.items()],
        ticks=[Tick(v, y_of(v)) for v in range(0, ceiling + 1, step)],
        labels=[
            MonthLabel(row.month, LEFT + slot * i + slot / 2)
            for i, row in enumerate(totals)
            if i % every == 0
        ],
    )
