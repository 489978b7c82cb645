"""Run-on prose conclusions (commune and ward news): after a sentence that names its doer, the sentences
of the same paragraph that open with an action and no subject of their own are more tasks of that doer.

    "… Chủ tịch UBND xã yêu cầu các bộ phận chuyên môn tập trung hoàn thành … . Triển khai thu thuế …,
    phấn đấu hoàn thành trước ngày 30/11. Tăng cường kiểm tra …; không để phát sinh … . Đồng thời, khảo
    sát … . Trong tháng, xã đã hỗ trợ 3 hộ …"

gives four tasks, one per sentence (parts joined by ";" stay in their sentence's task). A sentence that
reports what was done ("đã …", a result in figures) is no task and ends the run; a sentence that only
times the work ("Hoàn thành trước ngày …") carries the task before it on. A lead ending in a colon
("… các nội dung như:", "… nhiệm vụ trọng tâm trong tháng 4:") is not a task itself when action
sentences follow it: they are.

Only prose reads this way: a numbered item of several sentences is one task.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parser.clauses import Segment
from bot.parser.framing import ORDINAL
from bot.parser.letters import UPPER
from bot.parser.unit_words import OPENING_RE

_SENTENCE = re.compile(rf"(?<=[.!?…:])[\"”)]?\s+(?=[\"“(]?[{UPPER}])")
_ABBREVIATION = re.compile(r"(?:\b[A-ZĐ][A-Za-zĐđ]{0,3}|\bv\.v)\.$")
_CONNECTOR = re.compile(
    rf"^(?:{ORDINAL}|Đồng thời|Ngoài ra|Bên cạnh đó|Cùng với đó|Mặt khác|Trước mắt|Song song),?\s*"
)
# "Hoàn thành trước ngày 30/11.", "Thời gian thực hiện: …": the timing of the task before it.
_TIMING = re.compile(
    r"^(?:Hoàn thành|Hoàn tất|Xong|Thời gian|Thời hạn|Kết quả(?: thực hiện)? (?:gửi|báo cáo)|Báo cáo kết quả)"
    r"(?![\wÀ-ỹ])"
)
_TIMING_LENGTH = 120  # characters; a longer sentence does more than time the task
# What was done: "xã đã hỗ trợ 3 hộ", "đạt 85% dự toán" (not "các nhiệm vụ đã đề ra").
_DONE = re.compile(
    r"(?<![\wÀ-ỹ])(?:đã|vừa)\s+(?!đề ra|được giao|nêu|ban hành|phê duyệt|xác định|thống nhất|cam kết|đăng ký)"
    r"|(?<![\wÀ-ỹ])đạt\s+(?:tỷ lệ\s+)?\d"
)
_ANNOUNCES = re.compile(r":$")
_NUMBERED = re.compile(rf"^{ORDINAL},")


def split_runs(text: str, parts: list[Segment]) -> list[Segment]:
    """`parts` (the paragraph's segments) with each doer's run of action sentences cut into tasks."""
    out: list[Segment] = []
    for part in parts:
        if part.who is None or not part.who.units:
            out.append(part)
            continue
        out.extend(_run(text, part))
    return out


def _run(text: str, part: Segment) -> list[Segment]:
    who = part.who
    assert who is not None  # split_runs passes only segments that name a doer
    starts = [part.start, *_sentence_starts(text, part.start, part.end), part.end]
    pieces = [(starts[i], starts[i + 1]) for i in range(len(starts) - 1)]
    first_start, first_end = pieces[0]
    lead = text[first_start:first_end].strip()
    found = [Segment(first_start, first_end, part.who)]
    alive = True
    for start, end in pieces[1:]:
        raw = text[start:end].strip()
        sentence = _CONNECTOR.sub("", raw)
        numbered = _NUMBERED.match(raw) is not None  # "Hai là, …": a point of the list, whatever its verb
        if alive and (numbered or _action(sentence)):
            if _ANNOUNCES.search(lead) and found[0].who is who and len(found) == 1:
                found[0] = Segment(first_start, first_end, None)  # the lead only announces the run
            found.append(Segment(start, end, replace(who, coordinators=[], rest=sentence)))
            continue
        if _DONE.search(sentence):
            alive = False
            found.append(Segment(start, end, None))
            continue
        found[-1].end = end  # timing or context: the task before it goes on
    return found


def _action(sentence: str) -> bool:
    if _TIMING.match(sentence) and len(sentence) < _TIMING_LENGTH:
        return False
    first = sentence[:1].lower() + sentence[1:40]
    return bool(OPENING_RE.match(first))


def _sentence_starts(text: str, start: int, end: int) -> list[int]:
    found = []
    for m in _SENTENCE.finditer(text, start, end):
        before = text[start : m.start()].rstrip("\"”)")
        if m.end() < end and not _ABBREVIATION.search(before):
            found.append(m.end())
    return found
