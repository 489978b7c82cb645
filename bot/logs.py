"""Logging: one line per event, and secrets (the bot token, the webhook secret) never written.

httpx logs every request URL at INFO, and Bot API URLs contain the token (`/bot<token>/getUpdates`).
Redaction happens in a LogRecord factory, so it applies before any handler sees the record — ours,
pytest's caplog, or one a library adds — and covers exception text as well as the message.
"""

from __future__ import annotations

import logging
import sys
import threading

from telegram.error import NetworkError

REDACTED = "<token>"
_MIN_SECRET = 8

_lock = threading.Lock()
_secrets: set[str] = set()
_installed = False
_base_factory = logging.getLogRecordFactory()


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    if not _secrets:
        return record
    try:
        message = record.getMessage()
    except Exception:  # a broken format string is the logging module's problem to report, not ours
        return record
    cleaned = redact(message)
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    return record


def protect_secret(secret: str | None) -> None:
    """Never let `secret` reach a log record from now on (process-wide)."""
    global _installed
    if not secret or len(secret) < _MIN_SECRET:
        return
    with _lock:
        _secrets.add(secret)
        # The part after the colon is the actual secret of a bot token.
        _, _, tail = secret.partition(":")
        if len(tail) >= 16:
            _secrets.add(tail)
        if not _installed:
            logging.setLogRecordFactory(_redacting_factory)
            _installed = True


class OneLineFormatter(logging.Formatter):
    """Tracebacks and multi-line messages folded onto the event's line (journald, docker logs)."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", " ⏎ ")


def _network_errors_without_traceback(record: logging.LogRecord) -> bool:
    """An unreachable or slow Bot API is an operational event, not a bug: say what failed in the
    line itself instead of a traceback through httpx."""
    exc = record.exc_info[1] if record.exc_info else None
    if isinstance(exc, NetworkError):
        record.msg = f"{record.getMessage()}: {type(exc).__name__}: {exc}"
        record.args, record.exc_info, record.exc_text = None, None, None
    return True


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_network_errors_without_traceback)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # A line per HTTP request to Telegram (every long poll) is noise, not an event.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
