"""Test and demo support shipped inside the package: a fake Telegram Bot API server on 127.0.0.1."""

from bot.testing.api_errors import ApiError
from bot.testing.fake_bot_api import PROBE, WAIT, FakeBotApi
from bot.testing.memory_outbox import MemoryOutbox
from bot.testing.objects import FakeUser, group_chat
from bot.testing.people import Exchange, Person
from bot.testing.recorded import RecordedRequest

__all__ = [
    "PROBE", "WAIT", "ApiError", "Exchange", "FakeBotApi", "FakeUser", "MemoryOutbox", "Person",
    "RecordedRequest", "group_chat",
]
