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

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.callbacks import Action, make
from bot.context import Context
from bot.sending import answer_query, name_committee_in_answers, reply_html
from bot.services.identity import Actor, TenantChoice, identify
from storage.models import RoleName

Handler = Callable[[Update, Context, Actor], Awaitable[None]]
# What PTB's handler classes accept: a coroutine function of (update, context).
HandlerCallback = Callable[[Update, Context], Coroutine[Any, Any, None]]


def _answered_message(update: Update) -> tuple[int, int] | None:
    """(chat id, message id) of the bot's message this update answers: the message of a pressed
    button, or the message a reply quotes."""
    if update.callback_query is not None and isinstance(update.callback_query.message, Message):
        pressed = update.callback_query.message
        return pressed.chat.id, pressed.message_id
    message = update.effective_message
    if message is not None and message.reply_to_message is not None:
        return message.chat.id, message.reply_to_message.message_id
    return None


async def resolve(update: Update, context: Context) -> Actor | TenantChoice | None:
    """The actor with the update's tenant bound to `context`, a tenant choice still to make, or None
    for a stranger."""
    user = update.effective_user
    if user is None:
        return None
    chat = update.effective_chat
    found = await identify(
        context.bot_data.deployment,
        telegram_user_id=user.id,
        chat_id=chat.id if chat is not None and chat.type == "private" else None,
        display_name=user.full_name,
        admin_ids=context.settings.admin_ids,
        now=datetime.now(UTC),
        answered=_answered_message(update),
    )
    if isinstance(found, Actor):
        context.bind(found.tenant)
    committee = found.tenant.name if isinstance(found, Actor) and found.several_tenants else None
    name_committee_in_answers(committee)
    return found


async def current_actor(update: Update, context: Context) -> Actor | None:
    """The actor, or None for a stranger and for someone who must choose a tenant first (they are shown
    the choice)."""
    found = await resolve(update, context)
    if isinstance(found, TenantChoice):
        await offer_tenants(update, context, found)
        return None
    return found


async def offer_tenants(update: Update, context: Context, choice: TenantChoice) -> None:
    """The short row of committees to pick from; the pick is remembered for the chat."""
    text = context.bot_data.render("tenants/choose.html.j2", tenants=choice.tenants)
    rows = [[InlineKeyboardButton(tenant.name, callback_data=make(Action.tenant, tenant.id))]
            for tenant in choice.tenants]
    markup = InlineKeyboardMarkup(rows)
    if update.callback_query is not None:
        await answer_query(update.callback_query)
    message = update.effective_message
    if message is not None:
        await reply_html(message, text, markup)


async def refuse(update: Update, context: Context, reason: str) -> None:
    """Tell the person, in the way that fits the update, that they may not do this."""
    text = context.bot_data.render("not_allowed.html.j2", reason=reason)
    if update.callback_query is not None:
        # The template has no markup, so it reads the same as a plain-text alert.
        await answer_query(update.callback_query, text, alert=True)
        return
    if update.effective_message is not None:
        await reply_html(update.effective_message, text)


def requires(*roles: RoleName) -> Callable[[Handler], HandlerCallback]:
    """Run the handler only for a known person holding one of `roles` (any known person if none)."""

    def decorate(handler: Handler) -> HandlerCallback:
        @functools.wraps(handler)
        async def guarded(update: Update, context: Context) -> None:
            found = await resolve(update, context)
            if isinstance(found, TenantChoice):
                await offer_tenants(update, context, found)
                return
            actor = found
            if actor is None:
                await refuse(update, context, "stranger")
                return
            if roles and not any(actor.may(role) for role in roles):
                await refuse(update, context, "role")
                return
            await handler(update, context, actor)

        return guarded

    return decorate
