"""Who a heading, a lead sentence or a later sentence of a paragraph names, and the task text."""

from __future__ import annotations

import re

from bot.parser.address import (
    DE_NGHI,
    DUTY_OF,
    GIAO,
    INNER_GIAO,
    Addressee,
    directed,
)
from bot.parser.casing import name_case
from bot.parser.groups import expand_group_lists
from bot.parser.known_names import KnownNames
from bot.parser.models import TaskKind
from bot.parser.subjects import plural_name
from bot.parser.unit_words import starts_with_unit
from bot.parser.units import is_unit_list, split_units

_OPENING_CUE = re.compile(r"^(?:Giao|Đề nghị|Yêu cầu)\s")
_PLURAL = re.compile(r"^[Cc]ác\s")


def names_its_doers(text: str, names: KnownNames) -> bool:
    """Does a paragraph open by naming who must act ("Giao X …", "Đề nghị X …", "Sở A, Sở B: …")?
    Such a paragraph is a task even inside a section whose other items assign nothing."""
    if _OPENING_CUE.match(text):
        return True
    head, colon, tail = expand_group_lists(text).partition(":")
    return bool(colon and tail.strip() and len(head) < 250 and is_unit_list(head, names))


def heading_units(text: str, names: KnownNames, *, lenient: bool = False) -> Addressee | None:
    """A heading that is only a unit list: "5. Công an phường", "Đề nghị: Hội A, Hội B",
    "(1) Trách nhiệm của Công ty X:". `lenient`: see is_unit_list."""
    text = expand_group_lists(name_case(text.strip())).rstrip(":.").strip()
    duty = DUTY_OF.match(text)
    if duty:  # "Đối với công chức Tư pháp - Hộ tịch:": what follows names the doer, in any case
        text = text[duty.end() :]
        text = text[:1].upper() + text[1:]
    kind = TaskKind.assign
    cue = DE_NGHI.match(text + " ")
    if cue:
        text = text[cue.end() :].strip()
        kind = TaskKind.request
    cue = GIAO.match(text)
    if cue:
        text = text[cue.end() :]
    # only a generic group ("các tổ chức …") takes a clause saying which ones; after a proper
    # name ("Phòng Y tế kiểm tra …") a verb starts the task
    if lenient and not _PLURAL.match(text):
        return None
    if is_unit_list(text, names, lenient=lenient):
        return Addressee(split_units(text), [], kind, "")
    if plural_name(text):  # "3. Trưởng các thôn:", "Các chi hội phụ nữ"
        return Addressee([text], [], kind, "")
    return None


def addressee(text: str, names: KnownNames) -> Addressee | None:
    """Who a lead sentence addresses: "…, Sở X đề nghị UBND các xã, phường thực hiện … Cụ thể:"."""
    for inner in INNER_GIAO.finditer(text):
        if starts_with_unit(text[inner.end() :]):
            kind = TaskKind.request if inner.group(1).lower() == "đề nghị" else TaskKind.assign
            found = directed(text[inner.end() :], kind, names)
            if found:
                return Addressee(found.units, found.coordinators, kind, "")
    return None


def task_text(body: str, who: Addressee) -> str:
    """The task itself: what follows "<assignment heading>:" on the same line, else the whole body."""
    if who.text and body.endswith(who.text):
        return who.text
    if who.rest and body.endswith(who.rest) and body[: len(body) - len(who.rest)].rstrip().endswith(":"):
        return who.rest
    return body
