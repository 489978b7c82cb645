"""Scheduled digests: the leaders' weekly digest and the office's daily list, as outbox rows.

When: `digest_due` (settings.digests, working days only, a day off moves the digest to the next working
day). What: leaders get the /tonghop content for the past calendar week plus what falls due this week;
the office gets overdue items, deliveries nobody acknowledged, unreachable heads and recurring tasks
without a report this period. Each recipient's digest is keyed `digest:{audience}:{person_id}:{day}`
(`…:{day}:2` for a second message, `…:{day}:chart` for the leaders' chart of the past week), so a job
running every minute, or again after a restart, adds nothing.
bot/jobs.py runs it every minute.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from typing import Any

from bot.config import DigestSchedule, Settings
from bot.services import leader_titles
from bot.services.calendar import WorkCalendar
from bot.services.digest import Digest, build_digest
from bot.services.digest_messages import digest_messages
from bot.services.digest_schedule import digest_due, latest_send_day
from bot.services.monthly_report import reports_folder
from bot.services.reminders import work_calendar
from bot.services.report_files import make_files_in_process
from bot.services.report_scope import ReportScope
from storage.models import NewOutboxMessage, Person, RoleName
from storage.repositories import Repositories

log = logging.getLogger(__name__)

Drain = Callable[[datetime], Awaitable[Any]]
OFFICE_LIST_LIMIT = 25
_AUDIENCES = (("leaders", RoleName.leader, "digest_leaders_weekly.html.j2"),
              ("office", RoleName.office, "digest_office_daily.html.j2"))


def digest_key(audience: str, person_id: int, day: date, part: int = 1) -> str:
    base = f"digest:{audience}:{person_id}:{day.isoformat()}"
    return base if part == 1 else f"{base}:{part}"


async def _last_sent_on(
    repos: Repositories, audience: str, person_id: int, today: date, schedule: DigestSchedule,
    calendar: WorkCalendar,
) -> date | None:
    """The latest recorded send day that matters: only days from the latest occurrence on can hold the
    digest due now, so a few key lookups replace reading the person's whole history every minute."""
    latest = latest_send_day(today, schedule, calendar)
    day = today
    while latest is not None and day >= latest:
        if await repos.outbox.for_key(digest_key(audience, person_id, day)) is not None:
            return day
        day -= timedelta(days=1)
    return None


async def _received_before(repos: Repositories, audience: str, person_id: int) -> bool:
    """Whether this person was ever sent this digest (asked only when a missed one would be caught up)."""
    return bool(await repos.outbox.with_key_prefix(f"digest:{audience}:{person_id}:"))


async def _digest(
    audience: str, repos: Repositories, settings: Settings, day: date, calendar: WorkCalendar,
) -> Digest:
    if audience == "leaders":
        week_start = day - timedelta(days=day.weekday())
        digest = await build_digest(
            repos, today=day, period_start=week_start - timedelta(days=7),
            period_end=week_start - timedelta(days=1), due_until=week_start + timedelta(days=6),
            calendar=calendar, policy=settings.reminders,
        )
    else:
        digest = await build_digest(
            repos, today=day, period_start=day, period_end=day, calendar=calendar,
            policy=settings.reminders, list_limit=OFFICE_LIST_LIMIT,
        )
    return digest


async def _weekly_chart(tenant_id: int, settings: Settings, day: date, now: datetime,
                        render: Callable[..., str]) -> dict[str, Any]:
    """The past week's chart (the leaders' digest period), drawn once under reports/ for every leader."""
    week_start = day - timedelta(days=day.weekday())
    scope = ReportScope(start=week_start - timedelta(days=7), end=week_start - timedelta(days=1))
    folder = reports_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    # one file per tenant and week: committees never share a chart
    path = folder / f"bieu-do-tuan-{tenant_id}-{day:%Y%m%d}.png"
    data = await make_files_in_process(settings.database, tenant_id, settings.db_path.parent,
                                       settings.timezone, scope, day, now, chart=path)
    return {"path": str(path), "caption": render("report/chart_caption.html.j2", data=data)}


def _reachable(people: list[Person]) -> list[Person]:
    return [p for p in people if p.chat_id is not None and p.reachable]


async def run_scheduled_digests(
    repos: Repositories, outbox_drain: Drain | None, settings: Settings, now: datetime,
    render: Callable[..., str], *, side: Repositories | None = None,
) -> int:
    """Enqueue every digest due at `now`; returns how many messages were added (0 when none was due).
    `side`, a second read-only connection, reads the digest itself, so the bot's one writing connection
    stays free for the presses meanwhile (BotData.side)."""
    calendar = await work_calendar(repos, settings)
    today = calendar.local_date(now)
    added = 0
    for audience, role, template in _AUDIENCES:
        schedule: DigestSchedule = getattr(settings.digests, audience)
        if digest_due(now, None, schedule, calendar) is None:
            continue  # not a send moment at all: no query per person
        digest: Digest | None = None
        titles = ({leader.person.id: leader.title for leader in await leader_titles.leaders(repos)}
                  if audience == "leaders" else {})
        chart: dict[str, Any] | None = None
        for person in _reachable(await repos.roles.people_with_role(role)):
            last = await _last_sent_on(repos, audience, person.id, today, schedule, calendar)
            day = digest_due(now, last, schedule, calendar)
            if day is not None and last is None and not await _received_before(repos, audience, person.id):
                # first run, or new to the audience: no past digest was missed, only today's may go
                day = digest_due(now, last, schedule, calendar, catch_up=False)
            if day is None:
                continue
            if digest is None:  # the same digest for everyone in the audience: built once per run
                digest = await _digest(audience, side or repos, settings, day, calendar)
            # each leader is addressed by their title (Chủ tịch / Phó Chủ tịch) once it is recorded
            texts = digest_messages(render, template, digest=digest, reader=person.display_name,
                                    reader_title=titles.get(person.id))
            assert person.chat_id is not None
            items = [NewOutboxMessage(key=digest_key(audience, person.id, day, part), chat_id=person.chat_id,
                                      kind="message", payload={"text": text})
                     for part, text in enumerate(texts, start=1)]
            if audience == "leaders":
                chart = chart or await _weekly_chart(repos.tenant_id, settings, day, now, render)
                items.append(NewOutboxMessage(key=f"{digest_key(audience, person.id, day)}:chart",
                                        chat_id=person.chat_id, kind="photo", payload=chart))
            added += await repos.outbox.enqueue_many(items, now)
    if added:
        log.info("scheduled digests: %s message(s) enqueued", added)
        if outbox_drain is not None:
            await outbox_drain(now)
    return added

