"""The demo's output: what each person did, and every message the bot really sent, as people see it.

Every line of framing comes from `messages/templates/demo/*.txt.j2`; bot messages are taken from the
requests the fake Bot API recorded, never written by the demo.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TextIO

from bot.demo.terminal import buttons_line, html_to_terminal
from bot.testing import RecordedRequest
from messages.render import render

BODY_BAR = "  │ "
BUTTON_INDENT = "    "
# Bot API calls a person notices; everything else (getUpdates, getFile, getMe …) is plumbing.
SENDS = {"sendMessage": "message", "sendDocument": "document", "sendPhoto": "photo",
         "editMessageText": "edit_text", "editMessageCaption": "edit_text",
         "editMessageReplyMarkup": "edit_markup"}


@dataclass
class Transcript:
    out: TextIO
    color: bool = False
    # chat id -> who reads that chat ("Trưởng phòng Văn hóa - Xã hội (chị Mai)")
    labels: dict[int | str, str] = field(default_factory=dict)
    # callback query id -> who pressed, for answerCallbackQuery toasts
    pressers: dict[str, str] = field(default_factory=dict)

    def write(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def say(self, template: str, **context: Any) -> None:
        self.write(render(f"demo/{template}.txt.j2", **context))

    def step(self, number: int, title: str) -> None:
        self.write()
        self.say("step", number=number, title=title)

    def who(self, chat_id: int | str | None) -> str:
        return self.labels.get(chat_id, str(chat_id)) if chat_id is not None else "?"

    def show(self, requests: list[RecordedRequest]) -> int:
        """Print what people saw from these requests; returns how many things were shown."""
        shown = 0
        for request in requests:
            shown += self._show_one(request)
        return shown

    def _show_one(self, request: RecordedRequest) -> int:
        if request.method == "answerCallbackQuery":
            text = request.params.get("text")
            if not text or request.error is not None:
                return 0
            who = self.pressers.get(str(request.params.get("callback_query_id")), "?")
            self.say("bot", kind="toast", to=who, text=text)
            return 1
        kind = SENDS.get(request.method)
        if kind is None:
            return 0
        to = self.who(request.chat_id)
        if request.error is not None:
            self.say("bot", kind="failed", to=to, error=request.error.description)
            return 1
        file_name = self._file_name(request)
        self.say("bot", kind=kind, to=to, file_name=file_name)
        body = request.text
        if body and kind != "edit_markup":
            html = request.params.get("parse_mode") is not None
            plain = html_to_terminal(body, color=self.color) if html else body
            for line in plain.split("\n"):
                self.write(BODY_BAR + line)
        markup = request.reply_markup or {}
        rows = markup.get("inline_keyboard") or []
        for line in buttons_line(rows):
            self.write(BUTTON_INDENT + line)
        if kind == "edit_markup" and not rows:
            self.say("bot", kind="no_buttons", to=to)
        if markup.get("force_reply"):
            self.say("bot", kind="force_reply", to=to)
        return 1

    @staticmethod
    def _file_name(request: RecordedRequest) -> str:
        for upload in request.uploads.values():
            return upload.filename
        message = request.message or {}
        document = message.get("document") or {}
        return str(document.get("file_name") or request.params.get("document") or "")
