"""The one Jinja environment for every sentence a person reads.

Templates ending in `.html.j2` are sent to Telegram with parse_mode=HTML and are autoescaped;
`.txt.j2` templates are for the terminal (CLI output) and are not; anything else is escaped.
A bare `select_autoescape()` would not escape `.j2` files at all, so the extensions are spelled out.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from functools import lru_cache
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from messages.titles import head_title

TELEGRAM_LIMIT = 4096
ELLIPSIS = "…"
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def vn_date(value: date | datetime | None, empty: str = "") -> str:
    if value is None:
        return empty
    if isinstance(value, datetime):
        value = value.astimezone(VN_TZ).date() if value.tzinfo else value.date()
    return value.strftime("%d/%m/%Y")


def vn_weekday(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo:
        value = value.astimezone(VN_TZ)
    return WEEKDAYS[value.weekday()]


def vn_datetime(value: datetime | None, empty: str = "") -> str:
    if value is None:
        return empty
    local = value.astimezone(VN_TZ) if value.tzinfo else value
    return local.strftime("%H:%M %d/%m/%Y")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("messages", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html.j2",), disabled_extensions=("txt.j2",), default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["vn_date"] = vn_date
    env.filters["vn_weekday"] = vn_weekday
    env.filters["vn_datetime"] = vn_datetime
    env.filters["head_title"] = head_title
    return env


def render(template: str, /, **context: object) -> str:
    """Render one template to text, stripped of surrounding blank lines."""
    return environment().get_template(template).render(**context).strip()


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def headed_by_committee(text: str, committee: str | None, limit: int = TELEGRAM_LIMIT) -> str:
    """`text` under the line naming the People's Committee it concerns (for people who serve several).
    A line that would push the text past `limit` is left out rather than cutting the message."""
    if not committee or not text:
        return text
    headed = f"{render('tenants/line.html.j2', name=committee)}\n{text}"
    return text if utf16_len(headed) > limit else headed


class _OpenTags(HTMLParser):
    """The tags still open at the end of a piece of Telegram HTML, innermost last."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]


def _closers(html_text: str) -> str:
    parser = _OpenTags()
    parser.feed(html_text)
    parser.close()
    return "".join(f"</{tag}>" for tag in reversed(parser.open))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain(html_text: str) -> str:
    parser = _Text()
    parser.feed(html_text)
    parser.close()
    return "".join(parser.parts)


def clip_plain(text: str, limit: int) -> str:
    """Plain text cut to `limit` UTF-16 units with an explicit tail (never half a surrogate pair)."""
    if utf16_len(text) <= limit:
        return text
    room, kept = limit - utf16_len(ELLIPSIS), 0
    for index, char in enumerate(text):
        kept += 2 if ord(char) > 0xFFFF else 1
        if kept > room:
            return text[:index] + ELLIPSIS
    return text


def clip(text: str, limit: int = TELEGRAM_LIMIT) -> str:
    """Cut Telegram HTML to the limit (UTF-16 units) with an explicit "…" line, for messages that cannot
    be split. Never inside markup: whole lines are kept while they fit and tags left open are closed;
    when not even the first line fits, its plain text is clipped and escaped."""
    if utf16_len(text) <= limit:
        return text
    lines, fitting, used = text.split("\n"), 0, utf16_len(ELLIPSIS)
    while fitting < len(lines) and used + utf16_len(lines[fitting]) + 1 <= limit:
        used += utf16_len(lines[fitting]) + 1
        fitting += 1
    for count in range(min(fitting, len(lines) - 1), 0, -1):  # fewer lines if closing tags overflow
        head = "\n".join(lines[:count])
        candidate = f"{head}{_closers(head)}\n{ELLIPSIS}"
        if utf16_len(candidate) <= limit:
            return candidate
    plain, low, high = _plain(lines[0]), 0, limit  # escaping lengthens: the most plain text that fits
    while low < high:
        middle = (low + high + 1) // 2
        if utf16_len(html.escape(clip_plain(plain, middle), quote=False)) <= limit:
            low = middle
        else:
            high = middle - 1
    return html.escape(clip_plain(plain, low), quote=False)


def split_blocks(blocks: list[str], limit: int = TELEGRAM_LIMIT, sep: str = "\n\n") -> list[str]:
    """Pack rendered blocks (one task each) into messages below the limit, never cutting a block
    unless a single block alone is longer than the limit."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{sep}{block}" if current else block
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        current = clip(block, limit)
    if current:
        messages.append(current)
    return messages
