"""Test and demo support shipped inside the package: a fake Telegram Bot API server on 127.0.0.1."""

from bot.testing.api_errors import ApiError
from bot.testing.fake_bot_api import FakeBotApi, RecordedRequest
from bot.testing.objects import FakeUser

__all__ = ["ApiError", "FakeBotApi", "FakeUser", "RecordedRequest"]
