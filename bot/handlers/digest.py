"""/tonghop [kỳ] [đơn vị | số thông báo]: the digest on request, for leaders and the office.

The last message carries the buttons: one per listed task (its detail), "Biểu đồ" and "Tải Excel" for the
same scope and period.
"""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler

from bot.callbacks import Action, make
from bot.context import Context
from bot.handlers.guards import requires
from bot.handlers.update_parts import message_of
from bot.sending import reply_html
from bot.services.digest import Digest, build_digest
from bot.services.digest_messages import digest_messages
from bot.services.digest_target import digest_period, resolve_target
from bot.services.identity import Actor
from bot.services.reminders import work_calendar
from bot.services.report_period import Period, PeriodProblem, split_period
from bot.services.report_scope import ReportScope
from storage.models import RoleName


def keyboard(context: Context, digest: Digest, scope: ReportScope) -> InlineKeyboardMarkup:
    render = context.bot_data.render
    rows: list[list[InlineKeyboardButton]] = []
    seen: list[int] = []
    for line in digest.progress.items:
        if line.task_id not in seen:
            seen.append(line.task_id)
            label = render("report/button.txt.j2", name="task", number=len(seen), text=line.task_text)
            rows.append([InlineKeyboardButton(label, callback_data=make(Action.task_detail, line.task_id))])
    if not seen:  # all units: the overdue list's tasks open the same way
        for item in digest.overdue.items:
            if item.task_id and item.task_id not in seen:
                seen.append(item.task_id)
                label = render("report/button.txt.j2", name="overdue", text=item.task_text)
                data = make(Action.task_detail, item.task_id)
                rows.append([InlineKeyboardButton(label, callback_data=data)])
    rows.append([InlineKeyboardButton(render("report/button.txt.j2", name="chart"),
                                      callback_data=make(Action.chart, *scope.ids())),
                 InlineKeyboardButton(render("report/button.txt.j2", name="workbook"),
                                      callback_data=make(Action.workbook, *scope.ids()))])
    return InlineKeyboardMarkup(rows)


@requires(RoleName.leader, RoleName.office)
async def digest_on_request(update: Update, context: Context, actor: Actor) -> None:
    message = message_of(update)
    data = context.bot_data
    settings = context.settings
    today = datetime.now(UTC).astimezone(settings.tz).date()
    period, rest = split_period(" ".join(context.args or []), today)
    if isinstance(period, PeriodProblem):
        text = data.render("report/bad_period.html.j2", text=period.text, command="tonghop")
        await reply_html(message, text)
        return
    target = await resolve_target(context.repos, rest)
    if target.kind in ("unknown", "ambiguous"):
        text = data.render("digest_target_unknown.html.j2", query=target.query,
                           ambiguous=target.kind == "ambiguous", candidates=target.candidates)
        await reply_html(message, text)
        return
    start, end = (period.start, period.end) if isinstance(period, Period) else digest_period(target, today,
                                                                                              settings.tz)
    scope = ReportScope(start=start, end=end, unit_id=target.unit.id if target.unit else None,
                        notice_id=target.notice.id if target.notice else None)
    # All reads: on the side connection, so the presses of other people do not wait behind them.
    digest = await build_digest(
        context.side, today=today, period_start=start, period_end=end, unit_id=scope.unit_id,
        notice_id=scope.notice_id, calendar=await work_calendar(context.side, settings),
        policy=settings.reminders,
    )
    texts = digest_messages(data.render, "digest.html.j2", digest=digest)
    for number, text in enumerate(texts, start=1):
        await reply_html(message, text, keyboard(context, digest, scope) if number == len(texts) else None)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("tonghop", digest_on_request))
