"""Doers named indirectly: through a possessive ("Trụ sở làm việc của các cơ quan … treo cờ") or
through a back-reference to a topic ("Riêng đối với các Bệnh viện, giao Thủ trưởng đơn vị …")."""

from __future__ import annotations

import re

from bot.parser.letters import UPPER
from bot.parser.unit_words import starts_with_unit

# "<thing> của <units>": a short noun phrase owned by the units that act.
_POSSESSOR = re.compile(rf"^[{UPPER}][^,:;]{{1,40}}?\s+của\s+(?=\S)")
_TOPIC = re.compile(r"^(?:Riêng\s+)?(?:đối với|Đối với|Riêng)\s+(?P<topic>[^,:;]{2,100}?)\s*[,:]\s*")
# "Thủ trưởng đơn vị", "các đơn vị này", "Lãnh đạo cơ quan": the unit the topic named.
_BACK_REFERENCE = re.compile(
    r"^(?P<title>(?:Thủ trưởng|Lãnh đạo|Người đứng đầu|Giám đốc|Chủ tịch)\s+)?(?:các\s+)?"
    r"(?:đơn vị|cơ quan|cơ sở)(?:\s+(?:này|đó|trên|nêu trên))?$",
    re.IGNORECASE,
)


def possessive_subject(text: str) -> str | None:
    """The text from the owning units on, when a sentence opens with "<thing> của <units>"."""
    m = _POSSESSOR.match(text)
    if m is None or len(m.group(0).split()) > 6:
        return None
    rest = text[m.end() :]
    return rest if starts_with_unit(rest) else None


def topic_units(text: str) -> str | None:
    """The bodies a sentence's "Đối với <bodies>," prefix names, if it names bodies."""
    m = _TOPIC.match(text)
    if m is None:
        return None
    topic = m.group("topic")
    # a plural topic ("các chợ truyền thống") is a set of bodies even when no unit word names it
    return topic if topic.startswith("các ") or starts_with_unit(topic) else None


def resolve_back_reference(units: list[str], topic: str | None) -> list[str]:
    """["Thủ trưởng đơn vị"] after "Riêng đối với các Bệnh viện Đa khoa," -> that topic's head."""
    if topic is None or len(units) != 1:
        return units
    m = _BACK_REFERENCE.match(units[0].strip())
    if m is None:
        return units
    title = (m.group("title") or "").strip()
    return [f"{title} {topic}".strip()]
