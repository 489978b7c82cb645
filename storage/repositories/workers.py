"""Workers sharing one database (issue 12: several `dondoc run --webhook` on one PostgreSQL): the updates
they handled, so an update delivered twice is handled once, and their leases, so the rows a dead worker
had claimed are taken back by a live one without a live worker's rows ever being taken."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from storage.repositories.base import DeploymentRepository, db_time


class UnfinishedUpdate(BaseModel):
    """An update a gone worker received and never finished: its JSON and the attempt it is now on."""

    update_id: int
    payload: str
    attempts: int


class WorkerRepository(DeploymentRepository):
    # --- updates ------------------------------------------------------------------------------------
    async def receive(self, bot_id: int, update_id: int, payload: str, receiver: str, now: datetime) -> bool:
        """Store an update as it arrives, before Telegram is told it was received; False when some worker
        stored it already (Telegram retried a webhook post that timed out, perhaps to another worker)."""
        async with self.db.transaction():
            count = await self.db.execute(
                "INSERT INTO handled_updates (bot_id, update_id, handled_at, payload, receiver, attempts)"
                " VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (bot_id, update_id) DO NOTHING",
                (bot_id, update_id, db_time(now), payload, receiver),
            )
        return count == 1

    async def finish(self, bot_id: int, update_id: int, now: datetime) -> None:
        """The update's handling finished, whatever its outcome: it is never replayed."""
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE handled_updates SET done_at = ?"
                " WHERE bot_id = ? AND update_id = ? AND done_at IS NULL",
                (db_time(now), bot_id, update_id))

    async def take_over_unfinished(self, bot_id: int, receiver: str, now: datetime, *, max_attempts: int,
                                   all_others: bool = False) -> tuple[list[UnfinishedUpdate], list[int]]:
        """The updates of `bot_id` received but not finished by a worker that is gone, now `receiver`'s,
        in update_id order with their attempt counted; and those given up (attempted `max_attempts` times
        already: marked done). Gone means: its lease ran out or it never held one; with `all_others`
        (SQLite: one process per database), any receiver but `receiver`."""
        gone = "bot_id = ? AND done_at IS NULL AND payload IS NOT NULL AND (receiver IS NULL OR receiver <> ?"
        params: tuple[object, ...] = (bot_id, receiver)
        if not all_others:
            gone += " AND receiver NOT IN (SELECT owner FROM workers WHERE alive_until > ?)"
            params += (db_time(now),)
        gone += ")"
        async with self.db.transaction():  # one writer at a time: two workers never take the same row
            rows = await self.db.fetch_all(
                f"SELECT update_id, payload, attempts FROM handled_updates WHERE {gone}"  # noqa: S608
                " ORDER BY update_id", params)
            given_up = [int(row[0]) for row in rows if int(row[2]) >= max_attempts]
            taken = [UnfinishedUpdate(update_id=int(row[0]), payload=row[1], attempts=int(row[2]) + 1)
                     for row in rows if int(row[2]) < max_attempts]
            for update_id in given_up:
                await self.db.execute(
                    "UPDATE handled_updates SET done_at = ? WHERE bot_id = ? AND update_id = ?",
                    (db_time(now), bot_id, update_id))
            for update in taken:
                await self.db.execute(
                    "UPDATE handled_updates SET receiver = ?, attempts = ?"
                    " WHERE bot_id = ? AND update_id = ?",
                    (receiver, update.attempts, bot_id, update.update_id))
        return taken, given_up

    async def forget_updates(self, before: datetime) -> int:
        """Drop the records of finished updates received before `before` (Telegram keeps an update 24
        hours, so a repeat cannot come later)."""
        async with self.db.transaction():
            return await self.db.execute(
                "DELETE FROM handled_updates WHERE handled_at < ? AND done_at IS NOT NULL",
                (db_time(before),))

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
