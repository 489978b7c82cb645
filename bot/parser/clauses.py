"""One paragraph, several doers: where a new task starts inside an item or a prose paragraph.

A paragraph is cut into clauses at sentence ends, at semicolons that do not continue a list of
units ("Sở X đôn đốc các sở, ngành; UBND các huyện …" is one clause) and at a colon followed by an
assigning verb ("… kết luận như: Đề nghị …"). A clause that names a doer other than the task's starts
a new task; a clause without one carries the current task on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.parser import cues
from bot.parser.address import Addressee, parse_addressee
from bot.parser.directory_match import match_key, without_title
from bot.parser.framing import after_connector
from bot.parser.known_names import KnownNames
from bot.parser.letters import UPPER
from bot.parser.unit_words import TYPE_RE, UNIT_START, VERB_RE
from bot.parser.units import is_unit_list

_SENTENCE = re.compile(rf"(?<=[.!?…])[\"”)]?\s+(?=[\"“(]?[{UPPER}])")
_SEMICOLON = re.compile(r";\s+(?=\S)")
_COLON = re.compile(r":\s+(?=\S)")
_ADDRESS_LABEL = re.compile(r"(?:Kính gửi|Nơi nhận|Đồng gửi)\s*$", re.IGNORECASE)
# "…, riêng <unit> …", "…, trong đó <unit> …": an exception or a share of the work for a doer of its own.
_EXCEPTION = re.compile(r",\s+(?P<lead>riêng|trong đó|đồng thời)\s+(?!đối với|về|trong|năm|tháng)")
_SHARE_END = re.compile(r"[.;]")
_COMMA = re.compile(r",\s+")
_CAPITAL_UNIT = re.compile(rf"^(?:{TYPE_RE})(?![\wÀ-ỹ])")
_COLON_CUE = re.compile(r":\s+(?=(?:Đề nghị|Giao|Yêu cầu|Phân công)\s)")
# "TP. Hồ Chí Minh", "Q. 1", "v.v. Các …": a full stop that ends no sentence.
_ABBREVIATION = re.compile(r"(?:\b[A-ZĐ][A-Za-zĐđ]{0,3}|\bv\.v)\.$")
_LABEL_ZONE = 30  # characters; "Điều 2. Giao …": a label's full stop, not a sentence end


@dataclass
class Segment:
    start: int  # offset in the paragraph
    end: int
    who: Addressee | None  # the doer the segment names; None: it names none


def boundaries(text: str, names: KnownNames) -> list[int]:
    """Where the paragraph's clauses start (always 0 first)."""
    starts = {0}
    for m in _SENTENCE.finditer(text):
        before = text[: m.start()].rstrip("\"”)")
        # only a full stop can end an abbreviation: no need to scan the whole text before the others
        if m.start() >= _LABEL_ZONE and not (before.endswith(".") and _ABBREVIATION.search(before)):
            starts.add(m.end())
    for m in _SEMICOLON.finditer(text):
        if not _lists_units(text[: m.start()], names):
            starts.add(m.end())
    for m in _COLON_CUE.finditer(text):
        starts.add(m.end())
    for m in _EXCEPTION.finditer(text):
        if UNIT_START.match(text[m.end() :]):
            starts.add(m.start("lead"))
            if m.group("lead") == "trong đó":  # "…, trong đó Phòng A đôn đốc …, Phòng B rà soát …"
                starts.update(_shares(text, m.end()))
    for m in _COLON.finditer(text):
        # "… giao nhiệm vụ cho từng bộ phận: Văn phòng … tham mưu …"; not "Kính gửi: <recipients>"
        # "… nhiệm vụ trọng tâm sau: Một là, Công an xã …": an ordinal may come before the unit
        after = after_connector(text[m.end() :])
        if UNIT_START.match(after) and not _ADDRESS_LABEL.search(text, 0, m.start()):
            starts.add(m.end())
    return sorted(starts)


def _shares(text: str, start: int) -> list[int]:
    """Where each unit's share starts after "trong đó", to the end of the sentence. A share ends only
    after its own verb: "Phòng A, Phòng B hoàn thành …" is one list."""
    found = []
    stop = _SHARE_END.search(text, start)
    share = start
    for comma in _COMMA.finditer(text, start, stop.start() if stop else len(text)):
        if _CAPITAL_UNIT.match(text[comma.end() :]) and VERB_RE.search(text, share, comma.start()):
            found.append(comma.end())
            share = comma.end()
    return found


def _lists_units(before: str, names: KnownNames) -> bool:
    """Does the clause before a semicolon end in a list of units (the object of a verb)?"""
    tail = before[-200:]
    verbs = list(VERB_RE.finditer(tail))
    obj = tail[verbs[-1].end() :] if verbs else tail
    obj = obj.strip(" ,")
    return bool(obj) and not _PEOPLE.match(obj) and is_unit_list(obj, names)


# "… hỗ trợ các hộ khó khăn dịp Tết; Ban Chỉ huy Quân sự xã …": households and people are served, never
# a list of bodies that the next clause continues.
_PEOPLE = re.compile(r"^(?:các|những|mọi)\s+(?:hộ|cá nhân|người|gia đình)(?![\wÀ-ỹ])")


# Vets a doer found only as a bare sentence subject (no "Giao", no "Đề nghị"): (clause, doer) -> keep?
Vet = Callable[[str, Addressee], bool]


def _always(_clause: str, _who: Addressee) -> bool:
    return True


def segments(
    text: str, names: KnownNames, *, allow_subject: bool, first: Addressee | None, vet: Vet = _always
) -> list[Segment]:
    """The paragraph cut where a new doer starts. `first` is the doer the paragraph already has (its
    own opening one, or the heading's; None: read it from the first clause): clauses naming the same
    units carry its task on."""
    starts = boundaries(text, names)
    found: list[Segment] = []
    current = first
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        if i == 0:
            if current is None:
                current = clause_doer(text[:end], names, allow_subject=allow_subject, vet=vet)
            found.append(Segment(0, end, current))
            continue
        who = clause_doer(text[start:end], names, allow_subject=allow_subject, vet=vet)
        if who is not None and not _same_doer(who, current):
            found.append(Segment(start, end, who))
            current = who
        else:
            found[-1].end = end
    return found


def clause_doer(
    clause: str, names: KnownNames, *, allow_subject: bool, vet: Vet = _always
) -> Addressee | None:
    """The doer a clause names and the task it gives them, or None."""
    clause = clause.strip(" ;")
    if cues.CLOSING.match(clause):
        return None
    who = parse_addressee(clause, names, allow_subject=allow_subject)
    if who is not None and who.subject and not vet(clause, who):
        return None
    if who is None or not who.rest or cues.GENERIC_REST.match(who.rest) or cues.NOT_TASK.match(who.rest):
        return None  # a closing formula ("… yêu cầu các đơn vị nghiêm túc thực hiện.") adds no task
    return who


def _same_doer(who: Addressee, current: Addressee | None) -> bool:
    return current is not None and same_units(who.units, current.units)


def same_units(names: list[str], others: list[str]) -> bool:
    """Do `names` all stand for units among `others`? A unit and its head are one doer ("Chủ tịch UBND
    tỉnh X" and "UBND tỉnh X")."""
    keys = {without_title(match_key(unit)) for unit in others}
    return bool(names) and all(without_title(match_key(unit)) in keys for unit in names)
