"""The preview's safety net: the sentences that look like orders but gave no task. ➕ turns one into a
task given to the units it names, ✕ says it is no task; Xem thêm pages through the rest."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.handlers.notice_views import answer_review, show_preview
from bot.handlers.review_press import Press, candidate_press, notice_press
from bot.handlers.review_screens import show_candidates
from bot.services import review
from bot.services.identity import Actor
from storage.models import RoleName


async def _redraw(context: Context, press: Press, page: int) -> None:
    """Back where the press came from: the preview (page 0) or that page of sentences."""
    if page == 0:
        await show_preview(context, press.chat_id, press.notice.id, edit_message_id=press.message_id)
    else:
        await show_candidates(context, press.chat_id, press.message_id, press.notice.id, page)


@requires(RoleName.office)
async def on_candidate(update: Update, context: Context, actor: Actor) -> None:
    pressed = await candidate_press(update, context)
    if pressed is None:
        return
    press, candidate = pressed
    repos, now = context.repos, datetime.now(UTC)
    if press.callback.action is Action.take_candidate:
        task = await review.take_candidate(repos, candidate.id, by=actor.person.id, now=now)
        if task is None:
            await refuse(update, context, "stale")
            return
        await answer_review(update, context, "taken", candidate=candidate, task=task)
    else:
        if await review.dismiss_candidate(repos, candidate.id, by=actor.person.id, now=now) is None:
            await refuse(update, context, "stale")
            return
        await answer_review(update, context, "dismissed", candidate=candidate)
    await _redraw(context, press, press.callback.ids[1])


@requires(RoleName.office)
async def on_candidate_page(update: Update, context: Context, actor: Actor) -> None:
    press = await notice_press(update, context)
    if press is None:
        return
    await answer_review(update, context)
    await show_candidates(context, press.chat_id, press.message_id, press.notice.id, press.callback.ids[1])


def register(app: Application) -> None:
    for action in (Action.take_candidate, Action.dismiss_candidate):
        app.add_handler(CallbackQueryHandler(on_candidate, pattern=pattern(action)))
    app.add_handler(CallbackQueryHandler(on_candidate_page, pattern=pattern(Action.candidate_page)))
