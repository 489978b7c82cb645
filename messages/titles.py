"""How a unit's head is addressed: the title civil servants use, from the unit's name.

"Phòng Kinh tế" → "Trưởng phòng Kinh tế", "Công an phường" → "Trưởng Công an phường", "Văn phòng HĐND và
UBND phường" → "Chánh Văn phòng HĐND và UBND phường", "Trung tâm …" → "Giám đốc Trung tâm …", "Ban Chỉ huy
Quân sự …" → "Chỉ huy trưởng Ban Chỉ huy Quân sự …", "UBND phường …" → "Chủ tịch UBND phường …"; a deputy
is "Phó " before the same title. Anything else: "Trưởng " before the name.
"""

from __future__ import annotations

_PREFIXES = (
    ("Văn phòng", "Chánh "),
    ("Phòng ", None),  # "Trưởng phòng" + the rest of the name
    ("Trung tâm", "Giám đốc "),
    ("Ban Chỉ huy", "Chỉ huy trưởng "),
    ("UBND", "Chủ tịch "),
    ("Ủy ban nhân dân", "Chủ tịch "),
    ("Ủy ban Nhân dân", "Chủ tịch "),
    ("Phường ", "Chủ tịch UBND "),  # a ward listed under its own name: "Chủ tịch UBND Phường 5"
    ("Xã ", "Chủ tịch UBND "),
)


def head_title(unit_name: str, deputy: bool = False) -> str:
    name = " ".join(unit_name.split())
    title = f"Trưởng {name}"
    for prefix, word in _PREFIXES:
        if name.startswith(prefix):
            title = f"Trưởng phòng {name[len(prefix):]}" if word is None else f"{word}{name}"
            break
    return f"Phó {title}" if deputy else title
