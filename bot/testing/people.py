"""A person talking to the bot through the fake server, for flow tests and the demo script.

    lan = Person(fake, FakeUser(1001, "Lan"))
    reply = await lan.ask("/start")              # push the update, wait for the bot's first answer
    exchange = await lan.press(reply, button="Đã nhận")
    edited = await exchange.reply()              # first sendMessage/edit... to Lan after the press
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.testing.fake_bot_api import WAIT, FakeBotApi
from bot.testing.objects import FakeUser
from bot.testing.recorded import RecordedRequest
from bot.testing.updates import MessageRef

# What counts as "the bot answered in this chat".
ANSWER_METHODS = ("sendMessage", "sendDocument", "sendPhoto", "editMessageText", "editMessageReplyMarkup")


@dataclass
class Exchange:
    """One thing a person did, and a way to wait for what the bot did in their chat afterwards."""

    fake: FakeBotApi
    chat_id: int | str
    since: int
    update: dict[str, Any]

    def _answers(self, methods: tuple[str, ...]) -> list[RecordedRequest]:
        return [r for r in self.fake.log_requests[self.since:]
                if r.method in methods and r.chat_id == self.chat_id and r.result is not None]

    async def replies(
        self, count: int = 1, *, methods: tuple[str, ...] = ANSWER_METHODS, within: float = WAIT
    ) -> list[RecordedRequest]:
        """Wait until the bot made `count` successful answering calls in this chat; return them."""
        await self.fake.wait_for(
            "*", lambda _r: len(self._answers(methods)) >= count, within, since=self.since
        )
        return self._answers(methods)[:count]

    async def reply(
        self, *, methods: tuple[str, ...] = ANSWER_METHODS, within: float = WAIT
    ) -> RecordedRequest:
        return (await self.replies(1, methods=methods, within=within))[0]

    async def silence(self, within: float = WAIT) -> list[RecordedRequest]:
        """Once the bot has handled this (and every earlier) update, whatever it answered in this chat
        meanwhile: expect [] after a refused press. Answers the bot leaves to the outbox's next drain
        are not waited for."""
        await self.fake.settled(within)
        return self._answers(ANSWER_METHODS)

    async def answered(self, within: float = WAIT) -> RecordedRequest:
        """The answerCallbackQuery for this button press."""
        query_id = self.update["callback_query"]["id"]
        return await self.fake.wait_for(
            "answerCallbackQuery", lambda r: r.params.get("callback_query_id") == query_id, within,
            since=self.since,
        )


@dataclass
class Person:
    fake: FakeBotApi
    user: FakeUser
    chat: dict[str, Any] | None = None  # None: the person's private chat with the bot

    @property
    def chat_id(self) -> int | str:
        return self.chat["id"] if self.chat else self.user.id

    def _push(self, update: dict[str, Any]) -> Exchange:
        since = self.fake.mark()
        return Exchange(self.fake, self.chat_id, since, self.fake.push_update(update))

    def send(self, text: str, *, reply_to: MessageRef | None = None) -> Exchange:
        return self._push(self.fake.text_message(self.user, text, chat=self.chat, reply_to=reply_to))

    async def ask(
        self, text: str, *, reply_to: MessageRef | None = None, within: float = WAIT
    ) -> RecordedRequest:
        """Send text (or a /command) and return the bot's first answer in this chat."""
        return await self.send(text, reply_to=reply_to).reply(within=within)

    def send_document(
        self, content: bytes, file_name: str, mime_type: str = "application/octet-stream", *,
        caption: str | None = None, reply_to: MessageRef | None = None,
    ) -> Exchange:
        return self._push(self.fake.document_message(
            self.user, content, file_name, mime_type, caption=caption, chat=self.chat, reply_to=reply_to))

    def send_photo(
        self, content: bytes, *, caption: str | None = None, reply_to: MessageRef | None = None
    ) -> Exchange:
        return self._push(self.fake.photo_message(
            self.user, content, caption=caption, chat=self.chat, reply_to=reply_to))

    def edit(self, original: Exchange, text: str) -> Exchange:
        """Edit a message this person sent earlier."""
        return self._push(self.fake.edited_message(original.update, text))

    def press(self, message: MessageRef, *, button: str | None = None, data: str | None = None) -> Exchange:
        """Press the inline button labelled `button` (or send raw `data`, e.g. a forged one)."""
        if data is None:
            if button is None:
                raise ValueError("press() needs button= or data=")
            data = self.fake.button_data(message, button)
        return self._push(self.fake.callback_query(self.user, message, data))
