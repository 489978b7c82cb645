"""One request the bot made to the fake server, decoded, with what the fake answered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.testing.api_errors import ApiError


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    content: bytes


@dataclass
class RecordedRequest:
    method: str
    params: dict[str, Any]
    uploads: dict[str, Upload]
    at: datetime
    result: Any = None
    error: ApiError | None = field(default=None)

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        """The text or caption as sent (HTML markup included when parse_mode is HTML)."""
        return self.params.get("text", self.params.get("caption"))

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.params.get("reply_markup")

    @property
    def buttons(self) -> list[tuple[str, str | None]]:
        """(text, callback_data) of every inline button, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(b["text"], b.get("callback_data")) for row in rows for b in row]

    @property
    def message(self) -> dict[str, Any] | None:
        """The Message object the fake returned (None for errors and non-message methods)."""
        return self.result if isinstance(self.result, dict) and "message_id" in self.result else None
