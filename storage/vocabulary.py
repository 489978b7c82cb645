"""The words a notice and its tasks are described with, shared by the parser (which finds them) and
storage (which keeps them): here, so storage needs nothing from the bot."""

from __future__ import annotations

from enum import StrEnum


class NoticeKind(StrEnum):
    conclusion = "conclusion"
    plan = "plan"
    letter = "letter"
    other = "other"


class TaskKind(StrEnum):
    assign = "assign"
    # "Đề nghị …" addressed to a body outside the committee's authority.
    request = "request"


class Recurrence(StrEnum):
    daily = "daily"
    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"
    yearly = "yearly"
    periodic = "periodic"


class TaskFlag(StrEnum):
    """Why the office should look twice at a task in the preview."""

    # The deadline's date had no year; the year was taken from the notice.
    year_inferred = "year_inferred"
    # "định kỳ" with no period named: the recurrence is a guess.
    recurrence_guessed = "recurrence_guessed"
    # Longer than a page: probably several tasks or a task and its context run together.
    long_text = "long_text"
