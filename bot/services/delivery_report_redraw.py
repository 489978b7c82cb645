"""The office's delivery report redraws itself when a send that had failed goes through on a retry:
without it the report says "đang gửi" until someone presses Cập nhật. Redraws are throttled: at most one
edit per report message every THROTTLE_SECONDS, carrying the state at the moment it is sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.callbacks import Action, make
from bot.services.delivery_report import delivery_report
from messages.render import TELEGRAM_LIMIT, utf16_len
from storage.models import NewOutboxMessage
from storage.repositories import Repositories

THROTTLE_SECONDS = 10
# The message the office pressed Gửi on shows the report (edited in place), or a later Cập nhật did.
_VIEW_KINDS = ("preview", "report")


def report_markup(render: Callable[..., str], notice_id: int) -> dict[str, list[list[dict[str, str]]]]:
    """The report's buttons: Cập nhật and the corrections (the same as bot.handlers.delivery shows)."""
    def button(name: str, data: str) -> dict[str, str]:
        return {"text": render("notice_buttons.txt.j2", name=name), "callback_data": data}

    return {"inline_keyboard": [[button("refresh", make(Action.delivery_report, notice_id)),
                                 button("correct", make(Action.correct, notice_id))]]}


async def redraw_delivery_report(repos: Repositories, render: Callable[..., str], notice_id: int,
                                 now: datetime) -> int:
    """Queue an edit of each message showing the notice's report; returns how many were queued. A
    report grown past one message is left for Cập nhật, which sends it again in parts."""
    report = await delivery_report(repos, notice_id)
    if report is None:
        return 0
    text = render("delivery_report.html.j2", report=report, now=now)
    if utf16_len(text) > TELEGRAM_LIMIT:
        return 0
    bucket = int(now.timestamp()) // THROTTLE_SECONDS
    due = datetime.fromtimestamp((bucket + 1) * THROTTLE_SECONDS, now.tzinfo)
    views = await repos.links.latest_views(notice_id, _VIEW_KINDS)
    for view in views:
        await repos.outbox.enqueue_latest(
            NewOutboxMessage(
                key=f"report_redraw:{notice_id}:{view.chat_id}:{view.message_id}:{bucket}",
                chat_id=view.chat_id, kind="edit_text", notice_id=notice_id,
                payload={"message_id": view.message_id, "text": text,
                         "reply_markup": report_markup(render, notice_id)},
            ),
            now, not_before=due,  # the end of the window: every change in it shows in one edit
        )
    return len(views)
