"""Workers sharing one database (issue 12: several `dondoc run --webhook` on one PostgreSQL): the updates
they handled, so an update delivered twice is handled once, and their leases, so the rows a dead worker
had claimed are taken back by a live one without a live worker's rows ever being taken."""

from __future__ import annotations

from datetime import datetime, timedelta

from storage.repositories.base import DeploymentRepository, db_time


class WorkerRepository(DeploymentRepository):
    # --- updates ------------------------------------------------------------------------------------
    async def first_delivery(self, bot_id: int, update_id: int, now: datetime) -> bool:
        """Record that an update is being handled; False when some worker recorded it already (Telegram
        retried a webhook post that timed out, perhaps to another worker)."""
        async with self.db.transaction():
            count = await self.db.execute(
                "INSERT INTO handled_updates (bot_id, update_id, handled_at) VALUES (?, ?, ?)"
                " ON CONFLICT (bot_id, update_id) DO NOTHING",
                (bot_id, update_id, db_time(now)),
            )
        return count == 1

    async def forget_updates(self, before: datetime) -> int:
        """Drop the records of updates handled before `before` (Telegram keeps an update 24 hours)."""
        async with self.db.transaction():
            return await self.db.execute(
                "DELETE FROM handled_updates WHERE handled_at < ?", (db_time(before),))

    # --- leases -------------------------------------------------------------------------------------
    async def beat(self, owner: str, now: datetime, lease: timedelta) -> None:
        """`owner` is alive until now + lease (renewed well before that by the running worker)."""
        async with self.db.transaction():
            await self.db.execute(
                "INSERT INTO workers (owner, started_at, alive_until) VALUES (?, ?, ?)"
                " ON CONFLICT (owner) DO UPDATE SET alive_until = excluded.alive_until",
                (owner, db_time(now), db_time(now + lease)),
            )

    async def leave(self, owner: str) -> None:
        """A worker stopping cleanly (its claims were handed back already)."""
        async with self.db.transaction():
            await self.db.execute("DELETE FROM workers WHERE owner = ?", (owner,))

    async def take_back_from_dead(self, now: datetime, due: datetime | None = None) -> dict[str, int]:
        """Pending outbox rows claimed by a worker whose lease ran out by `now` (or that never held one)
        are due again at `due` (default: now); returns the rows taken back per dead owner. The leases of
        dead workers go too."""
        dead = (" status = 'pending' AND claimed_by IS NOT NULL AND claimed_by NOT IN"
                " (SELECT owner FROM workers WHERE alive_until > ?)")
        async with self.db.transaction():  # one writer at a time: nobody claims between the two
            rows = await self.db.fetch_all(
                f"SELECT claimed_by, COUNT(*) FROM outbox WHERE {dead} GROUP BY claimed_by",  # noqa: S608
                (db_time(now),))
            if rows:
                await self.db.execute(
                    f"UPDATE outbox SET claimed_by = NULL, next_attempt_at = ? WHERE {dead}",  # noqa: S608
                    (db_time(due or now), db_time(now)))
            await self.db.execute("DELETE FROM workers WHERE alive_until <= ?", (db_time(now),))
        return {row[0]: int(row[1]) for row in rows}

    async def alive(self, now: datetime) -> list[str]:
        rows = await self.db.fetch_all(
            "SELECT owner FROM workers WHERE alive_until > ? ORDER BY owner", (db_time(now),))
        return [row[0] for row in rows]
