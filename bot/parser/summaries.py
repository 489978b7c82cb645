"""A news item's lead that restates a directive given in full further down ("Phó Chủ tịch … yêu cầu
Phòng X tập trung tiêm phòng …" … "Theo kết luận, giao Phòng X chủ trì … tiêm bổ sung trước ngày …").

Convention: the summary is not a task of its own; the directive it summarises is. It is kept for the
office as an unclaimed sentence, so nothing is lost if the reading is wrong. Only the first task of
the text is taken for a summary, only when it comes from prose, and only when a later task gives the
same lead units work on the same things (two or more shared content words).
"""

from __future__ import annotations

import re

from bot.parser.clauses import same_units
from bot.parser.layouts.base import Candidate

_WORD = re.compile(r"[^\W\d_]{2,}")
# Words every task shares: they say nothing about what the work is.
_COMMON = frozenset(
    (
        "và", "các", "của", "cho", "trên", "tại", "để", "với", "theo", "trong", "những", "được", "thực",
        "hiện", "tổ", "chức", "tập", "trung", "khẩn", "trương", "chủ", "trì", "phối", "hợp", "địa", "bàn",
        "hoàn", "thành", "trước", "ngày", "báo", "cáo", "kết", "quả", "công", "tác", "đảm", "bảo", "bảo",
        "có", "là", "đã", "sẽ", "số", "về", "từ", "đến", "năm", "tháng", "này", "đó", "khi",
    )
)  # fmt: skip
_SHARED = 2


def restated(found: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """(tasks, summaries): the text's opening prose task when a later task restates it."""
    ordered = sorted(found, key=lambda candidate: candidate.start)
    if len(ordered) < 2 or ordered[0].layout != "prose":
        return found, []
    lead = ordered[0]
    words = _content(lead)
    for later in ordered[1:]:
        if later.start <= lead.start or not same_units(later.addressee.units[:1], lead.addressee.units):
            continue
        if len(words & _content(later)) >= _SHARED:
            return [candidate for candidate in found if candidate is not lead], [lead]
    return found, []


def _content(candidate: Candidate) -> set[str]:
    unit_words = {w.lower() for unit in candidate.addressee.units for w in _WORD.findall(unit)}
    words = {w.lower() for w in _WORD.findall(candidate.addressee.rest or candidate.text)}
    return words - unit_words - _COMMON
