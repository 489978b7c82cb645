"""/baocao [kỳ] [đơn vị | số thông báo]: the report as an .xlsx workbook with a one-paragraph summary, and
its chart; the "Biểu đồ" and "Tải Excel" buttons of /tonghop do the same for the digest's scope.

The files are made in the report process (bot.services.report_files), written to a temporary folder and
uploaded at once: the person is waiting for them, so they are answers, not outbox rows.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from telegram import Message, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import Action, parse, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.handlers.notice_views import call_bot
from bot.sending import answer_query, reply_html
from bot.services.digest_target import resolve_target
from bot.services.identity import Actor
from bot.services.report import file_stem
from bot.services.report_files import make_files_in_process
from bot.services.report_period import Period, PeriodProblem, current, split_period
from bot.services.report_scope import ReportScope
from storage.models import RoleName


async def send_report(context: Context, message: Message, scope: ReportScope, *, workbook: bool,
                      chart: bool, period_kind: str | None = None) -> None:
    data = context.bot_data
    settings = context.settings
    now = datetime.now(UTC)
    chat_id = message.chat.id
    with tempfile.TemporaryDirectory(prefix="dondoc-report-") as folder:
        xlsx, png = Path(folder) / "bao-cao.xlsx", Path(folder) / "bieu-do.png"
        report = await make_files_in_process(
            settings.database, context.tenant.id, settings.db_path.parent, settings.timezone, scope,
            now.astimezone(settings.tz).date(), now,
            workbook=xlsx if workbook else None, chart=png if chart else None)
        if workbook:
            await call_bot(context, chat_id, "document", {
                "path": str(xlsx), "file_name": f"{file_stem(scope, report.scope, period_kind)}.xlsx",
                "caption": data.render("report/summary.html.j2", data=report)})
        if chart:
            await call_bot(context, chat_id, "photo", {
                "path": str(png), "caption": data.render("report/chart_caption.html.j2", data=report)})


@requires(RoleName.leader, RoleName.office)
async def report_command(update: Update, context: Context, actor: Actor) -> None:
    message = update.effective_message
    if message is None:
        return
    data = context.bot_data
    today = datetime.now(UTC).astimezone(context.settings.tz).date()
    period, rest = split_period(" ".join(context.args or []), today)
    if isinstance(period, PeriodProblem):
        text = data.render("report/bad_period.html.j2", text=period.text, command="baocao")
        await reply_html(message, text)
        return
    target = await resolve_target(context.repos, rest)
    if target.kind in ("unknown", "ambiguous"):
        text = data.render("digest_target_unknown.html.j2", query=target.query,
                           ambiguous=target.kind == "ambiguous", candidates=target.candidates)
        await reply_html(message, text)
        return
    chosen = period if isinstance(period, Period) else current("month", today)
    scope = ReportScope(start=chosen.start, end=chosen.end, unit_id=target.unit.id if target.unit else None,
                        notice_id=target.notice.id if target.notice else None)
    await reply_html(message, data.render("report/working.html.j2"))
    await send_report(context, message, scope, workbook=True, chart=True, period_kind=chosen.kind)


@requires(RoleName.leader, RoleName.office)
async def on_file_button(update: Update, context: Context, actor: Actor) -> None:
    """"Biểu đồ" / "Tải Excel" under a /tonghop: the same scope and period, as a chart or a workbook."""
    query = update.callback_query
    callback = parse(query.data if query else None)
    scope = ReportScope.from_ids(callback.ids) if callback else None
    if query is None or callback is None or scope is None or not isinstance(query.message, Message):
        await refuse(update, context, "stale")
        return
    await answer_query(update.callback_query)
    chart = callback.action is Action.chart
    await send_report(context, query.message, scope, workbook=not chart, chart=chart)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("baocao", report_command))
    app.add_handler(CallbackQueryHandler(on_file_button, pattern=pattern(Action.chart)))
    app.add_handler(CallbackQueryHandler(on_file_button, pattern=pattern(Action.workbook)))
