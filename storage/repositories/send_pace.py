"""One send pace for a bot token shared by every worker on a PostgreSQL database (issue 12): Telegram
counts a token's messages, not a process's. Times are seconds of the server's clock, so workers on hosts
whose clocks disagree still agree on the slots. PostgreSQL only (reserve_send_slot, migration 0011);
SQLite's single process paces itself in memory (bot.pacer)."""

from __future__ import annotations

from storage.db import NotOnThisEngine
from storage.repositories.base import DeploymentRepository


class SendPaceRepository(DeploymentRepository):
    def _only_on_server(self) -> None:
        if self.db.dialect != "postgresql":
            raise NotOnThisEngine("the shared send pace lives on PostgreSQL")

    async def reserve(self, bot_id: int, chat_id: int | None, spacing: float, chat_interval: float) -> float:
        """Reserve the next moment a message to `chat_id` (None: no chat pace) may leave; returns the
        seconds to wait for it (0 when it may leave now). One statement, in autocommit: the pace row's
        lock is held for microseconds, never for a caller's transaction."""
        self._only_on_server()
        row = await self.db.fetch_one(
            "SELECT slot, server_now FROM reserve_send_slot(?, ?, ?, ?)",
            (bot_id, chat_id, spacing, chat_interval))
        assert row is not None
        return max(0.0, float(row["slot"]) - float(row["server_now"]))

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
