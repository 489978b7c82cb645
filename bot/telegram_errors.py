"""The one Telegram error policy: what a failed Bot API call means for the message and its recipient."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError


class Remedy(StrEnum):
    """What the sender does about a failed call."""

    UNREACHABLE = "unreachable"  # the recipient cannot get messages: fail it and tell the office
    FAILED = "failed"  # this message can never be sent as it is: fail it, keep the recipient
    WAIT = "wait"  # flood control: wait `retry_after`, then send again
    MIGRATED = "migrated"  # group became a supergroup: send to `new_chat_id`
    RETRY = "retry"  # transient (timeout, network, 5xx): retry with backoff
    ALREADY_DONE = "already_done"  # an edit that changes nothing: treat as sent


@dataclass(frozen=True)
class Verdict:
    remedy: Remedy
    reason: str
    retry_after: timedelta | None = None
    new_chat_id: int | None = None


_UNREACHABLE_BAD_REQUESTS = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


def classify(error: TelegramError) -> Verdict:
    reason = f"{type(error).__name__}: {error.message}"
    if isinstance(error, RetryAfter):
        return Verdict(Remedy.WAIT, reason, retry_after=retry_after_of(error))
    if isinstance(error, ChatMigrated):
        return Verdict(Remedy.MIGRATED, reason, new_chat_id=error.new_chat_id)
    if isinstance(error, Forbidden):
        return Verdict(Remedy.UNREACHABLE, reason)
    # BadRequest subclasses NetworkError in PTB, so it must be tested first.
    if isinstance(error, BadRequest):
        text = error.message.lower()
        if any(marker in text for marker in _UNREACHABLE_BAD_REQUESTS):
            return Verdict(Remedy.UNREACHABLE, reason)
        if "message is not modified" in text:
            return Verdict(Remedy.ALREADY_DONE, reason)
        return Verdict(Remedy.FAILED, reason)
    if isinstance(error, NetworkError):  # includes TimedOut and HTTP 5xx
        return Verdict(Remedy.RETRY, reason)
    # InvalidToken, Conflict, EndPointNotFound: nothing a retry of this message would fix.
    return Verdict(Remedy.FAILED, reason)


def retry_after_of(error: RetryAfter) -> timedelta:
    # PTB 22 warns that `retry_after` will become a timedelta; accept both without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def backoff(attempts: int, *, base: float = 5.0, cap: float = 600.0) -> timedelta:
    """Delay before the next try after `attempts` failed tries: base, 2*base, 4*base, ... capped."""
    exponent = min(max(attempts - 1, 0), 30)
    return timedelta(seconds=min(cap, base * 2**exponent))
