"""The token's pace holds when the workers' event loop stalls now and then (a loaded CPU, a long
synchronous call): a worker woken after its reserved moment must not send in a moment another worker
already has, or the Bot API sees 31 messages in a second.

The fake Bot API runs here on its own thread and event loop, as Telegram runs on its own servers: a stall
of the workers' loop delays what they send, not the clock that stamps arrivals. (In the workers' loop, a
stall would also stamp requests that were already on their way late, bunching them in the measurement
only.)"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
from typing import TypeVar

import pytest

from bot.testing import FakeBotApi
from tests.workers.conftest import TOKEN
from tests.workers.test_two_workers import (
    _broadcast,
    _closest_in_one_chat,
    _drain_on_both,
    _most_in_one_second,
)

pytestmark = pytest.mark.postgres

T = TypeVar("T")


class _ApiThread:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="fake-bot-api", daemon=True)

    async def run(self, coroutine: Awaitable[T]) -> T:
        async def wrapped() -> T:
            return await coroutine
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(wrapped(), self.loop))


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """The fake Bot API on a thread of its own (overrides tests/workers/conftest.py's)."""
    api = _ApiThread()
    api.thread.start()

    async def start() -> FakeBotApi:
        return await FakeBotApi(token=TOKEN).start()  # built in its loop: its Condition belongs there

    try:
        fake = await api.run(start())
        try:
            yield fake
        finally:
            await api.run(fake.stop())
    finally:
        api.loop.call_soon_threadsafe(api.loop.stop)
        api.thread.join(5)
        api.loop.close()


async def _stall_now_and_then(seed: int) -> None:
    """Block the event loop for 50–150 ms every 200–400 ms, as a busy CPU or a synchronous call does."""
    stalls = random.Random(seed)
    while True:
        await asyncio.sleep(stalls.uniform(0.2, 0.4))
        time.sleep(stalls.uniform(0.05, 0.15))  # noqa: ASYNC251 - blocking the loop is the point


async def test_two_workers_keep_the_tokens_pace_while_their_event_loop_stalls(workers, fake_api):
    first, second = workers
    texts = await _broadcast(first, heads=150, busy=10)  # about seven seconds, twenty stalls
    staller = asyncio.create_task(_stall_now_and_then(seed=12))
    try:
        reports = await _drain_on_both(first, second)
    finally:
        staller.cancel()

    assert len({row for report in reports for row in report.sent}) == len(texts)
    sent = [request for request in fake_api.requests("sendMessage") if request.error is None]
    assert Counter(request.text for request in sent) == Counter(texts), "every row reached its chat once"
    assert _most_in_one_second([request.at for request in sent]) <= 30
    assert _closest_in_one_chat(fake_api) >= timedelta(seconds=1)
