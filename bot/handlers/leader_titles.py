"""/chucdanh (admins): the leaders with their titles, and a button per title to set one."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import Action, make, parse, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.handlers.update_parts import message_of
from bot.sending import answer_query, reply_html
from bot.services import leader_titles as service
from bot.services.identity import Actor
from storage.models import LeaderTitle, RoleName

_CODES = {1: LeaderTitle.chairman, 2: LeaderTitle.vice_chairman}  # in the button's callback data


@requires(RoleName.admin)
async def titles_command(update: Update, context: Context, actor: Actor) -> None:
    render = context.bot_data.render
    leaders = await service.leaders(context.repos)
    numbered = list(enumerate(leaders, start=1))
    rows = [[InlineKeyboardButton(render("people/title_button.txt.j2", number=number, title=title).strip(),
                                  callback_data=make(Action.set_title, leader.person.id, code))
             for code, title in _CODES.items()] for number, leader in numbered]
    text = render("people/titles.html.j2",
                  leaders=[(number, leader.person.display_name, leader.title) for number, leader in numbered])
    await reply_html(message_of(update), text, InlineKeyboardMarkup(rows) if rows else None)


@requires(RoleName.admin)
async def on_title_button(update: Update, context: Context, actor: Actor) -> None:
    query = update.callback_query
    button = parse(query.data if query else None)
    title = _CODES.get(button.ids[1]) if button is not None else None
    if query is None or button is None or title is None:
        await refuse(update, context, "stale")
        return
    leader = await service.set_title(context.repos, button.ids[0], title, by=actor.person.id,
                                     now=datetime.now(UTC))
    if leader is None:
        await refuse(update, context, "stale")
        return
    await answer_query(query)
    text = context.bot_data.render("people/title_set.html.j2", name=leader.person.display_name, title=title)
    await reply_html(message_of(update), text)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("chucdanh", titles_command))
    app.add_handler(CallbackQueryHandler(on_title_button, pattern=pattern(Action.set_title)))
