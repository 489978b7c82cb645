"""Handler registration, in order. Guards go in negative groups so they run before flows."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers import errors, reminders, replies, start


def register(app: Application) -> None:
    replies.register(app)
    reminders.register(app)
    start.register(app)
    app.add_error_handler(errors.on_error)
