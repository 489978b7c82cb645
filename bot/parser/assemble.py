"""Candidate tasks -> ParsedTasks: units (labelled fields outrank the text), deadline and recurrence
(the task's own words, then its headings', then its time field), the span in the source text, and the
flags that ask the office to look twice."""

from __future__ import annotations

import re

from bot.parser import cues
from bot.parser.address import parse_addressee
from bot.parser.deadlines import Deadline, deadline_in, find_recurrence, recurrence_guessed
from bot.parser.framing import after_framing
from bot.parser.known_names import KnownNames
from bot.parser.layouts.base import Candidate, Fields
from bot.parser.locality import committee, is_bare_level
from bot.parser.locate import locate
from bot.parser.models import ParsedTask, Recurrence, TaskFlag, Unclaimed
from bot.parser.reference import Reference
from bot.parser.source import Source
from bot.parser.unit_words import VERB_RE, starts_with_unit
from bot.parser.units import split_units

LONG_TEXT = 3000  # characters: about a printed page


def tasks(
    found: list[Candidate], source: Source, reference: Reference, names: KnownNames, issuer: str | None = None
) -> list[ParsedTask]:
    out = []
    for candidate in found:
        units, coordinators = _units(candidate, names)
        units = _localities(units, source.text, issuer)
        if not units or _generic_duty(candidate, units):
            continue  # nobody named, or every unit told to do its duty: not a task
        texts = _time_texts(candidate)
        deadline = _first_deadline(texts, reference)
        recurrence = _first_recurrence([text for text, _lead in texts])
        flags = []
        if deadline is not None and deadline.year_inferred:
            flags.append(TaskFlag.year_inferred)
        if recurrence is Recurrence.periodic and any(recurrence_guessed(t) for t, _lead in texts):
            flags.append(TaskFlag.recurrence_guessed)
        if len(candidate.text) > LONG_TEXT:
            flags.append(TaskFlag.long_text)
        start, end = locate(candidate.text, source.text, candidate.start, candidate.end)
        out.append(
            ParsedTask(
                text=candidate.text,
                units=units,
                coordinators=coordinators,
                kind=candidate.addressee.kind,
                deadline=deadline.on if deadline is not None else None,
                recurrence=recurrence,
                section=candidate.section,
                span=source.span(start, end),
                flags=flags,
            )
        )
    return out


def _localities(units: list[str], text: str, issuer: str | None) -> list[str]:
    """A bare "xã", "phường" is the committee the notice is about, unless that is the issuer itself
    ("Quận cần tập trung …" in the district's own notice: a commitment, not a task)."""
    out = []
    for unit in units:
        if not is_bare_level(unit):
            out.append(unit)
        elif not (issuer and issuer.lower().startswith(f"ubnd {unit} ")):
            out.append(committee(unit, text))
    return out


def unclaimed(found: list[Candidate], source: Source) -> list[Unclaimed]:
    """Candidates set aside (a restated summary) as sentences for the office to look at, in source offsets."""
    return [
        Unclaimed(
            text=candidate.text,
            units=list(candidate.addressee.units),
            span=locate(candidate.text, source.text, candidate.start, candidate.end),
        )
        for candidate in found
    ]


def _generic_duty(candidate: Candidate, units: list[str]) -> bool:
    """"Các cơ quan, đơn vị tổ chức thực hiện Kế hoạch này": the document's closing duty (C13)."""
    if not all(cues.GENERIC_UNITS.match(unit) for unit in units):
        return False
    rest = candidate.addressee.rest if candidate.addressee.rest else candidate.text
    return bool(cues.GENERIC_DUTY.match(rest)) and len(rest) < _GENERIC_LENGTH


_GENERIC_LENGTH = 400  # characters; a longer text says more than "do your duty"


def _units(candidate: Candidate, names: KnownNames) -> tuple[list[str], list[str]]:
    who = candidate.addressee
    units, coordinators = list(who.units), list(who.coordinators)
    fields: Fields = candidate.fields
    named = fields.lead or fields.doer
    if named:
        value_units, value_coords = _field_units(named, names)
        units, coordinators = value_units, value_coords or coordinators
        if fields.lead and fields.doer and not coordinators:
            coordinators = split_units(fields.doer)
    if fields.coord:
        coordinators = split_units(fields.coord)
    return units, coordinators


def _field_units(value: str, names: KnownNames) -> tuple[list[str], list[str]]:
    """"Sở Nội vụ chủ trì, phối hợp các sở, ban, ngành" names a lead and its coordinators."""
    who = parse_addressee(value, names, allow_subject=True)
    if who is not None and who.units:
        return list(who.units), list(who.coordinators)
    return split_units(value), []


# "… trước ngày 12/9 để phòng thẩm định, trình UBND quận phê duyệt trước ngày 20/9": a purpose clause
# with a subject of its own is another body's step; its date is not this task's deadline.
_PURPOSE = re.compile(r"\s(?:để|nhằm)\s+(?=\S)")
_DIGIT = re.compile(r"\d")
_SUBJECT_WORDS = 10  # words; a longer phrase before the verb is not the purpose clause's subject
_CLAUSE_END = re.compile(r"[.;](?=\s|$)")


# "Để kịp báo cáo UBND tỉnh trước ngày 15/11, Phòng Kinh tế lấy mẫu …, gửi kết quả trước ngày 05/11":
# a leading purpose clause dates the purpose, the main clause dates the task.
_LEADING_PURPOSE = re.compile(r"^(?:Để|Nhằm|Phấn đấu|Hướng tới|Với mục tiêu|Mục tiêu)\s")


def _without_purpose(text: str) -> tuple[str, str]:
    """The text without its purpose clause, twice: first without any "để …"/"nhằm …" clause that, like
    the task, carries a date ("… trước ngày 10/8 để kịp trình UBND xã trước ngày 20/8"), then without
    only one that has a subject of its own ("… để phòng X thẩm định trước ngày 20/9")."""
    if _LEADING_PURPOSE.match(text):
        text = after_framing(text, starts_with_unit)
    strict = own = None
    for purpose in _PURPOSE.finditer(text):
        end = _CLAUSE_END.search(text, purpose.end())
        clause = text[purpose.end() : end.start() if end else len(text)]
        cut = text[: purpose.start()] + (text[end.start() :] if end else "")
        if strict is None and _DIGIT.search(clause) and _DIGIT.search(text, 0, purpose.start()):
            strict = cut
        if _has_subject(clause):
            own = cut
            break
    own = own if own is not None else text
    return (strict if strict is not None else own), own


def _has_subject(clause: str) -> bool:
    """Does a purpose clause open with a body and its verb ("Ban Chỉ huy Quân sự khu vực kiểm tra …")?"""
    if not starts_with_unit(clause):
        return False
    verb = VERB_RE.search(clause)
    return verb is not None and len(clause[: verb.start()].split()) <= _SUBJECT_WORDS


def _time_texts(candidate: Candidate) -> list[tuple[str, bool]]:
    """The texts that may time the task, in order, each with whether it is a heading or lead over it."""
    # the task's own clause first; a purpose clause without a subject ("để hoàn thành trước …") may
    # still be the only place that dates it
    strict, own = _without_purpose(candidate.text)
    texts = [(strict, False), *([(own, False)] if own != strict else [])]
    texts += [(text, True) for text in candidate.timing]
    if candidate.fields.time:
        texts.insert(0 if candidate.time_first else len(texts), (candidate.fields.time, False))
    return texts


def _first_deadline(texts: list[tuple[str, bool]], reference: Reference) -> Deadline | None:
    for text, lead in texts:
        found = deadline_in(
            text,
            reference=reference.on,
            firm=reference.firm,
            lead=lead,
            issued=reference.issued,
            school_year=reference.school_year,
        )
        if found is not None:
            return found
    return None


def _first_recurrence(texts: list[str]) -> Recurrence | None:
    for text in texts:
        found = find_recurrence(text)
        if found is not None:
            return found
    return None
