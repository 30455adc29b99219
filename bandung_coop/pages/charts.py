"""Horizontal bar charts drawn on the server as SVG, so they work on an
intranet with no internet and print as they show. This module computes the
geometry; templates/pages/_bar_chart.html draws it beside its table."""

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
BAR_AREA = 300


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 6

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * (BAR_HEIGHT + GAP)

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_AREA + 60


def bar_chart(title: str, rows: list[tuple[str, int, str]]) -> BarChart:
    """``rows`` are (label, value, link to the list behind the value)."""
    largest = max((value for _label, value, _url in rows), default=0) or 1
    bars = [
        Bar(
            label=str(label),
            value=value,
            url=url,
            y=index * (BAR_HEIGHT + GAP),
            width=round(BAR_AREA * value / largest),
        )
        for index, (label, value, url) in enumerate(rows)
    ]
    return BarChart(title=title, bars=bars)
