"""The command menu of each chat (setMyCommands with BotCommandScopeChat): exactly the commands the
person's roles allow (bot.services.menus), set again whenever those roles change."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError
from telegram.ext import ExtBot

from bot.services.identity import Actor, actor_after_change
from bot.services.menus import commands_for
from bot.telegram_errors import classify
from messages.render import render
from storage.models import Person, Tenant
from storage.repositories import Repositories

log = logging.getLogger(__name__)


def bot_commands(names: list[str] | None = None) -> list[BotCommand]:
    """The menu lines of `names` (every command when None), in menu order."""
    lines = render("bot_commands.txt.j2").splitlines()
    pairs = [line.split(" - ", 1) for line in lines if " - " in line]
    return [BotCommand(command.strip(), description.strip()) for command, description in pairs
            if names is None or command.strip() in names]


async def _set(bot: ExtBot, commands: list[BotCommand], scope: BotCommandScopeChat | None) -> None:
    # A menu that cannot be set is cosmetic: the bot carries on.
    try:
        await bot.set_my_commands(commands, scope=scope)
    except TelegramError as error:
        log.warning("command menu not set: %s", classify(error).reason)


async def set_bot_commands(bot: ExtBot) -> None:
    """The default menu, for anyone the bot has not set a menu for (a stranger: /start, /huongdan);
    called once from the application's post_init."""
    await _set(bot, bot_commands(commands_for(None)), None)


async def set_person_commands(bot: ExtBot, actor: Actor) -> None:
    """This person's menu in their private chat: exactly the commands their roles allow. Called on
    registration, when a role is taken away, and on /start and /huongdan."""
    if actor.person.chat_id is not None:
        await _set(bot, bot_commands(commands_for(actor)), BotCommandScopeChat(actor.person.chat_id))


async def refresh_person_commands(bot: ExtBot, repos: Repositories, tenant: Tenant, person: Person,
                                  admin_ids: list[int]) -> None:
    """After someone else changed this person's roles in `tenant` (a head removed, say): their menu
    follows."""
    await set_person_commands(bot, await actor_after_change(repos, person, tenant, admin_ids))
