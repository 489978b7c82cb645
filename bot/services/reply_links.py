"""What a message the bot sent is about (its notice, assignments and kind): recorded once Telegram has
answered the send with the message's id, looked up when someone replies to it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.models import MessageLink
from storage.repositories import Repositories


async def remember(repos: Repositories, chat_id: int, message_id: int, notice_id: int | None,
                   assignment_ids: Sequence[int], kind: str, now: datetime) -> MessageLink:
    return await repos.links.add(chat_id, message_id, notice_id, assignment_ids, kind, now)


async def replied_to(repos: Repositories, chat_id: int, message_id: int) -> MessageLink | None:
    """The link of the bot's message a reply quotes; None for a message the bot keeps nothing about."""
    return await repos.links.find(chat_id, message_id)
