"""A rendered digest as Telegram messages: split between sections, or between lines of a section that is
too long alone, so no message passes 4,096 characters and no item or HTML tag is cut."""

from __future__ import annotations

import re
from collections.abc import Callable

from messages.render import TELEGRAM_LIMIT, split_blocks

_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def digest_messages(
    render: Callable[..., str], template: str, /, *, limit: int = TELEGRAM_LIMIT, **context: object
) -> list[str]:
    text = render(template, **context)
    # The templates separate sections by blank lines (an empty section leaves extra ones) and keep every
    # line self-contained HTML, so both are safe places to split.
    blocks: list[str] = []
    for section in (part.strip("\n") for part in _BLANK_LINES.split(text)):
        if not section.strip():
            continue
        if len(section) <= limit:
            blocks.append(section)
        else:
            blocks.extend(split_blocks(section.split("\n"), limit, sep="\n"))
    return split_blocks(blocks, limit)
