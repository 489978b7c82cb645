"""Sends are paced per chat (Telegram: about 1 message/s in a chat) while chats proceed in parallel.

The pacing is checked on a virtual clock (tests/virtual_clock.py): the limiter's waits land on exact
times, so a loaded machine can neither fail nor pass the test by accident."""

import asyncio
from itertools import pairwise

from bot.app import build_application
from bot.pacer import SPACING_MARGIN
from bot.rate_limit import PacedRateLimiter
from tests.virtual_clock import VirtualClockLoop

PACE = 0.25  # seconds between two messages to one chat at 4 per second
OVERALL = (1 + SPACING_MARGIN) / 30  # seconds between any two messages at 30 per second, a little widened
EPSILON = 1e-3  # the virtual clock's microsecond per turn of the loop, many times over


def _send_times(
    per_chat: float, chats: dict[int, int], endpoint: str = "sendMessage"
) -> dict[int, list[float]]:
    """When each call reached Telegram (seconds after the first call started), per chat, with
    `chats[chat]` calls to each chat started together."""
    limiter = PacedRateLimiter(overall_per_second=30.0, per_chat_per_second=per_chat)
    times: dict[int, list[float]] = {chat: [] for chat in chats}

    async def main() -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()

        async def call(chat: int) -> None:
            async def to_telegram(*_args: object, **_kwargs: object) -> bool:
                times[chat].append(loop.time() - start)
                return True

            await limiter.process_request(to_telegram, (), {}, endpoint, {"chat_id": chat}, None)

        await asyncio.gather(*(call(chat) for chat, count in chats.items() for _ in range(count)))

    with asyncio.Runner(loop_factory=VirtualClockLoop) as runner:
        runner.run(main())
    return times


def test_messages_to_one_chat_are_paced_while_other_chats_are_not_held_up():
    times = _send_times(4.0, {7001: 3, 7002: 3})

    for sent in times.values():
        assert len(sent) == 3
        # A chat's turn comes every PACE; the overall pace may shift one send by up to OVERALL.
        assert all(PACE - OVERALL - EPSILON <= b - a <= PACE + OVERALL + EPSILON for a, b in pairwise(sent))
        assert sent[-1] - sent[0] >= 2 * PACE - OVERALL
    # The second chat's first message waits only for the overall pace, not for the first chat.
    assert abs(times[7001][0] - times[7002][0]) <= OVERALL + EPSILON
    everything = sorted(t for sent in times.values() for t in sent)
    assert all(b - a >= OVERALL - EPSILON for a, b in pairwise(everything))


def test_answers_to_button_presses_are_not_paced_per_chat():
    times = _send_times(1.0, {7001: 3}, endpoint="answerCallbackQuery")

    assert times[7001][-1] - times[7001][0] <= 2 * OVERALL + EPSILON


def test_the_application_paces_as_its_settings_say(settings):
    settings = settings.model_copy(update={"send_rate_per_chat": 4.0, "send_rate_overall": 30.0})
    app = build_application(settings, base_url="http://127.0.0.1:9/bot")

    assert isinstance(app.bot.rate_limiter, PacedRateLimiter)
    assert _send_times(settings.send_rate_per_chat, {7001: 2})[7001][1] >= PACE - EPSILON


def test_production_paces_a_chat_at_one_message_per_second_and_30_overall(settings):
    # (the settings fixture has cleared DONDOC_* from the environment)
    from bot.config import Settings

    defaults = Settings(_env_file=None, telegram_token="1:x")
    assert (defaults.send_rate_per_chat, defaults.send_rate_overall) == (1.0, 30.0)
