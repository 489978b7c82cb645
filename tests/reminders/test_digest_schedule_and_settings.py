from datetime import date, time

import pytest
from pydantic import ValidationError

from bot.config import DigestSchedule, ReminderPolicy, Settings
from bot.services.calendar import WorkCalendar
from bot.services.digest_schedule import digest_due, next_digest_at
from tests.reminders.sim import at

D = date
LEADERS = DigestSchedule(weekdays=[0])
OFFICE = DigestSchedule(weekdays=[0, 1, 2, 3, 4])


def sends(schedule, calendar, start, end, times=("07:29", "07:30", "12:00", "17:00", "18:00")):
    """Days a sweep sending each due digest (and recording it) would send on."""
    last, days, day = None, [], start
    while day <= end:
        for hhmm in times:
            sent_on = digest_due(at(day, hhmm), last, schedule, calendar)
            if sent_on is not None:
                assert hhmm != "07:29"
                days.append(sent_on)
                last = sent_on
        day = D.fromordinal(day.toordinal() + 1)
    return days


def test_leaders_digest_goes_on_monday_or_the_next_working_day(calendar):
    # 27/4/2026 is the Hùng Kings' day observed; 31/8 is bridged to National Day (1/9, 2/9 off).
    assert sends(LEADERS, calendar, D(2026, 4, 20), D(2026, 5, 10)) == [
        D(2026, 4, 20),
        D(2026, 4, 28),
        D(2026, 5, 4),
    ]
    assert sends(LEADERS, calendar, D(2026, 8, 24), D(2026, 9, 8)) == [
        D(2026, 8, 24),
        D(2026, 9, 3),
        D(2026, 9, 7),
    ]
    # Tết 2027 covers Monday 8/2: the digest waits for Thursday 11/2.
    assert sends(LEADERS, calendar, D(2027, 2, 1), D(2027, 2, 15)) == [
        D(2027, 2, 1),
        D(2027, 2, 11),
        D(2027, 2, 15),
    ]


def test_office_digest_goes_every_working_day_once(calendar):
    days = sends(OFFICE, calendar, D(2026, 4, 24), D(2026, 5, 5))
    # 25-26/4 weekend, 27/4 Hùng Kings, 30/4 and 1/5 holidays, 2-3/5 weekend.
    assert days == [D(2026, 4, 24), D(2026, 4, 28), D(2026, 4, 29), D(2026, 5, 4), D(2026, 5, 5)]


def test_after_downtime_a_digest_is_sent_once(calendar):
    sent_friday = D(2026, 6, 12)
    # Down Monday and Tuesday: Wednesday's first sweep sends one office digest, not three.
    assert digest_due(at(D(2026, 6, 17), "09:15"), sent_friday, OFFICE, calendar) == D(2026, 6, 17)
    assert digest_due(at(D(2026, 6, 17), "09:16"), D(2026, 6, 17), OFFICE, calendar) is None
    # The leaders' Monday digest missed on 15/6 goes on Wednesday, once.
    assert digest_due(at(D(2026, 6, 17), "09:15"), D(2026, 6, 8), LEADERS, calendar) == D(2026, 6, 17)
    assert digest_due(at(D(2026, 6, 18), "09:15"), D(2026, 6, 17), LEADERS, calendar) is None


def test_next_digest_time(calendar):
    assert next_digest_at(at(D(2026, 4, 24), "08:00"), D(2026, 4, 20), LEADERS, calendar) == at(
        D(2026, 4, 28)
    )
    assert next_digest_at(at(D(2026, 4, 28), "07:00"), D(2026, 4, 20), LEADERS, calendar) == at(
        D(2026, 4, 28)
    )


def test_settings_read_reminder_policy_and_schedules_from_the_environment(monkeypatch):
    monkeypatch.setenv("DONDOC_REMINDERS__BEFORE_DAYS", "5,2")
    monkeypatch.setenv("DONDOC_REMINDERS__WINDOW_START", "08:00")
    monkeypatch.setenv("DONDOC_REMINDERS__EXTRA_DAYS_OFF", "2026-06-10,2026-06-11")
    monkeypatch.setenv("DONDOC_REMINDERS__PERIODIC_AS", "quarterly")
    monkeypatch.setenv("DONDOC_DIGESTS__LEADERS__WEEKDAYS", "0,3")
    monkeypatch.setenv("DONDOC_DIGESTS__OFFICE__AT", "07:45")
    settings = Settings(_env_file=None)
    policy = settings.reminders
    assert policy.before_days == [5, 2]
    assert policy.window_start == time(8, 0)
    assert policy.periodic_as == "quarterly"
    assert settings.digests.leaders.weekdays == [0, 3]
    assert settings.digests.office.at == time(7, 45)
    calendar = WorkCalendar.from_policy(policy, days_off={D(2026, 6, 12)})
    assert [calendar.is_working_day(D(2026, 6, day)) for day in (9, 10, 11, 12, 15)] == [
        True,
        False,
        False,
        False,
        True,
    ]
    assert not calendar.in_window(at(D(2026, 6, 15), "07:45"))


def test_defaults_match_the_issue():
    policy = ReminderPolicy()
    assert policy.before_days == [7, 3, 1]
    assert (policy.overdue_daily, policy.overdue_every, policy.escalate_after) == (3, 3, 3)
    assert (policy.stale_after_calendar_days, policy.snooze_max) == (14, 2)
    assert (policy.window_start, policy.window_end) == (time(7, 30), time(17, 0))


@pytest.mark.parametrize(
    "bad",
    [
        {"before_days": [0]},
        {"window_start": time(17, 0), "window_end": time(7, 30)},
        {"periodic_as": "hourly"},
    ],
)
def test_bad_policy_is_refused_at_start(bad):
    with pytest.raises(ValidationError):
        ReminderPolicy(**bad)
