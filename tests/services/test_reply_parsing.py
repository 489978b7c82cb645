"""Reading what heads write: a percent in a progress report, a date and reason in an extension request."""

from __future__ import annotations

from datetime import date

import pytest

from bot.services.extensions import ExtensionProblem, parse_request
from bot.services.progress import PercentOutOfRange, parse_percent

TODAY = date(2026, 7, 1)
DEADLINE = date(2026, 7, 15)


@pytest.mark.parametrize(("text", "percent"), [
    ("70%", 70), ("đã xong 70%", 70), ("Hoàn thành 70 % khối lượng", 70), ("0%", 0), ("100%", 100),
    ("Đang làm, chưa có số liệu", None), ("Kinh phí 1.5% tổng vốn, đã xong 40%", 40), ("", None),
])
def test_the_percent_a_report_states(text, percent):
    assert parse_percent(text) == percent


def test_a_percent_above_one_hundred_is_an_error():
    with pytest.raises(PercentOutOfRange):
        parse_percent("đã xong 120%")


@pytest.mark.parametrize(("text", "proposed", "reason"), [
    ("30/7/2026 - chờ ý kiến của Sở", date(2026, 7, 30), "chờ ý kiến của Sở"),
    ("30-07-2026: thiếu kinh phí", date(2026, 7, 30), "thiếu kinh phí"),
    ("Xin gia hạn đến ngày 15.8.26 vì mưa bão kéo dài", date(2026, 8, 15), "mưa bão kéo dài"),
    ("ngày 5 tháng 8 năm 2026, lý do: chờ thẩm định", date(2026, 8, 5), "chờ thẩm định"),
    ("Lý do: chờ thẩm định. Đề nghị đến 20/8/2026", date(2026, 8, 20), "chờ thẩm định. Đề nghị"),
    ("20/8 - chờ vốn", date(2026, 8, 20), "chờ vốn"),
])
def test_a_date_and_a_reason_in_one_reply(text, proposed, reason):
    found = parse_request(text, today=TODAY, current_deadline=DEADLINE)
    assert (found.proposed, found.reason, found.problem) == (proposed, reason, None)


def test_a_day_and_month_without_year_is_the_next_such_day():
    found = parse_request("10/1 - chờ vốn", today=date(2026, 12, 20), current_deadline=None)
    assert found.proposed == date(2027, 1, 10)


@pytest.mark.parametrize(("text", "problem"), [
    ("cần thêm thời gian", ExtensionProblem.no_date),
    ("31/6/2026 - lý do", ExtensionProblem.bad_date),
    ("1/7/2026 - lý do", ExtensionProblem.past),
    ("15/7/2026 - lý do", ExtensionProblem.not_later),
    ("30/7/2026", ExtensionProblem.no_reason),
])
def test_unusable_requests_name_their_problem(text, problem):
    assert parse_request(text, today=TODAY, current_deadline=DEADLINE).problem is problem
