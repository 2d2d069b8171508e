"""Charts of figure series over time: matplotlib (Agg backend, offline) drawing deterministic SVG
(fixed hash salt, no date in the metadata), with an alt text that states every point."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

#: colours that keep 4.5:1 contrast on white (WCAG AA for the lines and markers' meaning)
LINE = "#1f5f99"


@dataclass
class Series:
    """One figure series: what it measures, of what, in which unit, and its (year, value) points."""

    title: str
    unit: str
    points: list[tuple[int, float]]
    lower_is_better: bool = False  # ranks: drawn with 1 at the top

    def alt(self) -> str:
        """A text equivalent of the chart: title, unit and every point."""
        values = "; ".join(f"{year}: {number(v)}" for year, v in self.points)
        order = " (axis reversed: 1 at the top)" if self.lower_is_better else ""
        return f"Line chart of {self.title} ({self.unit}{order}) by year — {values}."


def number(v: float) -> str:
    """A figure as text: thousands separated, integers without decimals."""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4g}"


_PYPLOT: Any = None


def _pyplot() -> Any:
    """matplotlib.pyplot on the Agg backend, with deterministic SVG settings (imported on first use)."""
    global _PYPLOT
    if _PYPLOT is None:
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams.update({"svg.hashsalt": "vdg", "svg.fonttype": "none", "font.size": 9,
                                    "font.family": "DejaVu Sans", "axes.spines.top": False,
                                    "axes.spines.right": False})
        import matplotlib.pyplot as plt

        _PYPLOT = plt
    return _PYPLOT


def chart_svg(series: Series) -> bytes:
    """The series as an SVG line chart (same input, same bytes)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.2, 2.6))
    try:
        years = [y for y, _ in series.points]
        ax.plot(years, [v for _, v in series.points], marker="o", color=LINE, linewidth=1.6)
        ax.set_xticks(years)
        ax.set_xticklabels([str(y) for y in years])
        ax.set_ylabel(series.unit)
        if series.lower_is_better:
            ax.invert_yaxis()
        ax.ticklabel_format(axis="y", style="sci", scilimits=(-3, 4))
        ax.margins(x=0.1)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        fig.subplots_adjust(left=0.16, right=0.97, top=0.92, bottom=0.14)  # fixed: tight_layout draws twice
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    return out.getvalue()
