"""`dondoc run`: the bot in production, by long polling (default) or behind a webhook.

Every way it can fail to start is one Vietnamese line on stderr and an exit code from bot.exit_codes.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import logging
import secrets
import sys
from pathlib import Path
from urllib.parse import urlparse

from pydantic import SecretStr
from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot.app import build_application
from bot.config import MissingTokenError, Settings, load_settings
from bot.exit_codes import ExitCode
from bot.heartbeat import heartbeat_path, schedule_heartbeat
from bot.instance_lock import AlreadyPolling, AlreadyRunning, InstanceLock, PollLock
from bot.logs import configure_logging, protect_secret
from bot.parser.readers.tools import find_tools
from bot.startup import DatabaseUnusable, StartupState, check_startup
from messages.render import render
from storage.db import database_errors, describe, error_detail

log = logging.getLogger("bot.run")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--webhook", metavar="URL", help="public HTTPS URL Telegram posts updates to")
    parser.add_argument("--listen", help="address the webhook server binds (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port the webhook server binds (default 8443)")
    parser.add_argument("--secret", help="X-Telegram-Bot-Api-Secret-Token value (default: random)")


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {}
    if args.webhook:
        overrides["webhook_url"] = args.webhook
    if args.listen:
        overrides["webhook_listen"] = args.listen
    if args.port:
        overrides["webhook_port"] = args.port
    if args.secret:
        overrides["webhook_secret"] = SecretStr(args.secret)
    return load_settings().model_copy(update=overrides)


def _say(template: str, **context: object) -> None:
    sys.stderr.write(render(f"cli/{template}.txt.j2", **context) + "\n")


def run(args: argparse.Namespace) -> int:
    # A malformed setting raises SettingsError, which bot.cli turns into one line and ExitCode.CONFIG.
    settings = _settings(args)
    try:
        settings.require_token()
    except MissingTokenError:
        _say("missing_token", demo_command="dondoc demo")
        return ExitCode.CONFIG
    if settings.database_url is not None:
        return _run_on_server(settings, settings.database_url)
    lock: InstanceLock | None = None
    try:
        # Before the start-up check: a second bot must not even migrate the first one's database.
        lock = _hold(settings.db_path)
        state = asyncio.run(check_startup(settings.db_path, settings.admin_ids))
        lock = lock or InstanceLock.acquire(settings.db_path)
        return _run_locked(settings, state)
    except AlreadyRunning as error:
        _say("already_running", path=settings.db_path, pid=error.pid)
        return ExitCode.ALREADY_RUNNING
    except DatabaseUnusable as error:
        _say("db_unusable", path=error.path, reason=error.reason, detail=error.detail)
        return ExitCode.DATABASE
    except OSError as error:  # the database is usable but its lock file cannot be created
        if lock is not None:
            raise
        _say("db_unusable", path=settings.db_path, reason="read_only", detail=error.strerror or "")
        return ExitCode.DATABASE
    finally:
        if lock is not None:
            lock.release()


def _run_on_server(settings: Settings, url: str) -> int:
    """PostgreSQL: several webhook workers may share the database; one process only may long-poll."""
    lock: PollLock | None = None
    try:
        state = asyncio.run(check_startup(url, settings.admin_ids))
        if not settings.webhook_url:
            lock = PollLock.acquire(url, settings.require_token())
        settings.db_path.parent.mkdir(parents=True, exist_ok=True)  # heartbeat and reports stay local
        return _run_locked(settings, state)
    except AlreadyPolling:
        _say("already_polling", url=describe(url))
        return ExitCode.ALREADY_RUNNING
    except DatabaseUnusable as error:
        _say("db_unusable", path=error.path, reason=error.reason, detail=error.detail)
        return ExitCode.DATABASE
    except database_errors(OSError) as error:  # the lock's own connection
        _say("db_unusable", path=describe(url), reason="server", detail=error_detail(error))
        return ExitCode.DATABASE
    finally:
        if lock is not None:
            lock.release()


def _hold(db_path: Path) -> InstanceLock | None:
    """The database's lock, or None when its path is unusable (the start-up check then says why)."""
    if db_path.is_dir():
        return None
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        return InstanceLock.acquire(db_path)
    except OSError:  # AlreadyRunning is not one: it goes up to run()
        return None


def _run_locked(settings: Settings, state: StartupState) -> int:
    configure_logging(settings.log_level)
    log.info(render("cli/formats.txt.j2", tools=find_tools()))
    if not state.has_admin:
        log.warning(render("cli/no_admin.txt.j2"))
    try:
        _serve(settings)
    except InvalidToken:
        # PTB's own message quotes the token; say it in one line of ours instead.
        _say("invalid_token")
        return ExitCode.CONFIG
    except NetworkError:
        # Raised at start when the Bot API cannot be reached; systemd's Restart=on-failure retries.
        _say("api_unreachable", api_url=settings.telegram_api_url)
        return ExitCode.FAILURE
    return ExitCode.OK


def shared_webhook_secret(token: str) -> str:
    """The webhook secret of every worker of `token` when none is set: each worker registers the webhook
    at start, and a random secret per start would leave Telegram sending only the last one's, which the
    other workers refuse. Derived from the token (which only the workers hold), so equal for all."""
    digest = hmac.new(token.encode(), b"dondoc webhook secret", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def _serve(settings: Settings) -> None:
    app = build_application(settings)
    alive = heartbeat_path(settings.db_path)
    schedule_heartbeat(app, alive)
    try:
        if not settings.webhook_url:
            log.info("starting with long polling")
            app.run_polling(allowed_updates=Update.ALL_TYPES)
            return
        given = settings.webhook_secret
        secret = given.get_secret_value() if given else (
            shared_webhook_secret(settings.require_token()) if settings.database_url
            else secrets.token_urlsafe(32))
        protect_secret(secret)
        log.info("starting webhook server on %s:%s", settings.webhook_listen, settings.webhook_port)
        app.run_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=urlparse(settings.webhook_url).path.lstrip("/"),
            webhook_url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
    finally:
        # A stopped bot is not a healthy one, even for the next two minutes.
        alive.unlink(missing_ok=True)
