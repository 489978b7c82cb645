"""Role guards: who may run a handler is checked on the server before the handler runs.

    @requires(RoleName.office)
    async def invite(update, context, actor): ...

A refusal is one polite Vietnamese message (or a callback-query alert) and nothing changes.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from telegram import Update

from bot.context import Context
from bot.sending import reply_html
from bot.services.identity import Actor, identify
from storage.models import RoleName

Handler = Callable[[Update, Context, Actor], Awaitable[None]]
# What PTB's handler classes accept: a coroutine function of (update, context).
HandlerCallback = Callable[[Update, Context], Coroutine[Any, Any, None]]


async def current_actor(update: Update, context: Context) -> Actor | None:
    user = update.effective_user
    if user is None:
        return None
    chat = update.effective_chat
    data = context.bot_data
    return await identify(
        data.repos,
        telegram_user_id=user.id,
        chat_id=chat.id if chat is not None and chat.type == "private" else None,
        display_name=user.full_name,
        admin_ids=data.settings.admin_ids,
        now=datetime.now(UTC),
    )


async def refuse(update: Update, context: Context, reason: str) -> None:
    """Tell the person, in the way that fits the update, that they may not do this."""
    text = context.bot_data.render("not_allowed.html.j2", reason=reason)
    if update.callback_query is not None:
        # The template has no markup, so it reads the same as a plain-text alert.
        await update.callback_query.answer(text, show_alert=True)
        return
    if update.effective_message is not None:
        await reply_html(update.effective_message, text)


def requires(*roles: RoleName) -> Callable[[Handler], HandlerCallback]:
    """Run the handler only for a known person holding one of `roles` (any known person if none)."""

    def decorate(handler: Handler) -> HandlerCallback:
        @functools.wraps(handler)
        async def guarded(update: Update, context: Context) -> None:
            actor = await current_actor(update, context)
            if actor is None:
                await refuse(update, context, "stranger")
                return
            if roles and not any(actor.may(role) for role in roles):
                await refuse(update, context, "role")
                return
            await handler(update, context, actor)

        return guarded

    return decorate
