"""When a scheduled digest is due: the leaders' weekly one and the office's daily one. Pure.

Each configured weekday is an occurrence; an occurrence on a day off moves to the next working day, so a
Monday holiday sends the leaders' digest on Tuesday and Tết sends it once after the break. After downtime
the latest missed occurrence is sent once (`last_sent_on` guards the rest); on a first run nothing was
missed, and the digest waits for its next send day.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.config import DigestSchedule
from bot.services.calendar import WorkCalendar

# Longer than any run of days off, so a digest moved past Tết is still found.
_LOOKBACK_DAYS = 21


def digest_due(
    now: datetime, last_sent_on: date | None, schedule: DigestSchedule, calendar: WorkCalendar, *,
    catch_up: bool = True,
) -> date | None:
    """The local send day to record (and key the outbox with) if the digest is due at `now`, else None.

    Due when today is a working day, the local time is between `schedule.at` and the end of the send
    window, and no digest has been recorded on or after the latest send day that is not in the future.
    Without `catch_up` (a first run: nothing was ever sent, so nothing was missed) only on the send day
    itself: a bot started on Wednesday does not send Monday's weekly digest, it waits for next Monday.
    """
    local = calendar.local(now)
    today = local.date()
    if not calendar.is_working_day(today) or not schedule.at <= local.time() < calendar.window_end:
        return None
    latest = latest_send_day(today, schedule, calendar)
    if latest is None or (last_sent_on is not None and last_sent_on >= latest):
        return None
    if not catch_up and latest != today:
        return None
    return today


def latest_send_day(today: date, schedule: DigestSchedule, calendar: WorkCalendar) -> date | None:
    for back in range(_LOOKBACK_DAYS):
        occurrence = today - timedelta(days=back)
        if occurrence.weekday() in schedule.weekdays:
            send_day = calendar.working_day_on_or_after(occurrence)
            if send_day <= today:
                return send_day
    return None


def next_digest_at(
    now: datetime, last_sent_on: date | None, schedule: DigestSchedule, calendar: WorkCalendar
) -> datetime:
    """When the digest goes out next if nothing else is recorded (for `dondoc reminders --at` and logs)."""
    if digest_due(now, last_sent_on, schedule, calendar) is not None:
        return now
    day = calendar.local_date(now)
    # Defined by digest_due itself, so the two can never disagree.
    for _ in range(_LOOKBACK_DAYS * 4):
        moment = datetime.combine(day, schedule.at, tzinfo=calendar.tz)
        if moment > now and digest_due(moment, last_sent_on, schedule, calendar) is not None:
            return moment.astimezone(now.tzinfo)
        day += timedelta(days=1)
    raise RuntimeError("no digest occurrence found; check the schedule's weekdays")
