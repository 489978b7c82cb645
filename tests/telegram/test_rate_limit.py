"""Sends are paced per chat (Telegram: about 1 message/s in a chat) while chats proceed in parallel."""

import asyncio
from itertools import pairwise

from bot.app import build_application


async def test_messages_to_one_chat_are_paced_while_other_chats_are_not_held_up(fake_api, settings):
    settings = settings.model_copy(update={"send_rate_per_chat": 4.0})  # one message per 0.25 s
    app = build_application(settings, base_url=fake_api.base_url, base_file_url=fake_api.base_file_url)
    async with app:
        await asyncio.gather(
            *(app.bot.send_message(7001, f"Phần {i}") for i in range(3)),
            *(app.bot.send_message(7002, f"Phần {i}") for i in range(3)),
        )

    first = [r.at for r in fake_api.requests("sendMessage", chat_id=7001)]
    second = [r.at for r in fake_api.requests("sendMessage", chat_id=7002)]
    gaps = [(b - a).total_seconds() for times in (first, second) for a, b in pairwise(times)]
    # Arrival times jitter by a few tens of milliseconds around the 0.25 s pace.
    assert min(gaps) >= 0.1  # unpaced, they arrive within a few milliseconds
    assert all((times[-1] - times[0]).total_seconds() >= 0.4 for times in (first, second))
    assert abs((first[0] - second[0]).total_seconds()) < 0.2


def test_production_paces_a_chat_at_one_message_per_second_and_30_overall(settings):
    # (the settings fixture has cleared DONDOC_* from the environment)
    from bot.config import Settings

    defaults = Settings(_env_file=None, telegram_token="1:x")
    assert (defaults.send_rate_per_chat, defaults.send_rate_overall) == (1.0, 30.0)
