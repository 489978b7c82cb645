from datetime import UTC, date, datetime

import pytest

from bot.services.calendar import WorkCalendar
from tests.reminders.sim import at


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 2, 16),  # Tết 2026: eve
        date(2026, 2, 17),
        date(2026, 2, 20),  # fourth day of Tết
        date(2026, 4, 27),  # Hùng Kings' day (26/4 is a Sunday, observed Monday)
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 9, 1),  # the day next to National Day, since 2025
        date(2026, 9, 2),
        date(2027, 2, 4),  # Tết 2027 runs 4/2 to 10/2
        date(2027, 2, 5),
        date(2027, 2, 8),
        date(2027, 2, 10),
        date(2027, 4, 16),  # Hùng Kings' day 2027
        date(2027, 5, 3),  # 1/5/2027 is a Saturday, observed Monday
        date(2027, 9, 3),
    ],
)
def test_vietnamese_public_holidays_are_days_off(calendar, day):
    assert not calendar.is_working_day(day)


def test_weekends_are_off_but_a_compensating_saturday_is_worked(calendar):
    assert not calendar.is_working_day(date(2026, 6, 6))
    assert not calendar.is_working_day(date(2026, 6, 7))
    assert calendar.is_working_day(date(2026, 6, 8))
    # 31/8/2026 is bridged to National Day and worked back on Saturday 22/8.
    assert not calendar.is_working_day(date(2026, 8, 31))
    assert calendar.is_working_day(date(2026, 8, 22))


def test_an_admin_day_off_is_not_a_working_day():
    calendar = WorkCalendar(days_off={date(2026, 6, 10), date(2026, 8, 22)})
    assert not calendar.is_working_day(date(2026, 6, 10))
    assert not calendar.is_working_day(date(2026, 8, 22))
    assert calendar.next_working_day(date(2026, 6, 9)) == date(2026, 6, 11)


def test_working_day_arithmetic_skips_tet(calendar):
    assert calendar.next_working_day(date(2027, 2, 3)) == date(2027, 2, 11)
    assert calendar.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)
    assert calendar.add_working_days(date(2027, 2, 11), -1) == date(2027, 2, 3)
    assert calendar.add_working_days(date(2026, 6, 15), -7) == date(2026, 6, 4)
    assert calendar.add_working_days(date(2026, 6, 15), 0) == date(2026, 6, 15)
    assert calendar.working_days_between(date(2027, 2, 3), date(2027, 2, 12)) == 2
    assert calendar.working_days_between(date(2027, 2, 12), date(2027, 2, 3)) == -2
    assert calendar.working_days_between(date(2026, 6, 15), date(2026, 6, 15)) == 0


def test_window_is_half_open_in_local_time(calendar):
    monday = date(2026, 6, 15)
    assert not calendar.in_window(at(monday, "07:29"))
    assert calendar.in_window(at(monday, "07:30"))
    assert calendar.in_window(at(monday, "16:59"))
    assert not calendar.in_window(at(monday, "17:00"))
    assert not calendar.in_window(at(date(2026, 6, 13), "09:00"))  # Saturday
    # 00:30 UTC is 07:30 in Hà Nội.
    assert calendar.in_window(datetime(2026, 6, 15, 0, 30, tzinfo=UTC))


def test_next_window_open_moves_to_the_next_working_morning(calendar):
    opening = datetime(2026, 6, 15, 0, 30, tzinfo=UTC)
    assert calendar.next_window_open(at(date(2026, 6, 15), "06:00")) == opening
    assert calendar.next_window_open(at(date(2026, 6, 12), "17:30")) == opening  # Friday evening
    assert calendar.next_window_open(at(date(2026, 6, 13), "10:00")) == opening  # Saturday
    assert calendar.next_window_open(at(date(2026, 6, 15), "10:00")) == at(date(2026, 6, 15), "10:00")
    assert calendar.next_window_open(at(date(2027, 2, 3), "17:05")) == datetime(
        2027, 2, 11, 0, 30, tzinfo=UTC
    )
    assert calendar.next_window_open(at(date(2027, 2, 3), "17:05")).tzinfo is UTC


def test_naive_now_is_refused(calendar):
    with pytest.raises(ValueError, match="aware"):
        calendar.in_window(datetime(2026, 6, 15, 8, 0))
