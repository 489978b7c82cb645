"""Replies to the bot's own messages, routed by what the replied-to message was about.

Every message that expects an answer (a delivery, a reminder, a ForceReply prompt for a date or a
note) is stored as a message link with a kind. A flow claims its kinds with `@on_reply("kind")`; a
reply to a message whose link has that kind goes to it. State lives in the database, so a prompt
answered after a restart still lands in the right place.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.context import Context
from bot.handlers.guards import resolve
from bot.services.identity import Actor
from bot.services.reply_links import replied_to
from storage.models import MessageLink

ReplyHandler = Callable[[Update, Context, MessageLink], Awaitable[None]]
_ROUTES: dict[str, ReplyHandler] = {}


def on_reply(*kinds: str) -> Callable[[ReplyHandler], ReplyHandler]:
    def decorate(handler: ReplyHandler) -> ReplyHandler:
        for kind in kinds:
            if kind in _ROUTES and _ROUTES[kind] is not handler:
                raise ValueError(f"reply kind {kind!r} is already routed")
            _ROUTES[kind] = handler
        return handler

    return decorate


async def route(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or message.reply_to_message is None:
        return
    # The reply's tenant: the replied-to message's, when it is one of the person's (guards.resolve).
    if not isinstance(await resolve(update, context), Actor):
        return
    link = await replied_to(context.repos, message.chat_id, message.reply_to_message.message_id)
    if link is None or link.kind not in _ROUTES:
        return
    await _ROUTES[link.kind](update, context, link)
    # Handled: the intake of pasted notices (group 0) must not see this text.
    raise ApplicationHandlerStop


def register(app: Application) -> None:
    # Group -1 runs before the flows of group 0; edited replies are the progress flow's business.
    app.add_handler(
        MessageHandler(filters.REPLY & filters.UpdateType.MESSAGE & ~filters.COMMAND, route), group=-1
    )
