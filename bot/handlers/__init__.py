"""Handler registration, in order. Guards go in negative groups so they run before flows."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers import (
    completion,
    corrections,
    delivery,
    digest,
    errors,
    extension,
    intake,
    leader_titles,
    progress,
    reminders,
    replies,
    report,
    review,
    review_candidates,
    review_edits,
    review_tasks,
    review_units,
    start,
    task_views,
    tasks,
    tenants,
)


def register(app: Application) -> None:
    tenants.register(app)
    replies.register(app)
    reminders.register(app)
    progress.register(app)
    completion.register(app)
    extension.register(app)
    tasks.register(app)
    digest.register(app)
    task_views.register(app)
    report.register(app)
    leader_titles.register(app)
    start.register(app)
    review.register(app)
    review_tasks.register(app)
    review_edits.register(app)
    review_units.register(app)
    review_candidates.register(app)
    corrections.register(app)
    delivery.register(app)
    # Last in group 0: any private text or file not claimed above is the office sending a notice.
    intake.register(app)
    app.add_error_handler(errors.on_error)
