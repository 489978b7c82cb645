"""Plain-dict Telegram objects, shaped as the Bot API sends them, that `Update.de_json` accepts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from messages.render import utf16_len

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,64})?")


@dataclass(frozen=True)
class FakeUser:
    """A person in a test: their private chat with the bot has the same id as the user."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str = "vi"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data

    def private_chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


def group_chat(chat_id: int, title: str, *, supergroup: bool = True) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup" if supergroup else "group", "title": title}


def command_entities(text: str) -> list[dict[str, Any]]:
    match = _COMMAND.match(text)
    if not match:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group(0))}]


def message(
    *,
    message_id: int,
    date: int,
    chat: dict[str, Any],
    sender: dict[str, Any],
    text: str | None = None,
    reply_to: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    data: dict[str, Any] = {"message_id": message_id, "date": date, "chat": chat, "from": sender}
    if text is not None:
        data["text"] = text
        entities = command_entities(text) if not sender.get("is_bot") else []
        if entities:
            data["entities"] = entities
    if reply_to is not None:
        data["reply_to_message"] = reply_to
    data.update({key: value for key, value in extra.items() if value is not None})
    return data


def document(file_id: str, unique_id: str, file_name: str, mime_type: str, size: int) -> dict[str, Any]:
    return {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "file_name": file_name,
        "mime_type": mime_type,
        "file_size": size,
    }


def photo_sizes(file_id: str, unique_id: str, size: int) -> list[dict[str, Any]]:
    # Telegram sends several sizes, largest last; handlers take photo[-1].
    return [
        {"file_id": f"{file_id}-thumb", "file_unique_id": f"{unique_id}-t", "width": 90, "height": 90,
         "file_size": min(size, 2048)},
        {"file_id": file_id, "file_unique_id": unique_id, "width": 1280, "height": 960, "file_size": size},
    ]
