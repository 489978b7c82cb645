"""Every Bot API call that produces a message waits for its slot from the one Pacer (bot.pacer), whoever
makes it: the outbox (with the row's priority as `rate_limit_args`) or a handler answering the person who
just acted (most urgent by default). A 429 pauses the Pacer, so every send waiting for a slot — rows the
outbox already claimed included — holds until retry_after has passed; it is logged once per flood as one
WARNING line and re-raised for the outbox's error policy (never retried here, never with a traceback).
On PostgreSQL the Pacer is swapped for bot.shared_pacer.SharedPacer (post_init): one pace for every
worker of the token."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.pacer import Pacer, Priority
from bot.telegram_errors import retry_after_of

log = logging.getLogger(__name__)

# Chat-bound calls that do not produce a message are not paced.
_UNPACED = {"sendChatAction", "answerCallbackQuery", "getChat", "getChatMember", "getFile"}


class SendPace(Protocol):
    """What the limiter and the outbox ask of a pace: bot.pacer.Pacer, bot.shared_pacer.SharedPacer."""

    def chat_wait(self, chat_id: int | str) -> float: ...
    async def acquire(self, chat_id: int | str | None, priority: int = ...) -> None: ...
    async def pause(self, seconds: float) -> bool: ...


class PacedRateLimiter(BaseRateLimiter[int]):
    def __init__(self, overall_per_second: float = 30.0, per_chat_per_second: float = 1.0) -> None:
        self.overall_per_second = overall_per_second
        self.chat_interval = 1 / per_chat_per_second if per_chat_per_second > 0 else 0.0
        self.pacer: SendPace = Pacer(overall_per_second, self.chat_interval)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat_id = data.get("chat_id")
        if chat_id is not None and endpoint not in _UNPACED:
            priority = Priority.answer if rate_limit_args is None else rate_limit_args
            await self.pacer.acquire(chat_id, priority)
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as error:
            wait = retry_after_of(error).total_seconds()
            if await self.pacer.pause(wait):
                log.warning("Telegram flood control: every send waits %.0f s (%s to chat %s)",
                            wait, endpoint, chat_id)
            raise
