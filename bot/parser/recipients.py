"""Who a notice's closing line tells to act: "UBND xã thông báo để Phòng Kinh tế và các thôn biết, thực
hiện." Orders in the body that name no doer of their own are theirs (see layouts.item and layouts.prose).

Generic collectives in that line ("các cơ quan, đơn vị có liên quan") are only informed: they are no
recipient here, and a line that names nobody else names no recipient at all.
"""

from __future__ import annotations

import re

from bot.parser import cues
from bot.parser.address import Addressee
from bot.parser.models import TaskKind
from bot.parser.outline import Outline
from bot.parser.units import split_units

_CLOSING = re.compile(
    r"(?:\bthông báo\s+(?:để|đến|cho)|\bđề nghị|\byêu cầu)\s+(?P<who>[^.;:]{3,200}?)\s+(?:được\s+)?"
    r"(?:để\s+)?biết(?:\s*(?:,|và|để)\s*)+"
    r"(?:tổ chức\s+|nghiêm túc\s+|khẩn trương\s+|triển khai\s+)*(?:thực hiện|triển khai)"
)


def _generic(unit: str) -> bool:
    return bool(cues.GENERIC_UNITS.match(unit)) or unit.endswith("liên quan")


def closing_recipients(tree: Outline) -> Addressee | None:
    """The units the closing line tells to carry the notice out, or None."""
    for node in reversed(tree.nodes):
        if "biết" not in node.text:
            continue  # every closing formula tells its recipients "để biết"
        found = _CLOSING.search(node.text)
        if found is None:
            continue
        # "UBND tỉnh X và các Bộ, cơ quan liên quan": the named unit acts, the others are informed
        units = [unit for unit in split_units(found.group("who")) if not _generic(unit)]
        return Addressee(units, [], TaskKind.assign, "") if units else None
    return None
