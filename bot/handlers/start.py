"""/start from someone the bot does not know: explain how to get an invite. Changes nothing."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.context import Context
from bot.sending import reply_html


async def start_stranger(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    settings = context.bot_data.settings
    text = context.bot_data.render("start_stranger.html.j2", invite_ttl_hours=settings.invite_ttl_hours)
    await reply_html(message, text)


def register(app: Application) -> None:
    # Last /start handler of group 0: the registration flow (/start <invite token>) and the greeting
    # of known people must be registered before it, so PTB picks them first.
    app.add_handler(CommandHandler("start", start_stranger))
