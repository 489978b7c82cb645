"""The one pace of every send (bot.pacer), on a virtual clock: what Telegram would count is exact."""

import asyncio
import time
from itertools import pairwise

from bot.pacer import Pacer, Priority
from tests.virtual_clock import VirtualClockLoop

EPSILON = 1e-3


def _run(main):
    with asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
        return runner.run(main())


def _busiest_second(times: list[float]) -> int:
    """Most sends inside any closed one-second interval, as a sliding window at the Bot API counts."""
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t - start <= 1.0) for i, start in enumerate(times))


def test_a_broadcast_with_long_reports_keeps_under_30_a_second_and_one_a_second_per_chat():
    pacer = Pacer(30.0, 1.0)
    sends: list[tuple[int, float]] = []

    async def main():
        loop = asyncio.get_running_loop()

        async def send(chat: int):
            await pacer.acquire(chat)
            sends.append((chat, loop.time()))

        # The office chat gets a 5-part delivery report as 400 heads get one message each.
        await asyncio.gather(*(send(chat) for chat in [*[999] * 5, *range(1, 401)]))

    _run(main)
    times = [at for _, at in sends]
    assert len(times) == 405
    assert _busiest_second(times) <= 30
    assert (len(times) - 1) / (max(times) - min(times)) >= 28.5
    office = [at for chat, at in sends if chat == 999]
    assert all(b - a >= 1.0 for a, b in pairwise(office))


def test_an_answer_overtakes_a_waiting_broadcast():
    pacer = Pacer(30.0, 1.0)
    order: list[str] = []

    async def main():
        async def send(name: str, chat: int, priority: Priority):
            await pacer.acquire(chat, priority)
            order.append(name)

        broadcast = [asyncio.create_task(send(f"bulk{n}", n, Priority.bulk)) for n in range(60)]
        await asyncio.sleep(0.2)  # the broadcast is under way: a few sent, the rest waiting
        answer = asyncio.create_task(send("answer", 5000, Priority.answer))
        await asyncio.gather(answer, *broadcast)

    _run(main)
    assert order.index("answer") <= 8  # the next slot or so after 0.2 s, not the 61st
    assert len(order) == 61


def test_a_pause_holds_every_waiting_send_until_it_passes():
    pacer = Pacer(30.0, 1.0)
    times: list[float] = []

    async def main():
        loop = asyncio.get_running_loop()

        async def send(chat: int):
            await pacer.acquire(chat)
            times.append(loop.time())

        tasks = [asyncio.create_task(send(n)) for n in range(40)]
        await asyncio.sleep(0.1)
        paused_at = loop.time()
        assert await pacer.pause(5.0) is True
        assert await pacer.pause(4.0) is False  # the same flood: logged once by the caller
        await asyncio.gather(*tasks)
        return paused_at

    paused_at = _run(main)
    during = [t for t in times if paused_at + EPSILON < t < paused_at + 5.0 - EPSILON]
    assert during == []
    assert len(times) == 40 and max(times) > paused_at + 5.0


def test_a_long_queue_costs_each_slot_little():
    """A thousand relabels queued behind the pace (presses at 50/s against 29/s) must not make every
    slot wake every waiter: the answers to the next presses share the same event loop."""
    pacer = Pacer(30.0, 1.0)

    async def main():
        await asyncio.gather(*(pacer.acquire(chat) for chat in range(1000)))

    started = time.process_time()
    _run(main)
    # about 0.1 s of CPU; waking every waiter at every slot took 4 s
    assert time.process_time() - started < 2.0
