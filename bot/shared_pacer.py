"""The send pace on PostgreSQL, shared by every worker of a token (issue 12): Telegram's 30 messages a
second and one a second per chat count the token's messages, whichever process sends them.

Each message reserves its moment in the database (storage.repositories.send_pace: one statement under
the pace row's lock, evenly spaced like bot.pacer's slots, never two to one chat within its interval,
none during a 429's hold) and sleeps until then. Within one worker, reservations are made one at a time,
most urgent first (answers before broadcasts), each held until its moment has come, so a worker keeps
only one moment reserved ahead and a 429 seen meanwhile holds what it sends next. A 429 writes its hold
to the database, where every worker's next reservation finds it.

A moment is only kept if the message leaves at it. A worker whose event loop was blocked past its moment
(a loaded CPU, a long synchronous call) would otherwise send among the moments the workers reserved
since, and the Bot API would count 31 in a second; it retakes the next free slot instead (a second round
trip, only then), and the chat's next free moment moves on with it.
"""

from __future__ import annotations

import asyncio

from bot.outbox_slots import InFlight
from bot.pacer import CHAT_MARGIN, SPACING_MARGIN
from storage.models import Priority
from storage.repositories.send_pace import SendPaceRepository, Slot

# A reserved moment further off than this (a chat another worker just wrote to, a 429's hold) is waited
# for without holding this worker's turn: its other chats keep their slots.
_LONG_WAIT = 0.1
# A message woken more than this share of a slot after its moment takes a later slot instead (a stalled
# event loop): departures then keep within half a slot of their moments, which lie a slot apart, so 31
# of them never fit in one second.
_LATE_SLOTS = 0.5
# How often one message retakes: should the database's answers themselves come later than half a slot
# (a loaded host), retaking could go on for ever; after this many the message leaves late.
_MAX_RETAKES = 3


class SharedPacer:
    def __init__(self, pace: SendPaceRepository, bot_id: int, per_second: float = 30.0,
                 chat_interval: float = 1.0) -> None:
        self.pace, self.bot_id = pace, bot_id
        self.spacing = (1 + SPACING_MARGIN) / per_second if per_second > 0 else 0.0
        self.chat_interval = chat_interval * (1 + CHAT_MARGIN) if chat_interval > 0 else 0.0
        self._turn = InFlight(1)
        # This worker's own sends, loop time: a chat's next message waits here, not in the turn.
        self._chat_free: dict[int | str, float] = {}
        self._paused_until = 0.0
        self.retaken = 0  # slots this worker woke too late for and swapped for later ones

    async def _reserve(self, chat: int | None, missed: float | None) -> tuple[Slot | None, float]:
        """A slot for one message (a fresh one in place of `missed`, when given) and the loop time by
        which the message must leave to keep to it. The server's now falls between asking and the
        answer, so counting from the asking moment errs on the side of "late"."""
        asked = self._now()
        if missed is None:
            slot: Slot | None = await self.pace.reserve_slot(self.bot_id, chat, self.spacing,
                                                             self.chat_interval)
        else:
            slot = await self.pace.retake(self.bot_id, chat, self.spacing, self.chat_interval, missed)
        return slot, asked + (slot.wait if slot is not None else 0.0)

    @staticmethod
    def _now() -> float:
        return asyncio.get_running_loop().time()

    def chat_wait(self, chat_id: int | str) -> float:
        """Seconds before this worker's last message to `chat_id` is a chat interval old."""
        return max(0.0, self._chat_free.get(chat_id, 0.0) - self._now())

    def paused_for(self) -> float:
        """Seconds left of the last 429 this worker saw (another worker's holds are in the database)."""
        return max(0.0, self._paused_until - self._now())

    async def acquire(self, chat_id: int | str | None, priority: int = Priority.bulk) -> None:
        if chat_id is not None and (wait := self.chat_wait(chat_id)) > 0:
            await asyncio.sleep(wait)
        # A chat id may be "@channel": such a chat is paced overall only.
        chat = chat_id if isinstance(chat_id, int) and self.chat_interval else None
        missed: float | None = None  # a slot this message reserved and woke too late for
        retakes = 0
        while True:
            async with self._turn.slot(priority):
                slot, deadline = await self._reserve(chat, missed)
                if slot is None:  # the chat was reserved again meanwhile: queue behind that message
                    missed = None
                    continue
                wait = deadline - self._now()
                if wait <= _LONG_WAIT:
                    await asyncio.sleep(wait)
            if wait > _LONG_WAIT:
                await asyncio.sleep(wait)
            late = self._now() - deadline
            if late <= self.spacing * _LATE_SLOTS or retakes >= _MAX_RETAKES:
                break
            # The loop woke us after our moment (it was blocked): the workers' later slots are taken, and
            # sending now would put this message among them, more than 30 in the Bot API's second.
            missed, retakes = slot.at, retakes + 1
            self.retaken += 1
        if chat_id is not None and self.chat_interval:
            self._chat_free[chat_id] = self._now() + self.chat_interval
            if len(self._chat_free) > 4096:
                now = self._now()
                self._chat_free = {key: free for key, free in self._chat_free.items() if free > now}

    async def pause(self, seconds: float) -> bool:
        """Hold every worker's sends for `seconds`; True when this worker had seen no hold running."""
        now = self._now()
        started = now >= self._paused_until
        self._paused_until = max(self._paused_until, now + seconds)
        await self.pace.hold(self.bot_id, seconds)
        return started
