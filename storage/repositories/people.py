"""People: everyone who talks to the bot, keyed by Telegram user id."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from storage.models import Person
from storage.repositories.base import DeploymentRepository, db_time


class PersonRepository(DeploymentRepository):
    """People are the deployment's, not a tenant's: one Telegram user, whatever committees they serve."""

    async def upsert_from_telegram(
        self, telegram_user_id: int, chat_id: int | None, display_name: str, now: datetime
    ) -> Person:
        """Create or refresh a person from an update. A person who writes to the bot is reachable again."""
        known = await self.get_by_telegram_id(telegram_user_id)
        return await (self._write(telegram_user_id, chat_id, display_name, now) if known is None
                      else self.refresh(known, chat_id, display_name, now))

    async def refresh(self, known: Person, chat_id: int | None, display_name: str, now: datetime) -> Person:
        """`known` as an update from them shows them now. Someone known as they are writes nothing: no
        write transaction per update, and the reminder sweep's quiet-minute gate (people.updated_at)
        stays shut."""
        changed = ((chat_id is not None and (chat_id != known.chat_id or not known.reachable))
                   or (bool(display_name) and display_name != known.display_name))
        if not changed:
            return known
        return await self._write(known.telegram_user_id, chat_id, display_name, now)

    async def _write(
        self, telegram_user_id: int, chat_id: int | None, display_name: str, now: datetime
    ) -> Person:
        async with self.db.transaction():
            row = await self.db.fetch_one(
                "INSERT INTO people (telegram_user_id, chat_id, display_name, reachable, created_at,"
                " updated_at)"
                " VALUES (?, ?, ?, 1, ?, ?)"
                " ON CONFLICT (telegram_user_id) DO UPDATE SET"
                " chat_id = COALESCE(excluded.chat_id, people.chat_id),"
                " display_name = CASE WHEN excluded.display_name = '' THEN people.display_name"
                "   ELSE excluded.display_name END,"
                " reachable = CASE WHEN excluded.chat_id IS NULL THEN people.reachable ELSE 1 END,"
                " updated_at = excluded.updated_at"
                " RETURNING *",
                (telegram_user_id, chat_id, display_name or "", db_time(now), db_time(now)),
            )
        assert row is not None
        return Person.model_validate(dict(row))

    async def get(self, person_id: int) -> Person | None:
        row = await self.db.fetch_one("SELECT * FROM people WHERE id = ?", (person_id,))
        return None if row is None else Person.model_validate(dict(row))

    async def get_many(self, person_ids: Iterable[int]) -> list[Person]:
        wanted = sorted(set(person_ids))
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        rows = await self.db.fetch_all(f"SELECT * FROM people WHERE id IN ({marks}) ORDER BY id", wanted)  # noqa: S608
        return [Person.model_validate(dict(row)) for row in rows]

    async def get_by_telegram_id(self, telegram_user_id: int) -> Person | None:
        row = await self.db.fetch_one("SELECT * FROM people WHERE telegram_user_id = ?", (telegram_user_id,))
        return None if row is None else Person.model_validate(dict(row))

    async def by_chat_id(self, chat_id: int) -> list[Person]:
        """Who receives messages in this chat (for the send error policy)."""
        rows = await self.db.fetch_all("SELECT * FROM people WHERE chat_id = ? ORDER BY id", (chat_id,))
        return [Person.model_validate(dict(row)) for row in rows]

    async def list(self) -> list[Person]:
        rows = await self.db.fetch_all("SELECT * FROM people ORDER BY display_name, id")
        return [Person.model_validate(dict(row)) for row in rows]

    async def set_reachable(self, person_id: int, reachable: bool, now: datetime) -> bool:
        """Returns True when the flag changed (so "blocked" is reported once)."""
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE people SET reachable = ?, updated_at = ? WHERE id = ? AND reachable <> ?",
                (int(reachable), db_time(now), person_id, int(reachable)),
            )
            if count:
                await self._audit(at=now, actor_id=None, action="set_reachable", entity="person",
                                  entity_id=person_id, before={"reachable": not reachable},
                                  after={"reachable": reachable})
        return bool(count)

    async def update_chat_id(self, old_chat_id: int, new_chat_id: int, now: datetime) -> int:
        """Telegram's ChatMigrated: move everyone from the old chat id; returns people updated."""
        async with self.db.transaction():
            count = await self.db.execute(
                "UPDATE people SET chat_id = ?, updated_at = ? WHERE chat_id = ?",
                (new_chat_id, db_time(now), old_chat_id),
            )
            await self.db.execute(
                "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND status = 'pending'",
                (new_chat_id, old_chat_id),
            )
        return count
