"""A fake Telegram Bot API server on 127.0.0.1 for tests and `dondoc demo`.

It speaks the wire protocol PTB uses (`/bot<token>/<method>` with form, multipart or JSON bodies and
`/file/bot<token>/<path>` downloads), hands out pushed updates through long-polling `getUpdates` (or
POSTs them to a webhook that the bot set), records every request, and can be told to answer the next
matching call with a real Telegram error body.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import ClientSession, web

from bot.testing import methods
from bot.testing.api_errors import ApiError
from bot.testing.objects import FakeUser
from bot.testing.recorded import RecordedRequest
from bot.testing.updates import UpdateFactories
from bot.testing.wire import decode_params

log = logging.getLogger(__name__)

# The ceiling of every wait, in seconds. Waits end as soon as what they wait for happens; the ceiling is
# generous because two cores shared by several test runs can stall a bot for seconds.
WAIT = 30.0
# A stranger whose /start tells when the bot has handled everything pushed before it (see settled());
# the bot's answers to it are kept out of the request log.
PROBE = FakeUser(2_000_000_001, "Probe")


@dataclass
class StoredFile:
    file_id: str
    unique_id: str
    content: bytes
    file_name: str
    mime_type: str
    path: str


@dataclass
class _FailRule:
    method: str
    chat_id: int | str | None
    error: ApiError
    remaining: int


@dataclass
class Hold:
    """A call the fake keeps unanswered until `release()` (FakeBotApi.hold)."""

    fake: FakeBotApi
    method: str
    chat_id: int | str | None
    released: bool = False

    def release(self) -> None:
        self.released = True
        self.fake._notify()


@dataclass
class FakeBotApi(UpdateFactories):
    token: str = "123456:TEST"  # noqa: S105 - a fake token for a fake server
    username: str = "dondoc_test_bot"
    host: str = "127.0.0.1"
    port: int = 0
    log_requests: list[RecordedRequest] = field(default_factory=list)
    files: dict[str, StoredFile] = field(default_factory=dict)
    messages: dict[tuple[int | str, int], dict[str, Any]] = field(default_factory=dict)
    pending_updates: list[dict[str, Any]] = field(default_factory=list)
    callback_ids: set[str] = field(default_factory=set)
    # The Application polling this fake, set by whoever starts it, for settled() to wait on.
    app: Any = None
    commands: list[dict[str, Any]] = field(default_factory=list)
    # menus set for one chat (setMyCommands with BotCommandScopeChat), by chat id
    chat_commands: dict[int | str, list[dict[str, Any]]] = field(default_factory=dict)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    known_chats: dict[int | str, dict[str, Any]] = field(default_factory=dict)
    # Where pushed updates are POSTed when a webhook is set; None = the URL the bot registered. Set it
    # to the bot's local listener to stand in for the reverse proxy in front of a public URL.
    webhook_delivery_url: str | None = None

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None
        self._update_ids = itertools.count(1)
        self._file_numbers = itertools.count(1)
        self._message_ids: dict[int | str, itertools.count] = {}
        self._bot_messages: list[tuple[int | str, int]] = []
        self._fail_rules: list[_FailRule] = []
        self._holds: list[Hold] = []
        self._changed = asyncio.Condition()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False
        self._last_pushed = 0
        self._events = 0  # requests received or answered so far; waits re-check when it grows
        self._probe_answers = 0

    # --- lifecycle -----------------------------------------------------------------------------
    async def start(self) -> FakeBotApi:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_download)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        # Release pending long polls at once instead of waiting out the runner's shutdown timeout.
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        for task in list(self._tasks):
            task.cancel()
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {"id": int(self.token.split(":")[0]), "is_bot": True, "first_name": "Đôn đốc",
                "username": self.username}

    # --- what the bot did ----------------------------------------------------------------------
    def requests(self, method: str | None = None, chat_id: int | str | None = None) -> list[RecordedRequest]:
        return [
            r for r in self.log_requests
            if (method is None or r.method == method) and (chat_id is None or r.chat_id == chat_id)
        ]

    def sent_messages(self, chat_id: int | str | None = None) -> list[dict[str, Any]]:
        """Messages the bot sent (their current state, edits included), oldest first."""
        return [self.messages[key] for key in self._bot_messages
                if (chat_id is None and key[0] != PROBE.id) or key[0] == chat_id]

    def mark(self) -> int:
        """A position in the request log, for `wait_for(..., since=mark)`."""
        return len(self.log_requests)

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        timeout: float = WAIT,  # noqa: ASYNC109 - waits on the fake, not a network call
        *,
        chat_id: int | str | None = None,
        since: int = 0,
    ) -> RecordedRequest:
        """The first request at or after `since` (a `mark()`) matching method ("*" = any), chat and
        predicate, waiting for it. Note since=0 also matches requests made before the call."""

        def found() -> RecordedRequest | None:
            for request in self.log_requests[since:]:
                if method in ("*", request.method) and (chat_id is None or request.chat_id == chat_id) and (
                    predicate is None or predicate(request)
                ):
                    return request
            return None

        try:
            return await self.until(found, timeout)
        except TimeoutError:
            seen = [f"{r.method}({r.chat_id})" for r in self.log_requests[since:]]
            raise AssertionError(f"no {method} to {chat_id} within {timeout}s; saw {seen}") from None

    async def until(self, check: Callable[[], Any], within: float = WAIT) -> Any:
        """Wait until `check()` (a function or coroutine function, e.g. a database query) returns
        something true, and return it; TimeoutError after `within` seconds.

        It is checked again after every request the bot makes. A running bot's long poll comes back at
        least once per poll timeout, so a change the bot makes after its last request (an outbox row
        marked sent) is seen at its next getUpdates."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            seen = self._events
            result = check()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"condition not met within {within}s")
            await self._changed_since(seen, remaining)

    async def _changed_since(self, seen: int, within: float) -> None:
        async with self._changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait_for(lambda: self._events > seen), within)

    async def settled(self, within: float = WAIT) -> None:
        """Return once the bot has handled every update pushed so far (not the work it handed to
        background tasks, such as a later outbox drain). A /start pushed now by PROBE, a stranger, is
        taken up only after every update before it; the bot handles chats concurrently, so then the
        test waits for the update processor of `self.app` (the Application polling this fake, set by
        whoever started it) to be idle too (bot.update_order)."""
        answered = self._probe_answers
        self.push_update(self.text_message(PROBE, "/start"))
        try:
            await self.until(lambda: self._probe_answers > answered, within)
            wait_idle = getattr(getattr(self.app, "update_processor", None), "wait_idle", None)
            if wait_idle is not None:
                await asyncio.wait_for(wait_idle(), within)
        except TimeoutError:
            raise AssertionError(f"the bot did not handle its updates within {within}s") from None

    # --- what the test controls ----------------------------------------------------------------
    def fail_next(
        self, method: str, error: ApiError, *, chat_id: int | str | None = None, times: int = 1
    ) -> None:
        """Answer the next `times` calls of `method` (to `chat_id`, if given) with `error`."""
        self._fail_rules.append(_FailRule(method, chat_id, error, times))

    def hold(self, method: str, *, chat_id: int | str | None = None) -> Hold:
        """The next call of `method` (to `chat_id`, if given) is recorded at once but answered only
        after `release()` (or when the fake stops): a slow Telegram, without a timer."""
        hold = Hold(self, method, chat_id)
        self._holds.append(hold)
        return hold

    async def _held(self, method: str, chat_id: object) -> None:
        hold = next((h for h in self._holds if h.method == method and h.chat_id in (None, chat_id)), None)
        if hold is None:
            return
        self._holds.remove(hold)
        async with self._changed:
            await self._changed.wait_for(lambda: hold.released or self._closing)

    def new_update_id(self) -> int:
        return next(self._update_ids)

    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates (or POST it to the webhook the bot set). Its update_id is
        renewed if it would not come after the last pushed one, as Telegram's ids always grow."""
        if update.get("update_id", 0) <= self._last_pushed:
            update = {**update, "update_id": self.new_update_id()}
        self._last_pushed = update["update_id"]
        if self.webhook_url:
            task = asyncio.get_running_loop().create_task(self._post_to_webhook(update))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        else:
            self.pending_updates.append(update)
            self._notify()
        return update

    def add_file(self, content: bytes, file_name: str | None = None, mime_type: str | None = None) -> str:
        number = next(self._file_numbers)
        file_id = f"BQAC{number:05d}{secrets.token_hex(6)}"
        name = file_name or f"file_{number}"
        suffix = f".{name.rsplit('.', 1)[1]}" if "." in name else ""
        folder = "photos" if (mime_type or "").startswith("image/") else "documents"
        self.files[file_id] = StoredFile(
            file_id, f"AgAD{number:05d}", content, name, mime_type or "application/octet-stream",
            f"{folder}/file_{number}{suffix}",
        )
        return file_id

    def drop_pending_updates(self) -> None:
        self.pending_updates.clear()

    # --- state used by methods -----------------------------------------------------------------
    @staticmethod
    def now() -> int:
        return int(time.time())

    def next_message_id(self, chat_id: int | str) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def chat_for(self, chat_id: int | str) -> dict[str, Any]:
        known = self.known_chats.get(chat_id)
        if known is not None:
            return known
        if isinstance(chat_id, int) and chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
        return {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}

    def store_bot_message(self, chat_id: int | str, **content: Any) -> dict[str, Any]:
        message_id = self.next_message_id(chat_id)
        message = {"message_id": message_id, "from": self.bot_user, "chat": self.chat_for(chat_id),
                   "date": self.now(), **content}
        self.messages[(chat_id, message_id)] = message
        self._bot_messages.append((chat_id, message_id))
        return message

    # --- HTTP ----------------------------------------------------------------------------------
    def _notify(self) -> None:
        self._events += 1

        async def wake() -> None:
            async with self._changed:
                self._changed.notify_all()

        with contextlib.suppress(RuntimeError):
            task = asyncio.get_running_loop().create_task(wake())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"},
                                     status=401)
        name = request.match_info["method"]
        method = next((m for m in [*methods.METHODS, "getUpdates"] if m.lower() == name.lower()), None)
        params, uploads = await decode_params(request)
        recorded = RecordedRequest(method or name, params, uploads, datetime.now(UTC))
        probe = params.get("chat_id") == PROBE.id
        if not probe:
            self.log_requests.append(recorded)
        self._notify()
        if method is None:
            recorded.error = ApiError(404, "Not Found")
            return web.json_response(recorded.error.body(), status=404)
        await self._held(method, params.get("chat_id"))
        rule = self._take_rule(method, params.get("chat_id"))
        if rule is not None and rule.delay:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(lambda: self._closing), rule.delay)
        try:
            if rule is not None and rule.status != 200:
                raise methods.ApiFailure(rule)
            if method == "getUpdates":
                result: Any = await self._get_updates(params)
            else:
                result = methods.METHODS[method](self, params, uploads)
        except methods.ApiFailure as failure:
            recorded.error = failure.error
            self._notify()
            return web.json_response(failure.error.body(), status=failure.error.status)
        recorded.result = result
        if probe:
            self._probe_answers += 1
        self._notify()
        return web.json_response({"ok": True, "result": result})

    def _take_rule(self, method: str, chat_id: object) -> ApiError | None:
        for rule in self._fail_rules:
            if rule.method == method and rule.chat_id in (None, chat_id) and rule.remaining > 0:
                rule.remaining -= 1
                return rule.error
        return None

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise methods.ApiFailure(ApiError(
                409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
                "to delete the webhook first"))
        offset = int(params.get("offset") or 0)
        if offset > 0:
            self.pending_updates[:] = [u for u in self.pending_updates if u["update_id"] >= offset]
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if not self.pending_updates and timeout > 0:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(
                        lambda: bool(self.pending_updates) or self._closing),
                                           timeout)
        return self.pending_updates[:limit]

    async def _post_to_webhook(self, update: dict[str, Any]) -> None:
        if self._session is None:
            self._session = ClientSession()
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret} if self.webhook_secret else {}
        url = self.webhook_delivery_url or self.webhook_url or ""
        try:
            async with self._session.post(url, json=update, headers=headers) as response:
                if response.status != 200:
                    log.warning("webhook answered %s for update %s", response.status, update["update_id"])
        except OSError as error:
            log.warning("webhook %s unreachable for update %s: %s", url, update["update_id"], error)

    async def _handle_download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        stored = next((f for f in self.files.values() if f.path == path), None)
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored.content, content_type=stored.mime_type)
