"""/tonghop [đơn vị | số thông báo]: the digest on request, for leaders and the office."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import Context
from bot.handlers.guards import requires
from bot.handlers.update_parts import message_of
from bot.sending import reply_html
from bot.services.digest import build_digest
from bot.services.digest_messages import digest_messages
from bot.services.digest_target import digest_period, resolve_target
from bot.services.identity import Actor
from bot.services.reminders import work_calendar
from storage.models import RoleName


@requires(RoleName.leader, RoleName.office)
async def digest_on_request(update: Update, context: Context, actor: Actor) -> None:
    message = message_of(update)
    data = context.bot_data
    settings = data.settings
    today = datetime.now(UTC).astimezone(settings.tz).date()
    target = await resolve_target(data.repos, " ".join(context.args or []))
    if target.kind in ("unknown", "ambiguous"):
        text = data.render("digest_target_unknown.html.j2", query=target.query,
                           ambiguous=target.kind == "ambiguous", candidates=target.candidates)
        await reply_html(message, text)
        return
    start, end = digest_period(target, today, settings.tz)
    digest = await build_digest(
        data.repos, today=today, period_start=start, period_end=end,
        unit_id=target.unit.id if target.unit else None,
        notice_id=target.notice.id if target.notice else None,
        calendar=await work_calendar(data.repos, settings), policy=settings.reminders,
    )
    for text in digest_messages(data.render, "digest.html.j2", digest=digest):
        await reply_html(message, text)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("tonghop", digest_on_request))
