"""A Telegram album: photos sent together arrive as separate messages a moment apart, sharing a
media_group_id. The first one's handler waits until no new photo has come for ALBUM_QUIET seconds and
then has them all, in the order they were sent; the others' handlers only add their photo.

The handlers run concurrently (intake's handlers are non-blocking), so this is in-memory coordination
for a second or two, kept in the chat's chat_data; nothing of the notice is stored before it is read.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from telegram import Message, PhotoSize

from bot.context import Context

ALBUM_QUIET = 1.5
_ALBUMS = "photo_albums"


@dataclass
class _Album:
    photos: dict[int, PhotoSize] = field(default_factory=dict)  # message id -> its largest size
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, message_id: int, photo: PhotoSize) -> None:
        self.photos[message_id] = photo
        self.arrived.set()

    async def complete(self) -> list[PhotoSize]:
        while True:
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), ALBUM_QUIET)
            except TimeoutError:
                return [self.photos[message_id] for message_id in sorted(self.photos)]


async def collect(context: Context, message: Message, photo: PhotoSize) -> list[PhotoSize] | None:
    """All the photos of `message`'s album once it is complete, for the album's first photo; None for
    the others (their photo joins the first one's)."""
    group = message.media_group_id
    if group is None or context.chat_data is None:
        return [photo]
    albums: dict[str, _Album] = context.chat_data.setdefault(_ALBUMS, {})
    if group in albums:
        albums[group].add(message.message_id, photo)
        return None
    album = albums[group] = _Album()
    album.add(message.message_id, photo)
    try:
        return await album.complete()
    finally:
        del albums[group]
