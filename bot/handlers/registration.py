"""Registration: `/start <token>` shows what the invite is for, the confirm button registers.

The link only offers; nothing is written until the person presses "Tôi là …" (a stranger who just
looks at a link leaves no row). The button is checked on the server like any other: a forged,
used or expired invite changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.callbacks import Action, make, parse, pattern
from bot.context import Context
from bot.handlers.guards import current_actor, refuse
from bot.handlers.menu import set_person_commands
from bot.handlers.update_parts import message_of
from bot.sending import answer_query, edit_html, reply_html
from bot.services.registration import InviteState, accept_invite, look_up_invite


async def offer(update: Update, context: Context, token: str) -> None:
    """Answer an invite link: what it is for and a confirm button, or why it cannot be used."""
    data = context.bot_data
    lookup = await look_up_invite(data.deployment, token, datetime.now(UTC))
    if lookup.state is not InviteState.valid or lookup.invite is None:
        await reply_html(message_of(update),
                         data.render("registration/invite_invalid.html.j2", state=lookup.state))
        return
    context_vars = {"role": lookup.invite.role, "unit": lookup.unit}
    button = InlineKeyboardButton(
        data.render("registration/confirm_button.txt.j2", **context_vars),
        callback_data=make(Action.invite_confirm, lookup.invite.id, lookup.check),
    )
    text = data.render("registration/invite_confirm.html.j2", expires_at=lookup.invite.expires_at,
                       **context_vars)
    await reply_html(message_of(update), text, InlineKeyboardMarkup([[button]]))


async def confirm(update: Update, context: Context) -> None:
    query = update.callback_query
    user, chat = update.effective_user, update.effective_chat
    button = parse(query.data if query else None)
    if (query is None or not isinstance(query.message, Message) or user is None or button is None
            or chat is None or chat.type != "private"):
        await refuse(update, context, "stale")
        return
    data = context.bot_data
    result = await accept_invite(
        data.deployment, invite_id=button.ids[0], check=button.ids[1], telegram_user_id=user.id,
        chat_id=chat.id, display_name=user.full_name, now=datetime.now(UTC), render=data.render,
    )
    if result.state is InviteState.valid and result.invite is not None:
        text = data.render("registration/registered.html.j2", role=result.invite.role, unit=result.unit)
        actor = await current_actor(update, context)
        if actor is not None:  # the new role's commands in the menu at once
            await set_person_commands(context.bot, actor)
    else:
        text = data.render("registration/invite_invalid.html.j2", state=result.state)
    await answer_query(query)
    # Replacing the offer also removes its button, so it cannot be pressed twice.
    await edit_html(query.message, text)


def register(app: Application) -> None:
    app.add_handler(CallbackQueryHandler(confirm, pattern=pattern(Action.invite_confirm)))
