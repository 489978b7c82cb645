"""One worker among several on a PostgreSQL database (issue 12): its name, its lease, and taking back the
outbox rows of workers that died.

A worker's claims are named by its worker id (host, pid and a random part: pid 1 in every container, and
one host's pid means nothing on another). It renews a lease in the database every RENEW_SECONDS; rows
claimed by a worker whose lease ran out LEASE_SECONDS after its last renewal are due again for any
worker. A worker that stops cleanly hands its rows back and leaves at once. On SQLite one process runs
the bot and the claim's pid says whether its owner lives (bot.outbox_owner).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
from datetime import UTC, datetime, timedelta

from telegram.ext import Application, CallbackContext

from storage.repositories.workers import WorkerRepository

log = logging.getLogger(__name__)

RENEW_SECONDS = 10.0
# Six missed renewals: a busy event loop delays one, never six; a dead worker's rows wait this long.
LEASE_SECONDS = 60.0


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class WorkerLease:
    def __init__(self, workers: WorkerRepository, owner: str,
                 lease: timedelta = timedelta(seconds=LEASE_SECONDS)) -> None:
        self.workers, self.owner, self.lease = workers, owner, lease

    async def renew(self, now: datetime | None = None) -> None:
        await self.workers.beat(self.owner, now or datetime.now(UTC), self.lease)

    async def take_back(self, now: datetime) -> None:
        """The outbox's take-back (OutboxSender.take_back): rows of workers whose lease ran out. Leases
        are wall-clock times; the rows are due again at the drain's moment (tests and the demo move it)."""
        for owner, rows in (await self.workers.take_back_from_dead(datetime.now(UTC), now)).items():
            log.info("outbox: taking back %s row(s) of stopped worker %s", rows, owner)

    async def leave(self) -> None:
        await self.workers.leave(self.owner)

    def schedule(self, app: Application) -> None:
        async def renew(_context: CallbackContext) -> None:
            await self.renew()

        assert app.job_queue is not None
        app.job_queue.run_repeating(renew, interval=RENEW_SECONDS, first=RENEW_SECONDS, name="worker lease",
                                    job_kwargs={"misfire_grace_time": None})
