"""What a leader reads on the chart: every bucket in the legend, whole-number ticks, nothing clipped."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from bot.services.report_chart import figure
from bot.services.report_files import ReportData, labels
from storage.models import UnitReportCounts


def _data(units: list[UnitReportCounts]) -> ReportData:
    return ReportData(title="BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ", scope="Tất cả các đơn vị",
                      start=date(2026, 11, 1), end=date(2026, 11, 30), as_of=date(2026, 11, 30),
                      made_at=datetime(2026, 11, 30, tzinfo=UTC), totals=None, units=units)


def _unit(unit_id: int, name: str, **counts: int) -> UnitReportCounts:
    return UnitReportCounts(unit_id=unit_id, unit_name=name, **counts)


@pytest.mark.parametrize("how_many", [1, 3, 20])
def test_the_legend_holds_all_five_buckets_inside_the_picture_and_ticks_are_whole(how_many):
    units = [_unit(i, f"Tổ dân phố {i}", done_on_time=1, overdue=1, no_deadline_open=2)
             for i in range(how_many)]
    fig = figure(_data(units), labels(), limit=20)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()

    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [
        "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Chưa hoàn thành, trong hạn", "Chưa hoàn thành, quá hạn",
        "Nhiệm vụ không có thời hạn"]
    renderer = canvas.get_renderer()
    picture = fig.bbox
    for artist in (legend, fig.axes[0].yaxis.label, fig._suptitle, *fig.axes[0].get_yticklabels()):
        box = artist.get_window_extent(renderer)
        assert picture.x0 <= box.x0 and box.x1 <= picture.x1 and picture.y0 <= box.y0 and box.y1 <= picture.y1
    ax = fig.axes[0]
    shown = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert shown and all(float(t).is_integer() for t in shown)
    # the grey no-deadline part is drawn: each bar reaches its unit's full count
    assert max(p.get_x() + p.get_width() for p in ax.patches) == 1 + 1 + 2


def test_units_are_listed_top_down_in_numeric_order():
    units = [_unit(i, name, done_on_time=1) for i, name in enumerate(["Tổ dân phố 10", "Tổ dân phố 2",
                                                                        "Đội Trật tự", "Ban Quân sự"])]
    ax = figure(_data(units), labels(), limit=20).axes[0]

    top_down = [t.get_text() for t in ax.get_yticklabels()][::-1]
    assert top_down == ["Ban Quân sự", "Đội Trật tự", "Tổ dân phố 2", "Tổ dân phố 10"]
