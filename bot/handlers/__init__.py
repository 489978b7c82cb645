"""Handler registration, in order. Guards go in negative groups so they run before flows."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers import completion, errors, extension, progress, replies, start, tasks


def register(app: Application) -> None:
    replies.register(app)
    progress.register(app)
    completion.register(app)
    extension.register(app)
    tasks.register(app)
    start.register(app)
    app.add_error_handler(errors.on_error)
