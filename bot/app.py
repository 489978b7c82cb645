"""The one composition root: production (`dondoc run`), tests and `dondoc demo` all build the bot here."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from telegram.ext import Application, ApplicationBuilder, ContextTypes

from bot import background, handlers, jobs
from bot.config import Settings
from bot.context import BotData, Context
from bot.cpu_pool import warm_cpu
from bot.logs import protect_secret
from bot.outbox import OutboxSender, schedule_outbox
from bot.rate_limit import PacedRateLimiter
from bot.services.delivery_events import DeliveryEvents
from bot.services.reminders import WORKER_MIN_SUBJECTS, work_calendar
from bot.shared_pacer import SharedPacer
from bot.update_order import PerChatUpdateProcessor
from bot.wal_checkpoint import WalCheckpointer
from bot.workers import WorkerLease, worker_id
from storage.db import Database, open_database
from storage.repositories import FIRST_TENANT, Deployment

log = logging.getLogger(__name__)

# Updates of different chats handled at once (one chat's updates still go in order, bot.update_order).
# Handlers mostly wait on the database and on Telegram; beyond this many, more at once only queue there.
CONCURRENT_UPDATES = 16
# How long the event loop's thread may keep the interpreter's lock while a database thread waits for it
# (Python's default: 5 ms). Every statement goes through aiosqlite's thread and back; while the loop is
# busy with other people's updates, each hop waited up to the default, a dozen times per button press.
SWITCH_INTERVAL_SECONDS = 0.0005
# Each running application's WAL checkpointer (SQLite), stopped at its shutdown.
_CHECKPOINTERS: dict[int, WalCheckpointer] = {}


def build_application(
    settings: Settings, *, base_url: str | None = None, base_file_url: str | None = None
) -> Application:
    """Build the Application; raises bot.config.MissingTokenError when no token is configured."""
    token = settings.require_token()
    protect_secret(token)
    if settings.webhook_secret is not None:
        protect_secret(settings.webhook_secret.get_secret_value())
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url or settings.telegram_api_url)
        .base_file_url(base_file_url or settings.telegram_file_url)
        .rate_limiter(PacedRateLimiter(settings.send_rate_overall, settings.send_rate_per_chat))
        .context_types(ContextTypes(context=Context, bot_data=BotData))
        .concurrent_updates(PerChatUpdateProcessor(CONCURRENT_UPDATES))
        .job_queue(jobs.DrainingJobQueue())
        .connect_timeout(10)
        .read_timeout(20)
        .write_timeout(20)
        .media_write_timeout(60)
        .pool_timeout(10)
        .get_updates_read_timeout(10)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data.settings = settings
    handlers.register(app)
    return app


async def _post_init(app: Application) -> None:
    data: BotData = app.bot_data
    settings = data.settings
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    settings.db_path.parent.mkdir(parents=True, exist_ok=True)
    db = await open_database(settings.database, migrate=True)
    deployment = Deployment(db, tz=settings.tz)
    events = DeliveryEvents(deployment, data.render)
    lease = await _share_with_other_workers(app, deployment) if db.dialect == "postgresql" else None
    outbox = OutboxSender(
        deployment.outbox, app.bot,
        on_delivered=events.delivered, on_unreachable=events.unreachable, on_migrated=events.migrated,
        on_failed=events.failed,
        owner=lease.owner if lease else None, take_back=lease.take_back if lease else None,
    )
    try:
        # Opened after the writer migrated the file: read-only never creates or converts it.
        side_db = await open_database(settings.database, read_only=True)
    except BaseException:
        await db.close()
        raise
    data.attach_storage(db, outbox, side_db=side_db, lease=lease)
    if (checkpointer := await WalCheckpointer.start(db)) is not None:
        _CHECKPOINTERS[id(app)] = checkpointer
    schedule_outbox(app, outbox, settings.outbox_interval_seconds)
    if lease is not None:
        lease.schedule(app)
    # The holidays package imports its country module on first use: a tenth of a second with the loop
    # held, paid here rather than inside the first /tonghop or sweep while people are pressing.
    await work_calendar(deployment.repos(FIRST_TENANT), settings)
    await _warm_the_sweep_worker(db)
    await handlers.start.set_bot_commands(app.bot)
    jobs.schedule_jobs(app)
    log.info("bot @%s ready", app.bot.username)


async def _warm_the_sweep_worker(db: Database) -> None:
    """When the first sweep will plan in the worker process (bot.services.reminders), start that process
    now, in the background: spawning it and importing the planner takes a second or two of CPU, which
    the first sweep (10 s after the start) would otherwise add to the people pressing buttons then."""
    open_rows = await db.fetch_value(
        "SELECT COUNT(*) FROM (SELECT 1 FROM assignments WHERE status IN ('new', 'acknowledged',"
        " 'in_progress', 'returned') AND withdrawn_at IS NULL LIMIT ?) open_rows", (WORKER_MIN_SUBJECTS,))
    if int(open_rows or 0) >= WORKER_MIN_SUBJECTS:
        background.start(warm_cpu("bot.services.reminders"), "warm the sweep worker")


async def _share_with_other_workers(app: Application, deployment: Deployment) -> WorkerLease:
    """On PostgreSQL this process may be one of several workers: it takes a lease (its outbox claims are
    taken back only once it has died) and paces its sends with the others (bot.shared_pacer)."""
    lease = WorkerLease(deployment.workers, worker_id())
    await lease.renew()
    limiter = app.bot.rate_limiter
    if isinstance(limiter, PacedRateLimiter):
        limiter.pacer = SharedPacer(deployment.send_pace, app.bot.id, limiter.overall_per_second,
                                    limiter.chat_interval)
    log.info("worker %s shares the database with any other worker", lease.owner)
    return lease


async def _post_shutdown(app: Application) -> None:
    data: BotData = app.bot_data
    checkpointer = _CHECKPOINTERS.pop(id(app), None)
    try:
        if checkpointer is not None:
            await checkpointer.stop()
    finally:
        await data.close_storage()


@asynccontextmanager
async def running(app: Application, *, poll_timeout: float = 10.0) -> AsyncIterator[Application]:
    """Run `app` with long polling inside an already running event loop (tests, demo), with the same
    hooks and order as Application.run_polling."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    try:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=timedelta(seconds=poll_timeout))
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            if app.post_stop:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
