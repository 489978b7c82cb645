"""The report chart: the four official buckets per unit as stacked horizontal bars (matplotlib, Agg).

DejaVu Sans ships with matplotlib and has every Vietnamese diacritic. With many units the chart keeps
the `limit` with most overdue work (then most open work), and its title says how many it shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot

from matplotlib import pyplot as plt

if TYPE_CHECKING:
    from bot.services.report_files import ReportData

BUCKETS = (("done_on_time", "#2e7d32"), ("done_late", "#f9a825"), ("open_in_term", "#1565c0"),
           ("overdue", "#c62828"))


def plot(data: ReportData, labels: dict[str, str], path: Path, limit: int) -> None:
    rows = data.units
    if len(rows) > limit:
        rows = sorted(rows, key=lambda r: (-r.overdue, -r.open_in_term, r.unit_name))[:limit]
    rows = sorted(rows, key=lambda r: r.unit_name.casefold(), reverse=True)  # A at the top
    height = max(3.0, 1.2 + 0.38 * len(rows))
    with plt.rc_context({"font.family": "DejaVu Sans", "font.size": 9}):
        fig, ax = plt.subplots(figsize=(10, height), dpi=110)
        names = [r.unit_name if len(r.unit_name) <= 45 else r.unit_name[:44] + "…" for r in rows]
        left = [0] * len(rows)
        for key, color in BUCKETS:
            values = [getattr(r, key) for r in rows]
            ax.barh(names, values, left=left, color=color, label=labels[key])
            left = [a + b for a, b in zip(left, values, strict=True)]
        period = (f"{data.start:%d/%m/%Y} – " if data.start else "") + f"{data.end:%d/%m/%Y}"
        title = f"{data.title}\n{data.scope}, {period}"
        if len(data.units) > len(rows):
            title += " — " + labels["chart_some"].format(shown=len(rows), total=len(data.units))
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(labels["chart_axis"])
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0 + 0.9 / height), ncol=4, frameon=False,
                  fontsize=8)
        ax.grid(axis="x", alpha=0.3)
        ax.set_axisbelow(True)
        if not rows:
            ax.text(0.5, 0.5, labels["chart_empty"], ha="center", va="center", transform=ax.transAxes)
        fig.tight_layout()
        fig.savefig(path, format="png")
        plt.close(fig)
