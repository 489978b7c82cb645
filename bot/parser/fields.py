"""Labelled fields that name the doers of the items around them.

Plans often write a task, then "Đơn vị chủ trì: Sở X", "Đơn vị phối hợp: …", "Thời gian thực hiện: …"
(or "Cơ quan thực hiện:" with the same sub-fields as dash lines). Such fields are not tasks: they
give units and a time to the unlabelled items of their section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LABEL = re.compile(
    r"^(?:[-+•]\s*)?(?P<label>(?:Đơn vị|Cơ quan|Đơn vị, địa phương)\s+(?:chủ trì|phối hợp|thực hiện|tham mưu)"
    r"[^:]{0,40}|Thời gian(?: thực hiện| hoàn thành)?|Thời hạn(?: hoàn thành)?|Tiến độ(?: thực hiện)?|"
    r"Nhiệm vụ|Nội dung(?: thực hiện)?|Sản phẩm(?: đầu ra)?|Kinh phí(?: thực hiện)?)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)


@dataclass
class Fields:
    lead: str = ""
    coord: str = ""
    doer: str = ""
    time: str = ""
    seen: set[str] = field(default_factory=set)

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.doer)


def parse_label(text: str) -> tuple[str, str] | None:
    """("lead"|"coord"|"doer"|"time"|"task"|"other", value) for a labelled field line."""
    m = _LABEL.match(text.strip())
    if not m:
        return None
    label = m.group("label").lower()
    value = m.group("value").strip()
    if "chủ trì" in label or "tham mưu" in label:
        return "lead", value
    if "phối hợp" in label:
        return "coord", value
    if "thực hiện" in label and ("đơn vị" in label or "cơ quan" in label):
        return "doer", value
    if label.startswith(("thời", "tiến độ")):
        return "time", value
    if label.startswith(("nhiệm vụ", "nội dung")):
        return "task", value
    return "other", value
