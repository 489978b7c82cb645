"""/start and /huongdan: who you are to the bot and what you can do; the command menu.

`/start <token>` (an invite link) goes to the registration flow. A stranger's plain /start or
/huongdan explains how to get an invite and changes nothing (identify() leaves no row for them).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import Context
from bot.handlers import admin, registration
from bot.handlers.guards import current_actor
from bot.handlers.menu import bot_commands, set_bot_commands, set_person_commands
from bot.handlers.update_parts import message_of
from bot.sending import reply_html
from bot.services.identity import Actor, has_admin, roles_held
from bot.services.menus import commands_for

log = logging.getLogger(__name__)


async def _reply_stranger(update: Update, context: Context) -> None:
    data = context.bot_data
    user = update.effective_user
    text = data.render(
        "start_stranger.html.j2",
        invite_ttl_hours=context.settings.invite_ttl_hours,
        telegram_id=user.id if user is not None else None,
        # Right after installation nobody is admin yet: tell the installer how to become one.
        no_admin=not await has_admin(data.deployment, context.settings.admin_ids),
    )
    await reply_html(message_of(update), text)


def _flags(actor: Actor) -> dict[str, bool]:
    return {"is_head": actor.is_head, "is_office": actor.is_office, "is_leader": actor.is_leader}


def _private(update: Update) -> bool:
    return update.effective_chat is not None and update.effective_chat.type == "private"


async def start(update: Update, context: Context) -> None:
    message = message_of(update)
    chat = update.effective_chat
    if context.args and chat is not None and chat.type == "private":
        await registration.offer(update, context, context.args[0])
        return
    actor = await current_actor(update, context)
    if actor is None:
        await _reply_stranger(update, context)
        return
    text = context.bot_data.render(
        "registration/greeting.html.j2", name=actor.person.display_name,
        roles=await roles_held(context.repos, actor),
        commands=commands_for(actor),
    )
    await reply_html(message, text)
    if _private(update):  # the menu follows the roles held now (they may have changed since)
        await set_person_commands(context.bot, actor)


async def guide(update: Update, context: Context) -> None:
    actor = await current_actor(update, context)
    if actor is None:
        await _reply_stranger(update, context)
        return
    text = context.bot_data.render("registration/help.html.j2", is_admin=actor.is_admin,
                                   commands=commands_for(actor), **_flags(actor))
    await reply_html(message_of(update), text)
    if _private(update):
        await set_person_commands(context.bot, actor)


__all__ = ["bot_commands", "register", "set_bot_commands"]


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler(["huongdan", "help"], guide))
    registration.register(app)
    admin.register(app)
