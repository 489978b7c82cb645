"""Periodic sweeps, re-created on every start from bot.app's post_init. The JobQueue holds no state: each
run recomputes what is due from the database, so a restart or a missed minute loses nothing.

- reminders: every minute (first run a few seconds after start) `run_reminder_sweep`, then a drain of the
  outbox so a due reminder reaches the head within seconds;
- digests: every minute `run_scheduled_digests` (leaders weekly with its chart, office daily) and
  `run_monthly_report` (the office's monthly workbook), which decide themselves whether they are due;
- housekeeping: every hour, forget the ids of updates handled two days ago (bot.services.updates) and,
  on PostgreSQL, the send pace of chats idle for an hour.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from telegram.ext import Application, JobQueue

from bot import background
from bot.config import Settings
from bot.context import Context
from bot.services import reminders
from bot.services.monthly_report import run_monthly_report
from bot.services.reminder_messages import Render
from bot.services.scheduled_digests import run_scheduled_digests
from bot.services.tenant_settings import TenantSettingsError, tenant_settings
from bot.services.updates import forget_old_updates
from storage.repositories import Deployment, Repositories

log = logging.getLogger(__name__)

SWEEP_INTERVAL_SECONDS = 60.0
FIRST_SWEEP_SECONDS = 10.0
FIRST_DIGEST_SECONDS = 15.0
HOUSEKEEPING_SECONDS = 3600.0


class TenantSweeps:
    """One sweep gate per tenant (each has its own policy, days off and changes)."""

    def __init__(self) -> None:
        self._gates: dict[int, reminders.SweepGate] = {}

    def gate(self, tenant_id: int) -> reminders.SweepGate:
        return self._gates.setdefault(tenant_id, reminders.SweepGate())


async def reminder_job(context: Context) -> None:
    data = context.bot_data
    sweeps = context.job.data if context.job is not None else None
    if not isinstance(sweeps, TenantSweeps):
        return
    # Read through the module so tests can move the clock (monkeypatch reminders.utc_now).
    now = reminders.utc_now()
    results = await sweep_tenants(data.deployment, sweeps, data.settings, now, data.render,
                                  repos_for=data.repos_for, side_for=data.side_for)
    for tenant_id, result in results.items():
        if result.messages:
            log.info("reminder sweep, tenant %s: %s message(s), %s reminder(s) recorded", tenant_id,
                     len(result.messages), len(result.recorded))
    if any(result.messages for result in results.values()):
        await _drain_in_background(context)(now)


async def sweep_tenants(
    deployment: Deployment, sweeps: TenantSweeps, settings: Settings, now: datetime, render: Render, *,
    repos_for: Callable[[int], Repositories], side_for: Callable[[int], Repositories] | None = None,
) -> dict[int, reminders.SweepResult]:
    """Every tenant's sweep at `now`, as far as its gate lets it through; the results of those that ran.

    One read across tenants says what each has to plan or due now; a tenant with nothing, whose schedule
    was planned with its policy of today, is skipped without a query of its own (its gate still sweeps it
    the minute after it recorded reminders), so a quiet minute costs two small queries however many
    tenants the deployment has, a restart's first minute included."""
    due = await deployment.tenants.reminders_due(now)
    results: dict[int, reminders.SweepResult] = {}
    for tenant in await deployment.tenants.all():
        try:
            own = tenant_settings(settings, tenant)
        except TenantSettingsError as error:
            log.error("tenant %s: reminders skipped, its settings are invalid: %s", tenant.id, error)
            continue
        side = side_for(tenant.id) if side_for is not None else None
        result = await sweeps.gate(tenant.id).sweep(repos_for(tenant.id), own, now, render, side,
                                                    due=due.get(tenant.id))
        if result is not None:
            results[tenant.id] = result
    return results


async def digest_job(context: Context) -> None:
    data = context.bot_data
    now = reminders.utc_now()
    drain = _drain_in_background(context)
    for tenant in await data.deployment.tenants.all():
        try:
            settings = tenant_settings(data.settings, tenant)
        except TenantSettingsError as error:
            log.error("tenant %s: digests skipped, its settings are invalid: %s", tenant.id, error)
            continue
        repos = data.repos_for(tenant.id)
        await run_scheduled_digests(repos, drain, settings, now, data.render, side=data.side_for(tenant.id))
        await run_monthly_report(repos, settings, now, data.render, drain)


async def housekeeping_job(context: Context) -> None:
    deployment = context.bot_data.deployment
    # Wall-clock: update ids are recorded at the moment they arrive, not at the jobs' (movable) clock.
    await forget_old_updates(deployment, datetime.now(UTC))
    if deployment.db.dialect == "postgresql":
        await deployment.send_pace.forget_idle_chats()


def _drain_in_background(context: Context) -> Callable[[datetime], Awaitable[None]]:
    """Send what a job queued, from `now` (the job's clock: tests move it), without the job awaiting it:
    a drain lasts as long as messages are due (a morning of reminders: minutes), and a job still running
    holds the bot's stop (bot.background)."""

    async def drain(now: datetime) -> None:
        if context.application.running:
            background.start(context.bot_data.outbox.drain(now), "job drain")

    return drain


class DrainingJobQueue(JobQueue):
    """A JobQueue whose stop lets every running job finish and starts no new one meanwhile.

    PTB's stop(wait=True) waits for the jobs running when it is called, but the scheduler keeps firing
    during that wait, and whatever it started then is cancelled halfway by APScheduler's shutdown: a
    drain cut between a send and its record, or still using the database after post_shutdown closed
    it. Pausing the scheduler first closes that window."""

    async def stop(self, wait: bool = True) -> None:
        if self.scheduler.running:
            self.scheduler.pause()
        if wait:
            while pending := [f for f in self._executor._pending_futures if not f.done()]:
                await asyncio.gather(*pending, return_exceptions=True)
        await super().stop(wait=wait)


def schedule_jobs(app: Application) -> None:
    """Register the sweeps; called once per start, after storage is open."""
    queue = app.job_queue
    assert queue is not None
    queue.run_repeating(reminder_job, interval=SWEEP_INTERVAL_SECONDS, first=FIRST_SWEEP_SECONDS,
                        name="reminders", data=TenantSweeps())
    queue.run_repeating(digest_job, interval=SWEEP_INTERVAL_SECONDS, first=FIRST_DIGEST_SECONDS,
                        name="digests")
    queue.run_repeating(housekeeping_job, interval=HOUSEKEEPING_SECONDS, first=HOUSEKEEPING_SECONDS,
                        name="housekeeping")
