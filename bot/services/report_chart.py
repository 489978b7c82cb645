"""The report chart: the official buckets per unit as stacked horizontal bars (matplotlib, Agg).

Four buckets of work with a deadline, then the work without one (grey), so every assignment a unit holds
is in its bar. DejaVu Sans ships with matplotlib and has every Vietnamese diacritic. With many units the
chart keeps the `limit` with most overdue work (then most open work), and its title says how many it
shows. The layout is computed once in inches (title, legend row, longest unit name) instead of
tight_layout's measuring passes, so nothing is clipped and a chart takes one draw.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from storage.collation import vn_key

if TYPE_CHECKING:
    from bot.services.report_files import ReportData

BUCKETS = (("done_on_time", "#2e7d32"), ("done_late", "#f9a825"), ("open_in_term", "#1565c0"),
           ("overdue", "#c62828"), ("no_deadline", "#9e9e9e"))
NAME_CHARS = 45  # longer unit names are cut with "…"
_WIDTH, _BAR, _TOP, _BOTTOM = 10.0, 0.38, 1.15, 0.65  # inches


def figure(data: ReportData, labels: dict[str, str], limit: int) -> Figure:
    """The chart as a matplotlib Figure (not pyplot's: nothing global to close or leak)."""
    rows = data.units
    if len(rows) > limit:
        rows = sorted(rows, key=lambda r: (-r.overdue, -r.open_in_term, vn_key(r.unit_name)))[:limit]
    rows = sorted(rows, key=lambda r: vn_key(r.unit_name), reverse=True)  # barh draws upwards: A at the top
    names = [r.unit_name if len(r.unit_name) <= NAME_CHARS else r.unit_name[:NAME_CHARS - 1] + "…"
             for r in rows]
    height = _TOP + _BOTTOM + max(1.0, _BAR * len(rows))
    left_margin = 0.3 + 0.068 * max((len(n) for n in names), default=0)  # 9 pt DejaVu: ~0.068 in a letter
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 9}):
        fig = Figure(figsize=(_WIDTH, height), dpi=110)
        fig.subplots_adjust(left=left_margin / _WIDTH, right=1 - 0.3 / _WIDTH, top=1 - _TOP / height,
                            bottom=_BOTTOM / height)
        ax = fig.add_subplot()
        stacked = [0] * len(rows)
        for key, color in BUCKETS:
            values = [getattr(r, key) for r in rows]
            ax.barh(names, values, left=stacked, color=color, label=labels[key])
            stacked = [a + b for a, b in zip(stacked, values, strict=True)]
        period = (f"{data.start:%d/%m/%Y} – " if data.start else "") + f"{data.end:%d/%m/%Y}"
        title = f"{data.title}\n{data.scope}, {period}"
        if len(data.units) > len(rows):
            title += " — " + labels["chart_some"].format(shown=len(rows), total=len(data.units))
        fig.suptitle(title, fontsize=11, y=1 - 0.12 / height, va="top")
        fig.legend(loc="upper center", bbox_to_anchor=(0.5, 1 - 0.62 / height), ncol=len(BUCKETS),
                   frameon=False, fontsize=8, handlelength=1.2, columnspacing=1.2)
        ax.set_xlabel(labels["chart_axis"])
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts of tasks: never 2.5
        ax.set_xlim(0, max(max(stacked, default=0), 1) * 1.02)
        ax.grid(axis="x", alpha=0.3)
        ax.set_axisbelow(True)
        ax.margins(y=0.5 / max(len(rows), 1))
        if not rows:
            ax.set_yticks([])
            ax.text(0.5, 0.5, labels["chart_empty"], ha="center", va="center", transform=ax.transAxes)
    return fig


def plot(data: ReportData, labels: dict[str, str], path: Path, limit: int) -> None:
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 9}):
        figure(data, labels, limit).savefig(path, format="png")
