"""Which commands a person may use: one list for the Telegram command menu of their chat and for
/huongdan and the /start greeting, so the three can never disagree.

A command is listed for a role only where the handler's guard lets that role run it (the guards stay
the authority; this list mirrors them).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.services.identity import Actor

Rule = Callable[[Actor | None], bool]


def _anyone(actor: Actor | None) -> bool:
    return True


def _known(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.roles or actor.is_head)


def _head(actor: Actor | None) -> bool:
    return actor is not None and actor.is_head


def _office(actor: Actor | None) -> bool:
    return actor is not None and actor.is_office


def _reader(actor: Actor | None) -> bool:
    return actor is not None and (actor.is_office or actor.is_leader)


def _admin(actor: Actor | None) -> bool:
    return actor is not None and actor.is_admin


def _several_tenants(actor: Actor | None) -> bool:
    return actor is not None and actor.several_tenants


def _deployment_admin(actor: Actor | None) -> bool:
    return actor is not None and actor.deployment_admin


# In menu order: a person's own work first, then the office's tools, then help.
COMMANDS: tuple[tuple[str, Rule], ...] = (
    ("viec", _head),
    ("tonghop", _reader),
    ("baocao", _reader),
    ("lichsu", _known),
    ("chuanhan", _office),
    ("moi", _office),
    ("donvi", _office),
    ("ngaynghi", _admin),
    ("chucdanh", _admin),
    ("chonuyban", _several_tenants),
    ("themuyban", _deployment_admin),
    ("start", _anyone),
    ("huongdan", _anyone),
)


def commands_for(actor: Actor | None) -> list[str]:
    """The commands this person (None: a stranger) may use, in menu order."""
    return [name for name, allowed in COMMANDS if allowed(actor)]
