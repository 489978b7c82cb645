"""One send pace for a bot token shared by every worker on a PostgreSQL database (issue 12): Telegram
counts a token's messages, not a process's. Times are seconds of the server's clock, so workers on hosts
whose clocks disagree still agree on the slots. PostgreSQL only (reserve_send_slot, migration 0011);
SQLite's single process paces itself in memory (bot.pacer)."""

from __future__ import annotations

from typing import NamedTuple

from storage.db import NotOnThisEngine
from storage.repositories.base import DeploymentRepository


class Slot(NamedTuple):
    """A reserved moment (server clock, epoch seconds) and the seconds from the server's now to it."""
    at: float
    wait: float


class SendPaceRepository(DeploymentRepository):
    def _only_on_server(self) -> None:
        if self.db.dialect != "postgresql":
            raise NotOnThisEngine("the shared send pace lives on PostgreSQL")

    async def reserve(self, bot_id: int, chat_id: int | None, spacing: float, chat_interval: float) -> float:
        """Reserve the next moment a message to `chat_id` (None: no chat pace) may leave; returns the
        seconds to wait for it (0 when it may leave now). One statement, in autocommit: the pace row's
        lock is held for microseconds, never for a caller's transaction."""
        return (await self.reserve_slot(bot_id, chat_id, spacing, chat_interval)).wait

    async def reserve_slot(self, bot_id: int, chat_id: int | None, spacing: float,
                           chat_interval: float) -> Slot:
        """As reserve, also returning the moment itself (what retake needs)."""
        self._only_on_server()
        row = await self.db.fetch_one(
            "SELECT slot, server_now FROM reserve_send_slot(?, ?, ?, ?)",
            (bot_id, chat_id, spacing, chat_interval))
        assert row is not None
        return Slot(float(row["slot"]), max(0.0, float(row["slot"]) - float(row["server_now"])))

    async def retake(self, bot_id: int, chat_id: int | None, spacing: float, chat_interval: float,
                     missed: float) -> Slot | None:
        """Swap the slot `missed` (reserved by reserve_slot for this message, passed before the worker
        could use it) for the next free one. The missed slot stays spent: the workers' other messages
        keep their moments, and this one leaves after them. The chat's next free moment moves on with the
        message, provided it is still the one `missed` set; None when another message to the chat was
        reserved since (then reserve_slot again: this message must leave a chat interval after that one).
        One statement: the overall slot under the pace row's lock, then the chat row's (the order
        reserve_send_slot takes them in)."""
        self._only_on_server()
        if chat_id is None or chat_interval <= 0:
            return await self.reserve_slot(bot_id, None, spacing, 0.0)
        row = await self.db.fetch_one(
            "WITH fresh AS (SELECT slot, server_now FROM reserve_send_slot(?, NULL, ?, 0)),"
            " moved AS (UPDATE chat_pace"
            "  SET free_at = (SELECT slot FROM fresh) + CAST(? AS DOUBLE PRECISION)"
            "  WHERE bot_id = ? AND chat_id = ?"
            "  AND free_at = CAST(? AS DOUBLE PRECISION) + CAST(? AS DOUBLE PRECISION)"
            "  RETURNING chat_id)"
            " SELECT slot, server_now, EXISTS (SELECT 1 FROM moved) AS moved FROM fresh",
            (bot_id, spacing, chat_interval, bot_id, chat_id, missed, chat_interval))
        assert row is not None
        if not row["moved"]:
            return None
        return Slot(float(row["slot"]), max(0.0, float(row["slot"]) - float(row["server_now"])))

    async def hold(self, bot_id: int, seconds: float) -> None:
        """Nothing leaves for `seconds` from now (a 429's retry_after), whichever worker asks."""
        self._only_on_server()
        await self.db.execute(
            "INSERT INTO send_pace (bot_id, next_at, paused_until)"
            " VALUES (?, 0, extract(epoch FROM clock_timestamp()) + CAST(? AS DOUBLE PRECISION))"
            " ON CONFLICT (bot_id) DO UPDATE"
            " SET paused_until = GREATEST(send_pace.paused_until, excluded.paused_until)",
            (bot_id, seconds))

    async def held_for(self, bot_id: int) -> float:
        """Seconds until a 429's hold ends (0 when none holds)."""
        self._only_on_server()
        value = await self.db.fetch_value(
            "SELECT GREATEST(0, paused_until - extract(epoch FROM clock_timestamp()))"
            " FROM send_pace WHERE bot_id = ?", (bot_id,))
        return float(value or 0.0)

    async def forget_idle_chats(self, idle_seconds: float = 3600.0) -> int:
        """Drop the pace of chats nothing was sent to for `idle_seconds` (they are free anyway)."""
        self._only_on_server()
        async with self.db.transaction():
            return await self.db.execute(
                "DELETE FROM chat_pace WHERE free_at < extract(epoch FROM clock_timestamp())"
                " - CAST(? AS DOUBLE PRECISION)",
                (idle_seconds,))
