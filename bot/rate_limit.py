"""PTB's AIORateLimiter plus a per-chat pace (Telegram asks for at most about one message per second
in a chat; AIORateLimiter alone only paces groups). RetryAfter is never retried here
(max_retries=0): it reaches the outbox, which owns the one error policy."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

# Chat-bound calls that do not produce a message are not paced.
_UNPACED = {"sendChatAction", "answerCallbackQuery", "getChat", "getChatMember"}
_MAX_IDLE_LIMITERS = 512


class _DropHandledRetryAfter(logging.Filter):
    # With max_retries=0 AIORateLimiter logs every RetryAfter as an ERROR with a traceback before
    # re-raising it, although the outbox handles it; the outbox logs its own line instead.
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Rate limit hit after maximum of 0 retries")


logging.getLogger("telegram.ext.AIORateLimiter").addFilter(_DropHandledRetryAfter())


class PacedRateLimiter(AIORateLimiter):
    def __init__(self, overall_per_second: float = 30.0, per_chat_per_second: float = 1.0) -> None:
        # A bucket of one evenly spaced token: aiolimiter's (30, 1) would allow a burst of 30 on top
        # of 30/s, i.e. up to 60 messages in the first second.
        super().__init__(overall_max_rate=1, overall_time_period=1 / overall_per_second, max_retries=0)
        self._per_chat = per_chat_per_second
        self._chat_limiters: dict[int | str, AsyncLimiter] = {}

    def _chat_limiter(self, chat_id: int | str) -> AsyncLimiter:
        if len(self._chat_limiters) > _MAX_IDLE_LIMITERS:
            for key, limiter in list(self._chat_limiters.items()):
                if key != chat_id and limiter.has_capacity(limiter.max_rate):
                    del self._chat_limiters[key]
        if chat_id not in self._chat_limiters:
            self._chat_limiters[chat_id] = AsyncLimiter(1, 1 / self._per_chat)
        return self._chat_limiters[chat_id]

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
        if chat_id is None or not self._per_chat or endpoint in _UNPACED:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        async with self._chat_limiter(chat_id):
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
