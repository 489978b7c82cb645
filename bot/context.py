"""Typed dependencies for handlers: `context.bot_data.settings`, never `bot_data["settings"]`.

PTB creates BotData itself (no arguments); build_application fills `settings` and `render`, and the
post_init hook opens storage and fills `db`, `repos` and `outbox`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

from messages.render import clip, render, split_blocks

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.outbox import OutboxSender


class BotData:
    def __init__(self) -> None:
        self._settings: Settings | None = None
        # Renderer functions (messages/render.py), here so handlers need no import and tests could
        # swap them: render(name, **ctx) -> str, split_blocks(blocks) -> list[str], clip(text) -> str.
        self.render: Callable[..., str] = render
        self.split_blocks: Callable[..., list[str]] = split_blocks
        self.clip: Callable[..., str] = clip
        # Filled by the post_init hook once storage exists (flow engineers): the aiosqlite connection
        # and the repositories object; `outbox` is the OutboxSender the outbox job drains.
        self.db: Any = None
        self.repos: Any = None
        self.outbox: OutboxSender | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            raise RuntimeError("BotData.settings is set by build_application")
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = value


# Handlers annotate `context: Context` to get typed `context.bot_data`.
Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]
