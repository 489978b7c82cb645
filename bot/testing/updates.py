"""Update factories: what a person does in Telegram, as the update dict the bot will receive."""

from __future__ import annotations

import itertools
import secrets
from typing import TYPE_CHECKING, Any

from bot.testing import objects
from bot.testing.objects import FakeUser
from bot.testing.recorded import RecordedRequest

if TYPE_CHECKING:
    from bot.testing.fake_bot_api import StoredFile

_callback_numbers = itertools.count(1)
MessageRef = dict[str, Any] | RecordedRequest


def _as_message(ref: MessageRef) -> dict[str, Any]:
    message = ref.message if isinstance(ref, RecordedRequest) else ref
    if message is None:
        raise ValueError("that request produced no message")
    return message


class UpdateFactories:
    """Mixed into FakeBotApi so message ids follow the server's per-chat counter. What it needs from the
    server is declared here and provided by FakeBotApi."""

    token: str
    known_chats: dict[int | str, dict[str, Any]]
    messages: dict[tuple[int | str, int], dict[str, Any]]
    files: dict[str, StoredFile]
    callback_ids: set[str]

    def new_update_id(self) -> int:
        raise NotImplementedError

    def next_message_id(self, chat_id: int | str) -> int:
        raise NotImplementedError

    def add_file(self, content: bytes, file_name: str | None = None, mime_type: str | None = None) -> str:
        raise NotImplementedError

    @staticmethod
    def now() -> int:
        raise NotImplementedError

    def _user_message(
        self,
        user: FakeUser,
        chat: dict[str, Any] | None,
        reply_to: MessageRef | None,
        **content: Any,
    ) -> dict[str, Any]:
        chat = chat or user.private_chat()
        self.known_chats[chat["id"]] = chat
        message = objects.message(
            message_id=self.next_message_id(chat["id"]),
            date=self.now(),
            chat=chat,
            sender=user.as_dict(),
            reply_to=None if reply_to is None else self.messages.get(
                (chat["id"], _as_message(reply_to)["message_id"]), _as_message(reply_to)),
            **content,
        )
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def text_message(
        self, user: FakeUser, text: str, *, chat: dict[str, Any] | None = None,
        reply_to: MessageRef | None = None,
    ) -> dict[str, Any]:
        """A text message; a leading /command gets its bot_command entity."""
        return {"update_id": self.new_update_id(),
                "message": self._user_message(user, chat, reply_to, text=text)}

    def document_message(
        self, user: FakeUser, content: bytes, file_name: str,
        mime_type: str = "application/octet-stream", *, caption: str | None = None,
        chat: dict[str, Any] | None = None, reply_to: MessageRef | None = None,
    ) -> dict[str, Any]:
        """A document upload; the content is stored so getFile + download return it."""
        file_id = self.add_file(content, file_name, mime_type)
        stored = self.files[file_id]
        doc = objects.document(file_id, stored.unique_id, file_name, mime_type, len(content))
        return {"update_id": self.new_update_id(),
                "message": self._user_message(user, chat, reply_to, document=doc, caption=caption)}

    def photo_message(
        self, user: FakeUser, content: bytes, *, caption: str | None = None,
        chat: dict[str, Any] | None = None, reply_to: MessageRef | None = None,
    ) -> dict[str, Any]:
        file_id = self.add_file(content, "photo.jpg", "image/jpeg")
        sizes = objects.photo_sizes(file_id, self.files[file_id].unique_id, len(content))
        return {"update_id": self.new_update_id(),
                "message": self._user_message(user, chat, reply_to, photo=sizes, caption=caption)}

    def edited_message(self, original: dict[str, Any], text: str) -> dict[str, Any]:
        """The person edits a message they sent earlier (`original` is its update or message)."""
        message = dict(original.get("message", original))
        message.pop("entities", None)
        message["text"] = text
        entities = objects.command_entities(text)
        if entities:
            message["entities"] = entities
        message["edit_date"] = self.now()
        return {"update_id": self.new_update_id(), "edited_message": message}

    def callback_query(self, user: FakeUser, message: MessageRef, data: str) -> dict[str, Any]:
        """The person presses an inline button with `data` under a bot message (its current state)."""
        sent = _as_message(message)
        current = self.messages.get((sent["chat"]["id"], sent["message_id"]), sent)
        query_id = f"{next(_callback_numbers)}{secrets.randbelow(10**9)}"
        self.callback_ids.add(query_id)
        return {
            "update_id": self.new_update_id(),
            "callback_query": {
                "id": query_id,
                "from": user.as_dict(),
                "chat_instance": str(abs(hash((current["chat"]["id"], self.token)))),
                "message": current,
                "data": data,
            }
        }

    def button_data(self, message: MessageRef, text: str) -> str:
        """callback_data of the button labelled `text` on a bot message's current keyboard."""
        sent = _as_message(message)
        current = self.messages.get((sent["chat"]["id"], sent["message_id"]), sent)
        for row in current.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == text:
                    return button["callback_data"]
        raise LookupError(f"no button {text!r} on message {sent['message_id']}")
