"""The demo's stage: the real Application polling the in-package fake Bot API, a temporary database,
and the people of the ward talking to it. `act` is one thing a person does plus everything the bot did
in answer, printed as the people concerned saw it."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from telegram.ext import Application

from bot import callbacks
from bot.app import build_application, running
from bot.config import Settings
from bot.demo.cast import ADMIN, CAST, Role
from bot.demo.morning import Unavailable
from bot.demo.transcript import SENDS, Transcript
from bot.testing import WAIT, Exchange, FakeBotApi, FakeUser, Person, RecordedRequest
from messages.render import render
from storage.repositories import FIRST_TENANT, Deployment

DEMO_TOKEN = "100000001:DEMO-not-a-real-token"  # noqa: S105 - the fake server's own token
BOT_USERNAME = "dondoc_demo_bot"
CLOCK_JOBS = ("outbox", "reminders", "digests")  # bot/outbox.py, bot/jobs.py
# Bot API calls a person notices: what SENDS shows, and the toast of a pressed button.
NOTICED = {*SENDS, "answerCallbackQuery"}

# What a step waits for beyond "handled, outbox sent", given the requests people noticed so far.
Expectation = Callable[[list[RecordedRequest]], bool]


def demo_settings(folder: Path) -> Settings:
    return Settings(
        _env_file=None,
        telegram_token=DEMO_TOKEN,
        db_path=folder / "dondoc-demo.sqlite3",
        admin_ids=[ADMIN.telegram_id],
        log_level="WARNING",
        # Production paces a chat at 1 message/s. Steps follow each other as soon as the bot is done,
        # so a chat written to in one step may still be paced in the next: the sends of one drain would
        # then reach their chats in a different order from run to run. The demo does not pace chats.
        send_rate_per_chat=0.0,
    )


def _stop_clock_jobs(app: Application) -> None:
    """These jobs fire on the wall clock and would land inside whatever step is playing. The outbox job
    also races the drains the handlers run themselves: it can take a publish's deliveries before the
    bot's own drain, which then redraws the report before they are sent. The stage drains the outbox
    at the end of each step instead (Stage.settle), and runs the reminder sweep itself at a stated
    moment (steps_clock)."""
    assert app.job_queue is not None
    for name in CLOCK_JOBS:
        for job in app.job_queue.get_jobs_by_name(name):
            job.schedule_removal()


@dataclass
class Member:
    role: Role
    person: Person
    label: str

    @property
    def chat_id(self) -> int:
        return self.role.telegram_id


@dataclass
class Button:
    message: dict[str, Any]
    text: str
    data: str
    callback: callbacks.Callback


class Stage:
    def __init__(self, fake: FakeBotApi, app: Application, transcript: Transcript, folder: Path) -> None:
        self.fake = fake
        self.app = app
        self.transcript = transcript
        self.folder = folder
        self.cast: dict[str, Member] = {}
        for role in CAST:
            label = render("demo/who.txt.j2", role=role.role, name=role.name, unit=role.unit or "")
            person = Person(fake, FakeUser(role.telegram_id, role.name))
            self.cast[role.key] = Member(role, person, label)
            transcript.labels[role.telegram_id] = label

    @classmethod
    @asynccontextmanager
    async def open(cls, out: TextIO, *, color: bool = False) -> AsyncIterator[Stage]:
        with tempfile.TemporaryDirectory(prefix="dondoc-demo-") as tmp:
            folder = Path(tmp)
            async with FakeBotApi(token=DEMO_TOKEN, username=BOT_USERNAME) as fake:
                settings = demo_settings(folder)
                app = build_application(settings, base_url=fake.base_url, base_file_url=fake.base_file_url)
                fake.app = app
                async with running(app, poll_timeout=1.0):
                    _stop_clock_jobs(app)
                    yield cls(fake, app, Transcript(out, color=color), folder)

    @property
    def repos(self) -> Any:
        return self.app.bot_data.repos_for(FIRST_TENANT)

    @property
    def settings(self) -> Settings:
        return self.app.bot_data.settings

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    def member(self, role: Role) -> Member:
        return self.cast[role.key]

    # --- acting --------------------------------------------------------------------------------
    async def act(
        self, member: Member, do: Callable[[Person], Exchange], *, expect: Expectation | None = None,
        **frame: Any,
    ) -> list[RecordedRequest]:
        """Print what `member` does (demo/person.txt.j2 with `frame`), do it, wait until the bot has
        finished answering (see `settle`), print what everyone received; return those requests."""
        self.transcript.say("person", who=member.label, **frame)
        exchange = do(member.person)
        query = exchange.update.get("callback_query")
        if query is not None:
            self.transcript.pressers[query["id"]] = member.label
        answers, finished = await self.settle(exchange.since, expect=expect)
        shown = self.transcript.show(answers)
        if not finished:
            self.transcript.say("note", kind="unfinished", seconds=WAIT)
        elif not shown:
            self.transcript.say("note", kind="no_answer")
        return answers

    async def say(self, member: Member, text: str, *, reply_to: Any = None) -> list[RecordedRequest]:
        action = "text" if reply_to is None else "reply"
        return await self.act(member, lambda p: p.send(text, reply_to=reply_to), action=action, text=text)

    async def press(
        self, member: Member, button: Button, *, expect: Expectation | None = None
    ) -> list[RecordedRequest]:
        return await self.act(member, lambda p: p.press(button.message, data=button.data), expect=expect,
                              action="press", button=button.text)

    async def settle(
        self, since: int, *, expect: Expectation | None = None, at: datetime | None = None
    ) -> tuple[list[RecordedRequest], bool]:
        """Requests people noticed since `since` (a fake.mark()) once the bot has handled every update
        pushed so far, the outbox holds nothing unsent at `at` (default: now) and `expect(requests)`, if
        given, holds; and whether that happened. Each wait ends on the event itself; the ceiling (WAIT)
        is generous so that a loaded machine slows the demo down rather than cutting a step short."""

        async def finished() -> bool:
            if not await self._outbox_sent(at or self.now()):
                return False
            return expect is None or expect(self.noticed(since))

        try:
            await self.fake.settled()
            await self.fake.until(finished)
        except (AssertionError, TimeoutError):
            return self.noticed(since), False
        return self.noticed(since), True

    async def _outbox_sent(self, at: datetime) -> bool:
        """Whether every outbox row has been sent: the fake answered it and the bot recorded that. Rows
        due at `at` are sent now, in place of the outbox job (see _stop_clock_jobs); while a handler's
        drain is running, this one does nothing and the check comes back at the bot's next request."""
        await self.app.bot_data.outbox.drain(at)
        return not await Deployment(self.repos.db).outbox.pending_count()

    def noticed(self, since: int) -> list[RecordedRequest]:
        return [r for r in self.fake.log_requests[since:] if r.method in NOTICED]

    # --- looking at what people received -------------------------------------------------------
    def messages_to(self, member: Member) -> list[dict[str, Any]]:
        """The bot's messages in this member's chat, newest first, as they look now (edits applied)."""
        return list(reversed(self.fake.sent_messages(member.chat_id)))

    def buttons(self, member: Member, action: callbacks.Action) -> list[Button]:
        """Buttons of `action` on the bot's messages to `member`, newest message first."""
        return self._buttons(self.messages_to(member), action)

    def buttons_in(self, requests: list[RecordedRequest], action: callbacks.Action) -> list[Button]:
        """Buttons of `action` on the messages these requests sent, as those messages look now."""
        messages = [self.fake.messages.get((r.message["chat"]["id"], r.message["message_id"]), r.message)
                    for r in requests if r.message is not None]
        return self._buttons(messages, action)

    @staticmethod
    def _buttons(messages: list[dict[str, Any]], action: callbacks.Action) -> list[Button]:
        found: list[Button] = []
        for message in messages:
            for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
                for button in row:
                    parsed = callbacks.parse(button.get("callback_data"))
                    if parsed is not None and parsed.action == action:
                        found.append(Button(message, button["text"], button["callback_data"], parsed))
        return found

    def button(self, member: Member, action: callbacks.Action) -> Button | None:
        found = self.buttons(member, action)
        return found[0] if found else None

    def require_button(self, member: Member, action: callbacks.Action, label: str) -> Button:
        """The member's first button for `action`; without it the step cannot be played."""
        button = self.button(member, action)
        if button is None:
            raise Unavailable("no_button", label)
        return button
