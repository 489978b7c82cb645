"""A task's deadline and recurrence, read from its text (or its section heading's text).

A date is a deadline only when the wording governs it as one: "trước ngày …", "chậm nhất …",
"hoàn thành trong tháng …", a time field ("Thời gian thực hiện: Quý IV/2025") or a table cell
holding nothing but a date. Every other date (cited documents, ranges, cut-offs, event days,
effective dates, report-cycle days) is context, which is why the rules look for a governing
word instead of trying to list every kind of non-deadline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from bot.parser.dates import Mention, Span, find_mentions, normalize, roll_forward
from bot.parser.models import Recurrence
from bot.parser.relative import relative_deadline

# Words that may sit between a governing word and the date: "trước 12 giờ ngày", "chậm nhất là
# vào ngày", "hoàn thành trong tháng", "trước (thứ Sáu) ngày", and the typo "trước tháng 31/12".
_FILLER = re.compile(
    # the lookahead (each alternative's first character) changes no match; it speeds the scan
    r"(?=[\s,:()nhvltc\d])(?:\s|,|:|\(|\)|ngày|hôm|vào|là|lúc|trong|tháng|cuối|hết"
    r"|\d{1,2} ?(?:giờ|h|g|:)(?: ?\d{1,2} ?(?:phút|')?)?(?: (?:sáng|trưa|chiều|tối))?"
    r"|thứ (?:hai|ba|tư|năm|sáu|bảy|\d)|chủ nhật)+$"
)
_CUE = re.compile(
    r"(?<!từ )(?<!\w)(?:trước|chậm nhất|muộn nhất|không muộn hơn|không quá|hạn chót|hạn cuối"
    r"|thời hạn|(?<!gia )(?<!quá )(?<!còn )(?<!đúng )hạn|hoàn thành|hoàn tất|xong)$"
)
# "Thời gian thực hiện:", "Thời hạn hoàn thành:", "Tiến độ:" (time fields of plans and tables).
_FIELD = re.compile(r"(?:thời gian|thời hạn|tiến độ)(?: (?:thực hiện|hoàn thành|triển khai|báo cáo))?$")
# "các công trình đã hoàn thành trước ngày …" reports the past; "các nhiệm vụ chưa hoàn thành đến ngày …"
# is a cut-off for counting them.
_PAST = re.compile(r"\b(?:đã|chưa)(?: [\w-]+){1,4}$")
# A heading or a lead gives its items a date only when it makes the date theirs: "hoàn thành trước …",
# "báo cáo trước …", "Chậm nhất ngày …", or a clause that opens with the date ("Trước ngày 20/11, …").
_THEIRS = re.compile(
    r"(?:hoàn thành|hoàn tất|xong|báo cáo|gửi|nộp|trình|chậm nhất|hạn chót|thời hạn|thời gian)"
)
# "trước ngày khai giảng", "trước Lễ kỷ niệm Ngày Nhà giáo Việt Nam": an event named before its date.
_BEFORE_EVENT = re.compile(
    r"(?<![\wÀ-ỹ])trước\s+(?!khi\b|đó\b|mắt\b|hết\b)(?:ngày\s+|dịp\s+)?[^\d,.;:()]{3,60}$"
)
_CLAUSE_OPENS = re.compile(r"^\W*(?:trước|chậm nhất|muộn nhất|đến|trong)?\W*$")
# "nhiệm vụ trong tháng 11", "kế hoạch công tác tháng 02/2025": the period a plan covers, not a deadline.
_PLAN_PERIOD = re.compile(r"\b(?:nhiệm vụ|kế hoạch|chương trình)(?: trọng tâm| công tác)?$")
# A bare "Thời gian: 8 giờ ngày 20/12" is when an event takes place; only a period is a deadline.
_BARE_FIELD = re.compile(r"(?:thời gian|tiến độ)$")
# "đến ngày 31/3/2026 phải hoàn thành": "đến" governs only when completion follows, or when a
# deadline word precedes it ("chậm nhất đến ngày").
_UNTIL = re.compile(r"(?<!từ )(?<!tính )(?<!\w)đến$")
_UNTIL_TAIL = re.compile(r" ?đến$")
_COMPLETED_NEAR = re.compile(r"\b(?:hoàn thành|hoàn tất|xong)(?: [\w,-]+){0,5}$")
_COMPLETION_AFTER = re.compile(r"^[ ,]*(?:phải |sẽ |cơ bản |phấn đấu )*(?:hoàn thành|hoàn tất|xong)")
# Report-cycle days: "trước ngày 15 tháng 12 hằng năm", "định kỳ trước ngày 01/6 và 15/11 hằng
# năm", "hằng năm (trước ngày 15 tháng 11)": a year-less day next to a cycle word recurs.
_CYCLE_WORD = re.compile(r"(?:hằng|mỗi) (?:tuần|tháng|quý|năm)|định kỳ|\b(?:0?6|sáu) tháng\b")
# A range or an open end: "Quý IV/2025 - Quý II/2026", "Năm 2025 và các năm tiếp theo".
_OPEN_AFTER = re.compile(r"^ ?(?:-|đến|tới|và (?:các|những) năm|trở đi|trở về sau)")
_CLAUSE_END = re.compile(r"[;!?]|\.(?!\d)")
_AFTER_CLAUSE_END = re.compile(r"[,;!?]|\.(?!\d)")
_WITHIN = re.compile(r"\btrong\b")
_FROM = re.compile(r"\btừ (?:ngày )?\d")
_CELL_SPLIT = re.compile(r"[|\t]")
_CELL_EXTRA = re.compile(r"(?:trước|trong|hoàn thành|hoàn tất|chậm nhất|hạn|cuối|ngày|vào|\W)*")
_BARE_YEAR = re.compile(r"^((?:trước|trong|hoàn thành|chậm nhất)? ?)((?:19|20|21)\d{2})\W*$")
_PERIODS = (Span.month, Span.quarter, Span.half, Span.year)
_LONGEST_CELL = 80  # characters; "Hoàn thành trước ngày 31 tháng 12 năm 2025" fits

# How a governed mention turns into a date: the period's last day, or (for "trước tháng 6/2026",
# "before June") the day before the period starts.
END, BEFORE = "end", "before"
_GRACE = timedelta(days=14)


def _clause_before(text: str, start: int) -> str:
    before = text[max(0, start - 120) : start]
    return _CLAUSE_END.split(before)[-1]


def _governed(text: str, mention: Mention, *, lead: bool = False) -> str | None:
    """END or BEFORE when the wording around `mention` makes it a completion date, else None.
    `lead`: the text heads a list, and the date must be made the items' own."""
    before = _clause_before(text, mention.start)
    if lead:
        filler = _FILLER.search(before)
        opening = _CLAUSE_OPENS.match(before[: filler.start()] if filler else before)
        if not _THEIRS.search(before) and opening is None:
            return None
    after = text[mention.end : mention.end + 80]
    filler = _FILLER.search(before)
    head = (before[: filler.start()] if filler else before).rstrip()
    gap = before[len(head) :]
    # the cycle word must qualify this date ("trước ngày 15/12 hằng năm"), not a later clause's report
    # ("trước ngày 10/7; sau đó báo cáo định kỳ …", "trước ngày 15/7, định kỳ hằng tháng cập nhật …")
    own_after = _AFTER_CLAUSE_END.split(after[:40], maxsplit=1)[0]
    if mention.year is None and (_CYCLE_WORD.search(before[-30:]) or _CYCLE_WORD.search(own_after)):
        return None
    if _OPEN_AFTER.match(after):
        return None
    period = mention.span in _PERIODS
    if _PAST.search(head) or _PLAN_PERIOD.search(head):
        return None
    if _UNTIL.search(head) and _CUE.search(_UNTIL_TAIL.sub("", head)):
        return END
    if mention.span is Span.day and _BEFORE_EVENT.search(head):
        return END  # "trước ngày khai giảng 05/9", "trước Lễ kỷ niệm … ngày 20/11"
    if _CUE.search(head):
        if period and head.endswith("trước") and not gap.strip():
            return BEFORE
        # A bare year needs a completion word: "trong năm 2026" alone is often the object's year.
        return END if mention.span is not Span.year or not head.endswith("trước") else BEFORE
    if _FIELD.search(head):
        return END if period or not _BARE_FIELD.search(head) else None
    # "trong tháng 7/2026" is a deadline; "trong năm 2026" only after a completion word:
    # "phấn đấu hoàn thành dự án trong năm 2026", not "giải ngân trong năm 2025".
    within = period and _WITHIN.search(gap)
    if within and (mention.span is not Span.year or _COMPLETED_NEAR.search(head)):
        return END
    ranged = _FROM.search(head)
    if _UNTIL.search(head) and _COMPLETION_AFTER.match(after) and not ranged:
        return END  # "đến ngày 31/3 phải hoàn thành", "phấn đấu đến cuối năm 2026 hoàn thành …"
    return None


def _standalone_cells(raw: str) -> list[tuple[str, str]]:
    """Table cells (or a whole text) holding nothing but a date, such as "Quí IV-2025"."""
    cells = []
    for cell in _CELL_SPLIT.split(raw):
        if len(cell) > _LONGEST_CELL:
            continue  # a sentence, not a cell holding a date
        norm = normalize(cell)
        # A time column may hold a bare year: "2026".
        norm = _BARE_YEAR.sub(r"\1năm \2", norm)
        mentions = find_mentions(norm)
        if len(mentions) != 1:
            continue
        m = mentions[0]
        rest = (norm[: m.start] + " " + norm[m.end :]).strip(" .;,")
        if _CELL_EXTRA.fullmatch(rest) and not norm.startswith(("từ", "đến")):
            how = BEFORE if rest.endswith("trước") and m.span in _PERIODS else END
            cells.append((norm, how))
    return cells


def _infer_year(mention: Mention, mentions: list[Mention]) -> int | None:
    dated = [m for m in mentions if m.year is not None]
    if not dated:
        return None
    return min(dated, key=lambda m: abs(m.start - mention.start)).year


@dataclass(frozen=True)
class _Years:
    """Where a year-less mention takes its year from (see reference.py)."""

    reference: date | None
    firm: bool
    school_year: int | None

    def resolve(self, mention: Mention, how: str, mentions: list[Mention]) -> date | None:
        before = how == BEFORE
        if mention.year is None and self.school_year is not None and not self.firm and mention.month:
            school = self.school_year if mention.month >= _SCHOOL_START else self.school_year + 1
            return mention.resolve_before(school) if before else mention.resolve(school)
        if mention.year is None and self.reference is not None:
            return roll_forward(mention, self.reference, before=before)
        year = mention.year or _infer_year(mention, mentions)
        return mention.resolve_before(year) if before else mention.resolve(year)


_SCHOOL_START = 8  # month; a school year runs from August (preparation) to the next July


def _not_past(mention: Mention, resolved: date, reference: date | None) -> bool:
    """A period that ended before the reference is last month's work, not a deadline. A notice is
    issued days after its meeting, so a day shortly before the reference still counts."""
    if reference is None:
        return True
    return resolved >= (reference - _GRACE if mention.span is Span.day else reference)


@dataclass(frozen=True)
class Deadline:
    on: date
    year_inferred: bool  # the date was written without a year; the year came from the notice


@lru_cache(maxsize=4096)  # tasks under one heading ask the same of its timing text; Deadline is frozen
def deadline_in(
    text: str,
    *,
    reference: date | None,
    firm: bool = True,
    lead: bool = False,
    issued: date | None = None,
    school_year: int | None = None,
) -> Deadline | None:
    """The final completion date stated in `text`, or None.

    `reference` is the notice's meeting or issued date: it supplies the year of year-less dates
    (rolling to the next year when the date would fall before it) and rules out dates more than
    two weeks before it. A reference that is not `firm` (only a year read from the text) supplies years
    but rules nothing out. `lead`: `text` is a heading or lead over the task, whose dates reach the
    task only when the lead makes them its items' ("hoàn thành trước …"), never a meeting's or a cited
    notice's date. `issued` dates "… ngày làm việc kể từ ngày ban hành"; `school_year` (the first year of
    the school year the text is about) gives a year to year-less dates when `reference` is not firm.
    """
    years = _Years(reference, firm, school_year)
    candidates: list[tuple[Mention, date | None]] = []
    for cell, cell_how in [] if lead else _standalone_cells(text):
        mentions = find_mentions(cell)
        candidates.append((mentions[0], years.resolve(mentions[0], cell_how, mentions)))
    norm = normalize(text)
    mentions = find_mentions(norm)
    for mention in mentions:
        how = _governed(norm, mention, lead=lead)
        if how is not None:
            candidates.append((mention, years.resolve(mention, how, mentions)))
    found = [(d, m) for m, d in candidates if d is not None and (not firm or _not_past(m, d, reference))]
    counted = None if lead else relative_deadline(norm, issued)
    if counted is not None:
        found.append((counted, Mention(0, 0, Span.day, counted.year)))
    if not found:
        return None
    on, mention = max(found, key=lambda pair: pair[0])
    return Deadline(on, mention.year is None)


def find_deadline(text: str, *, reference: date | None) -> date | None:
    found = deadline_in(text, reference=reference)
    return found.on if found is not None else None


# Finest cycle first: "hằng quý, hằng năm, báo cáo" is a quarterly duty.
_ONCE = r"(?:một|01|1) lần"
_CYCLES: list[tuple[Recurrence, re.Pattern[str]]] = [
    (Recurrence.daily, re.compile(r"\b(?:hằng|mỗi) ngày\b|\blần ?/ ?ngày\b")),
    (
        Recurrence.weekly,
        re.compile(r"\b(?:hằng|mỗi) tuần\b|\blần ?/ ?tuần\b|(?<!\d )(?<!hai )\btuần " + _ONCE),
    ),
    (
        Recurrence.monthly,
        re.compile(
            r"\b(?:hằng|mỗi) tháng\b|\blần ?/ ?tháng\b|(?<!\d )(?<!ba )(?<!hai )(?<!sáu )\btháng " + _ONCE
        ),
    ),
    (
        Recurrence.quarterly,
        re.compile(r"\b(?:hằng|mỗi) quý\b|\blần ?/ ?quý\b|\bquý " + _ONCE + r"|\b(?:0?3|ba) tháng " + _ONCE),
    ),
    (
        Recurrence.yearly,
        re.compile(r"\b(?:hằng|mỗi) năm\b|\bthường niên\b|\blần ?/ ?năm\b|(?<!\d )(?<!hai )\bnăm " + _ONCE),
    ),
]
# "Nghị quyết hằng năm của HĐND", "dự toán ngân sách hằng năm", "đời sống hằng ngày": the cycle
# describes a thing, not the task.
_ATTRIBUTIVE_BEFORE = re.compile(
    r"(?:nghị quyết|ngân sách|dự toán|chỉ tiêu|đời sống|sinh hoạt|cuộc sống|nhu cầu|lễ hội"
    r"|tết|truyền thống|thói quen|trợ cấp|phụ cấp|lương)(?: [\w-]+){0,3} $"
)
_ATTRIBUTIVE_AFTER = re.compile(r"^ (?:của|\d{4})")
# Twice a year: "báo cáo 6 tháng và năm", "định kỳ 06 tháng", "trước ngày 01/6 và 15/11 hằng năm".
_HALF_YEARLY = re.compile(
    r"\b(?:định kỳ|mỗi|hằng|báo cáo) (?:0?6|sáu) tháng\b(?! (?:đầu|cuối) năm)"
    r"|\b(?:0?6|sáu) tháng(?:,| và) (?:cả |hằng )?năm\b"
    r"|\bbán niên\b|\b(?:0?6|sáu) tháng "
    + _ONCE
    + r"|\d{1,2} ?[/-] ?\d{1,2} và (?:ngày )?\d{1,2} ?[/-] ?\d{1,2} hằng năm"
)
# "định kỳ" alone, or an unusual cycle: "hai năm một lần", "02 tuần/lần".
_BARE_PERIODIC = re.compile(r"\bđịnh kỳ\b")
_COUNTED = re.compile(r"\b(?:\d+|hai|ba|bốn|năm) (?:tuần|tháng|năm) (?:" + _ONCE + r"|/ ?lần)")
_PERIODIC = re.compile(_BARE_PERIODIC.pattern + "|" + _COUNTED.pattern)


def _cycle_found(text: str, pattern: re.Pattern[str]) -> bool:
    for match in pattern.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        if _ATTRIBUTIVE_BEFORE.search(before) or _ATTRIBUTIVE_AFTER.match(text[match.end() :]):
            continue
        return True
    return False


def recurrence_guessed(text: str) -> bool:
    """Is the recurrence only "định kỳ" with no period named (so periodic is a guess)?"""
    norm = normalize(text)
    if _HALF_YEARLY.search(norm) or any(_cycle_found(norm, p) for _r, p in _CYCLES):
        return False
    return bool(_BARE_PERIODIC.search(norm)) and not _COUNTED.search(norm)


# Every cycle wording holds one of these: a text without them repeats nothing (checked first: cheap).
_CYCLE_HINTS = ("hằng", "mỗi", "lần", "định kỳ", "niên", "6 tháng", "sáu tháng", "06 tháng")


def find_recurrence(text: str) -> Recurrence | None:
    """How often the task repeats, or None for a one-off or "thường xuyên" (ongoing) task."""
    norm = normalize(text)
    if not any(hint in norm for hint in _CYCLE_HINTS):
        return None
    if _HALF_YEARLY.search(norm):
        finer = [r for r, p in _CYCLES[:4] if _cycle_found(norm, p)]
        return finer[0] if finer else Recurrence.periodic
    for recurrence, pattern in _CYCLES:
        if _cycle_found(norm, pattern):
            return recurrence
    if _PERIODIC.search(norm):
        return Recurrence.periodic
    return None
