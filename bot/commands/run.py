"""`dondoc run`: the bot in production, by long polling (default) or behind a webhook."""

from __future__ import annotations

import argparse
import logging
import secrets
import sys
from urllib.parse import urlparse

from pydantic import SecretStr, ValidationError
from telegram import Update
from telegram.error import InvalidToken, NetworkError

from bot.app import build_application
from bot.config import MissingTokenError, Settings
from bot.logs import configure_logging, protect_secret
from bot.parser.readers.tools import find_tools
from messages.render import render

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
    return Settings().model_copy(update=overrides)


def run(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
        settings.require_token()
    except MissingTokenError:
        sys.stderr.write(render("cli/missing_token.txt.j2", demo_command="dondoc demo") + "\n")
        return 2
    except ValidationError as error:
        fields = ", ".join(f"DONDOC_{'_'.join(map(str, e['loc'])).upper()}" for e in error.errors())
        sys.stderr.write(render("cli/bad_settings.txt.j2", fields=fields) + "\n")
        return 2
    configure_logging(settings.log_level)
    sys.stderr.write(render("cli/formats.txt.j2", tools=find_tools()) + "\n")
    try:
        _serve(settings)
    except InvalidToken:
        # PTB's own message quotes the token; say it in one line of ours instead.
        sys.stderr.write(render("cli/invalid_token.txt.j2") + "\n")
        return 2
    except NetworkError:
        # Raised at start when the Bot API cannot be reached; systemd's Restart=on-failure retries.
        sys.stderr.write(render("cli/api_unreachable.txt.j2", api_url=settings.telegram_api_url) + "\n")
        return 1
    return 0


def _serve(settings: Settings) -> None:
    app = build_application(settings)
    if not settings.webhook_url:
        log.info("starting with long polling")
        app.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    secret = (
        settings.webhook_secret.get_secret_value() if settings.webhook_secret else secrets.token_urlsafe(32)
    )
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
