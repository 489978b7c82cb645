"""What the demo morning remembers between steps, and how a step says it cannot be played."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.demo.transcript import Transcript
from messages.render import render


class Unavailable(Exception):
    """The bot does not (yet) do what this step needs; `reason` is the rendered Vietnamese sentence."""

    def __init__(self, reason: str, what: str = "") -> None:
        self.reason = render("demo/reason.txt.j2", reason=reason, what=what)
        self.reported = False
        super().__init__(self.reason)

    def report(self, transcript: Transcript) -> None:
        if not self.reported:
            transcript.say("note", kind="not_available", reason=self.reason)
            self.reported = True


@dataclass
class Morning:
    today: date
    unit_ids: dict[str, int] = field(default_factory=dict)
    registered: set[str] = field(default_factory=set)  # role keys of heads registered by invite or seed
    published: bool = False
    done: list[str] = field(default_factory=list)  # step keys played
    missing: list[str] = field(default_factory=list)  # titles of steps not available
