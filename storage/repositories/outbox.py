"""The outbox: every message is a row before it is a Bot API call.

The sender claims due rows with one conditional UPDATE inside BEGIN IMMEDIATE, so two sweeps never hold the
same row. A claim names its owner (process id and start stamp) and pushes next_attempt_at forward by a
lease: at the next start, rows whose owner died are taken back at once (`release_claims`); the lease only
guards against an owner that lives on but forgot its rows. A crash between a Bot API call and mark_sent
repeats that one row, never loses it.

On PostgreSQL several workers claim side by side: `FOR UPDATE SKIP LOCKED` passes over rows another
claim is taking, and a chat whose rows another worker holds is left to that worker, so one chat's
messages still leave in order from one place. Rows of a worker whose lease ran out are taken back by
storage.repositories.workers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from storage.models import NewOutboxMessage, OutboxFacts, OutboxMessage, Priority
from storage.repositories.base import DeploymentRepository, Repository, db_json, db_time

# No conflict target: a key is unique per tenant (outbox_key); DO NOTHING takes any unique index.
_INSERT = (
    "INSERT INTO outbox (tenant_id, key, chat_id, kind, payload, next_attempt_at, created_at, priority,"
    " notice_id, unit_id, person_id, part, tier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT DO NOTHING"
)

_CLAIM = (
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = ?"
    " WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
    "   ORDER BY priority, next_attempt_at, id LIMIT ?)"
    " AND status = 'pending' AND next_attempt_at <= ? RETURNING *"
)
# Several workers: skip rows another claim has locked, and chats another worker holds rows of. The pick
# is a materialised CTE: as `id IN (subquery … FOR UPDATE)` the planner may run it again per row.
_CLAIM_SHARED = (
    "WITH picked AS MATERIALIZED (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?"
    "   AND chat_id NOT IN (SELECT chat_id FROM outbox WHERE claimed_by IS NOT NULL AND claimed_by <> ?"
    "     AND status = 'pending')"
    "   ORDER BY priority, next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
    " UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, claimed_by = ?"
    " FROM picked WHERE outbox.id = picked.id RETURNING outbox.*"
)


def _facts(facts: OutboxFacts) -> tuple[int | None, int | None, int | None, int | None, str | None]:
    return facts.notice_id, facts.unit_id, facts.person_id, facts.part, facts.tier


class OutboxRepository(Repository):
    """A tenant's messages into the one queue of the token: each row carries the tenant (its keys are
    unique within it); sending is OutboxDelivery's, across tenants."""

    async def enqueue(
        self, key: str, chat_id: int, kind: str, payload: dict[str, Any], now: datetime, *,
        not_before: datetime | None = None, priority: Priority = Priority.bulk,
        facts: OutboxFacts | None = None,
    ) -> bool:
        """Add a message unless one with this idempotency key exists; False means it was a duplicate."""
        async with self.db.transaction():
            count = await self.db.execute(
                _INSERT, (self.tenant_id, key, chat_id, kind, db_json(payload), db_time(not_before or now),
                          db_time(now),
                          int(priority), *_facts(facts or OutboxFacts())),
            )
        return count == 1

    async def enqueue_many(
        self, items: Iterable[NewOutboxMessage], now: datetime, *, not_before: datetime | None = None
    ) -> int:
        """Enqueue several messages (joins the caller's transaction if any); returns how many were new."""
        due = db_time(not_before or now)
        rows = [(self.tenant_id, item.key, item.chat_id, item.kind, db_json(item.payload), due, db_time(now),
                 int(item.priority), *_facts(item)) for item in items]
        if not rows:
            return 0
        # One hop for all rows: a morning's 500 reminders inserted one await at a time held the write
        # lock for a fifth of a second, and every press's write waited.
        async with self.db.transaction():
            return await self.db.execute_many(_INSERT, rows)

    async def enqueue_latest(self, item: NewOutboxMessage, now: datetime, *, not_before: datetime) -> None:
        """Enqueue, or when a row with this key still waits, give it the newer payload (a redraw that
        should show the latest state when it finally goes out)."""
        async with self.db.transaction():
            await self.db.execute(
                _INSERT.replace("DO NOTHING", "(tenant_id, key) DO UPDATE SET payload = excluded.payload"
                                " WHERE outbox.status = 'pending'"),
                (self.tenant_id, item.key, item.chat_id, item.kind, db_json(item.payload),
                 db_time(not_before), db_time(now),
                 int(item.priority), *_facts(item)),
            )

    async def for_key(self, key: str) -> OutboxMessage | None:
        row = await self.db.fetch_one("SELECT * FROM outbox WHERE tenant_id = ? AND key = ?",
                                      (self.tenant_id, key))
        return None if row is None else OutboxMessage.model_validate(dict(row))

    async def for_notice(self, notice_id: int) -> list[OutboxMessage]:
        """The deliveries of one notice: its rows naming a unit, a person and a part of the message
        (reminders name no part), by the notice index."""
        rows = await self.db.fetch_all(
            "SELECT * FROM outbox WHERE notice_id = ? AND tenant_id = ? AND unit_id IS NOT NULL"
            " AND person_id IS NOT NULL AND part IS NOT NULL ORDER BY id", (notice_id, self.tenant_id),
        )
        return [OutboxMessage.model_validate(dict(row)) for row in rows]

    async def with_key_prefix(self, prefix: str) -> list[OutboxMessage]:
        """Every message whose key starts with prefix (e.g. one notice's deliveries), by the key index."""
        rows = await self.db.fetch_all(
            "SELECT * FROM outbox WHERE tenant_id = ? AND key >= ? AND key < ? ORDER BY id",
            (self.tenant_id, prefix, prefix + "\U0010ffff"),
        )
        return [OutboxMessage.model_validate(dict(row)) for row in rows]


class OutboxDelivery(DeploymentRepository):
    """Sending the queue: claims, results and leases over every tenant's rows (one token, one pace)."""

    async def claim_due(
        self, now: datetime, limit: int = 20, lease_seconds: float = 60, owner: str | None = None
    ) -> list[OutboxMessage]:
        """Claim up to `limit` pending rows due at `now` for `owner`, answers first, then oldest first;
        each claim counts as an attempt."""
        lease_until = now + timedelta(seconds=lease_seconds)
        async with self.db.transaction():
            if self.db.dialect == "postgresql":
                rows = await self.db.fetch_all(_CLAIM_SHARED, (
                    db_time(now), owner, limit, db_time(lease_until), owner))
            else:
                rows = await self.db.fetch_all(_CLAIM, (
                    db_time(lease_until), owner, db_time(now), limit, db_time(now)))
            # RETURNING order is unspecified; per-chat order must follow enqueue order.
            claimed = sorted((OutboxMessage.model_validate(dict(row)) for row in rows), key=lambda m: m.id)
            # Inside the transaction: a read of its own between this claim and the next on a connection
            # can hold a stale snapshot that makes the next BEGIN IMMEDIATE fail at once.
            return await self._label_tenants(claimed)

    async def _label_tenants(self, claimed: list[OutboxMessage]) -> list[OutboxMessage]:
        """Name the tenant on the rows whose recipient serves several (a person with roles in two
        committees must see which one a message is about)."""
        tenant_ids = {m.tenant_id for m in claimed if m.tenant_id is not None}
        if not tenant_ids or int(await self.db.fetch_value("SELECT COUNT(*) FROM tenants")) < 2:
            return claimed
        chats = sorted({m.chat_id for m in claimed if m.tenant_id is not None})
        chat_marks = ", ".join("?" for _ in chats)
        several = {row[0] for row in await self.db.fetch_all(
            # a deployment admin's role (no tenant) counts as every tenant's
            "SELECT p.chat_id FROM people p JOIN roles r ON r.person_id = p.id"  # noqa: S608 - marks only
            f" WHERE p.chat_id IN ({chat_marks}) GROUP BY p.chat_id"
            " HAVING COUNT(DISTINCT r.tenant_id) > 1"
            " OR SUM(CASE WHEN r.tenant_id IS NULL THEN 1 ELSE 0 END) > 0",
            chats)}
        if not several:
            return claimed
        names = {row[0]: row[1] for row in await self.db.fetch_all(
            f"SELECT id, name FROM tenants WHERE id IN ({', '.join('?' for _ in tenant_ids)})",  # noqa: S608
            sorted(tenant_ids))}
        for message in claimed:
            if message.tenant_id is not None and message.chat_id in several:
                message.tenant_label = names.get(message.tenant_id)
        return claimed

    async def claim_owners(self) -> list[str]:
        """Owners holding claims on pending rows (normally only the running process)."""
        rows = await self.db.fetch_all(
            "SELECT DISTINCT claimed_by FROM outbox WHERE claimed_by IS NOT NULL AND status = 'pending'"
        )
        return [row[0] for row in rows]

    async def release_claims(self, owner: str, now: datetime) -> int:
        """Take back the rows `owner` (a process that died) claimed: due again at `now`."""
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE outbox SET claimed_by = NULL, next_attempt_at = ?"
                " WHERE claimed_by = ? AND status = 'pending'",
                (db_time(now), owner),
            )
        return count

    async def mark_sent(self, message_id: int, telegram_message_id: int | None, now: datetime) -> bool:
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE outbox SET status = 'sent', telegram_message_id = ?, sent_at = ?, last_error = NULL,"
                " claimed_by = NULL WHERE id = ? AND status = 'pending'",
                (telegram_message_id, db_time(now), message_id),
            )
        return count == 1

    async def retry_later(self, message_id: int, next_attempt_at: datetime, error: str | None) -> bool:
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE outbox SET next_attempt_at = ?, last_error = ?, claimed_by = NULL"
                " WHERE id = ? AND status = 'pending'",
                (db_time(next_attempt_at), error, message_id),
            )
        return count == 1

    async def mark_failed(self, message_id: int, error: str, now: datetime) -> bool:
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE outbox SET status = 'failed', last_error = ?, sent_at = NULL, next_attempt_at = ?,"
                " claimed_by = NULL WHERE id = ? AND status = 'pending'",
                (error, db_time(now), message_id),
            )
        return count == 1

    async def pending_count(self) -> int:
        return int(await self.db.fetch_value("SELECT COUNT(*) FROM outbox WHERE status = 'pending'"))

    async def get(self, message_id: int) -> OutboxMessage | None:
        row = await self.db.fetch_one("SELECT * FROM outbox WHERE id = ?", (message_id,))
        return None if row is None else OutboxMessage.model_validate(dict(row))
