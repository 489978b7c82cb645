"""Test and demo support shipped inside the package: a fake Telegram Bot API server on 127.0.0.1."""

from bot.testing.api_errors import ApiError
from bot.testing.fake_bot_api import FakeBotApi, RecordedRequest
from bot.testing.objects import FakeUser, group_chat
from bot.testing.people import Exchange, Person

__all__ = ["ApiError", "Exchange", "FakeBotApi", "FakeUser", "Person", "RecordedRequest", "group_chat"]
