"""Which notice (and which tasks or assignments) a message the bot sent is about: recorded once Telegram
has answered the send with the message's id, so a later reply or button press on it finds its way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from storage.models import MessageLink
from storage.repositories import Repositories


async def remember_message(
    repos: Repositories, chat_id: int, message_id: int, notice_id: int | None, ids: Sequence[int], kind: str,
    now: datetime,
) -> MessageLink:
    return await repos.links.add(chat_id, message_id, notice_id, ids, kind, now)
