"""The one Jinja environment for every sentence a person reads.

Templates ending in `.html.j2` are sent to Telegram with parse_mode=HTML and are autoescaped;
`.txt.j2` templates are for the terminal (CLI output) and are not; anything else is escaped.
A bare `select_autoescape()` would not escape `.j2` files at all, so the extensions are spelled out.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
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


def clip(text: str, limit: int = TELEGRAM_LIMIT) -> str:
    """Cut text to Telegram's limit with an explicit tail, for messages that cannot be split."""
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def split_blocks(blocks: list[str], limit: int = TELEGRAM_LIMIT, sep: str = "\n\n") -> list[str]:
    """Pack rendered blocks (one task each) into messages below the limit, never cutting a block
    unless a single block alone is longer than the limit."""
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}{sep}{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        current = clip(block, limit)
    if current:
        messages.append(current)
    return messages
