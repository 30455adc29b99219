"""Horizontal bar charts for the dashboard, drawn in HTML on the server so
they work on an intranet with no internet and print as they show. Each bar
is a link to the list behind its value, with the label in full as text;
only the bar itself is a small SVG rectangle, sized by attributes (the CSP
allows no inline style). templates/pages/_bar_chart.html draws a chart
beside its table."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str
    percent: int  # of the largest value in the chart


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]


def bar_chart(title: str, rows: list[tuple[str, int, str]]) -> BarChart:
    """``rows`` are (label, value, link to the list behind the value)."""
    largest = max((value for _label, value, _url in rows), default=0) or 1
    bars = [
        Bar(label=str(label), value=value, url=url, percent=round(100 * value / largest))
        for label, value, url in rows
    ]
    return BarChart(title=title, bars=bars)
