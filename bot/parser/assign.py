"""Who is assigned: "Giao X chủ trì, phối hợp Y: …", "Đề nghị X …", "X căn cứ …" and headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.parser.casing import name_case
from bot.parser.groups import expand_group_lists
from bot.parser.models import TaskKind
from bot.parser.subjects import possessive_subject, resolve_back_reference, topic_units
from bot.parser.units import (
    VERB_RE as _VERB_RE,
)
from bot.parser.units import (
    is_past_or_statement,
    is_unit_list,
    split_units,
    starts_with_unit,
    subject_split,
)

_GIAO = re.compile(r"^(?:giao(?: cho)?|yêu cầu|phân công)\s+", re.IGNORECASE)
_DE_NGHI = re.compile(r"^đề nghị:?\s+", re.IGNORECASE)
# "giao" inside a sentence ("Theo đó, UBND Thành phố giao Sở X ..."), never "được giao", "bàn giao".
_INNER_GIAO = re.compile(
    r"(?<![\wÀ-ỹ])(?<!được )(?<!bàn )(?<!đã )(giao|đề nghị|yêu cầu)\s+(?=\S)", re.IGNORECASE
)
_TOPIC = (
    re.compile(r"^(?:Về|Đối với|Riêng đối với|Riêng)\s[^:;]{1,200}?:\s*", re.IGNORECASE),
    re.compile(r"^(?:Về|Đối với|Riêng đối với|Riêng)\s[^:;,]{1,120},\s*", re.IGNORECASE),
)
# A conclusion answering a locality's proposals: the proposal is a topic, the answer the task.
_PROPOSAL = re.compile(r"^Về\s+(?:việc\s+)?(?:các\s+)?(?:đề nghị|kiến nghị|đề xuất)\b[^:]{1,900}?:\s*(?=\S)")
_LONG_TOPIC = 250
_CONNECTOR = re.compile(
    r"^(?:Đồng thời|Ngoài ra|Bên cạnh đó|Cùng với đó|Cùng vói đó|Theo đó|Trong đó|Sau khi [^,]{1,120}),\s*",
    re.IGNORECASE,
)
_LEAD_COORD = re.compile(
    r"^(?:làm\s+)?chủ trì(?:\s+thực hiện)?,?\s*(?:và\s+)?(?:phối hợp|phối hợp chặt chẽ)(?:\s+với)?\s+",
    re.IGNORECASE,
)
_FUNCTION = re.compile(r"^theo chức năng,?\s*nhiệm vụ(?: được giao)?,?\s*", re.IGNORECASE)
_DUTY_OF = re.compile(r"^(?:(?:Trách nhiệm|Nhiệm vụ)\s+(?:của\s+)?|Đối với\s+|Riêng\s+)(?=\S)", re.IGNORECASE)
# "Phòng X (chủ trì), phối hợp Y" and "Phòng X (chủ trì); Công an phường (phối hợp)"
_ROLE_IN_PARENS = re.compile(r"\s*\((chủ trì|phối hợp|đầu mối)\)", re.IGNORECASE)
_ADVERBIAL = re.compile(r"^(?:Trong|Khi|Sau khi|Trước khi|Từ nay đến|Đến)\s[^,:;]{1,100},\s*")
_COORD_ONLY = re.compile(r"^(?:phối hợp|phối hợp chặt chẽ)(?:\s+với)?\s+", re.IGNORECASE)
_HEADING_TAIL = re.compile(
    r"^(?:chủ trì\s*)?(?:thực hiện|triển khai|thực hiện các (?:nội dung|nhiệm vụ)(?: sau| cụ thể)?|"
    r"tập trung|có trách nhiệm|thực hiện một số nhiệm vụ sau|các nhiệm vụ sau)?\s*(?:như sau|sau)?\s*:?\s*$",
    re.IGNORECASE,
)


@dataclass
class Assignment:
    units: list[str]
    coordinators: list[str] = field(default_factory=list)
    kind: TaskKind = TaskKind.assign
    rest: str = ""  # the task itself, after the units (empty for a heading)
    text: str = ""  # where the task starts when a topic comes first ("Về đề nghị …: giao X …")

    @property
    def heading_only(self) -> bool:
        return not self.rest


def _coordinators(text: str) -> tuple[list[str], str]:
    """Split "Y, Z tổ chức ..." (text after "phối hợp với") into coordinators and the rest."""
    text = text.strip()
    if text.endswith(":") and len(text) < 300 and ":" not in text[:-1]:
        return split_units(text), ""
    head, sep, tail = text.partition(":")
    if sep and len(head) < 250 and is_unit_list(head):
        return split_units(head), tail.strip()  # "… phối hợp Y, Z: <task>"
    found = subject_split(text)
    if found:
        units, rest = found
        return units, rest
    return [], text


def _after_units(units: list[str], rest: str, kind: TaskKind) -> Assignment:
    rest = _FUNCTION.sub("", rest.strip())
    coords: list[str] = []
    m = _LEAD_COORD.match(rest) or _COORD_ONLY.match(rest)
    if m:
        coords, tail = _coordinators(rest[m.end() :])
        if coords and tail and rest[: len(rest) - len(tail)].rstrip().endswith(":"):
            rest = tail  # "chủ trì, phối hợp Y: <task>" on one line
        elif coords:
            rest = rest if tail else ""
    if _HEADING_TAIL.match(rest):
        rest = ""
    return Assignment(units, coords, kind, rest)


def _directed(body: str, kind: TaskKind) -> Assignment | None:
    """Text right after "Giao"/"Đề nghị": units, then the task or nothing (a heading)."""
    body = body.strip()
    if not starts_with_unit(body):
        return None
    head, sep, tail = body.partition(":")
    if sep and tail.strip() and is_unit_list(head):
        return _after_units(split_units(head), tail, kind)  # "Đề nghị Công ty X: Khẩn trương …"
    found = subject_split(body)
    if found:
        return _after_units(found[0], found[1], kind)
    if len(head) <= 300:
        units = split_units(head)
        if units:
            return _after_units(units, tail if sep else "", kind)
    return None


def parse_assignment(text: str, *, allow_subject: bool) -> Assignment | None:
    """Find who a paragraph (or heading) assigns, and what remains of the task."""
    who = _parse_assignment(text, allow_subject=allow_subject)
    if who is not None:
        who.units = resolve_back_reference(who.units, topic_units(_CONNECTOR.sub("", text.strip())))
    return who


def _parse_assignment(text: str, *, allow_subject: bool) -> Assignment | None:
    text = _ROLE_IN_PARENS.sub(lambda m: " " + m.group(1).lower().replace("đầu mối", "chủ trì"), text.strip())
    text = expand_group_lists(text)
    text = _CONNECTOR.sub("", text)
    for pattern in _TOPIC:  # "Về <topic>: Giao X …", "Riêng đối với <topic>, giao X …"
        topic = pattern.match(text)
        if topic and re.match(r"(?:giao|đề nghị|yêu cầu)\s", text[topic.end() :], re.IGNORECASE):
            text = text[topic.end() :]
            break
        if topic and starts_with_unit(text[topic.end() :]):
            text = text[topic.end() :]
            break
        owners = possessive_subject(text[topic.end() :]) if topic else None
        if owners and text.endswith(":"):  # "Về treo cờ: Trụ sở của các cơ quan … như sau:"
            text = owners
            break
    proposal = _PROPOSAL.match(text)
    if proposal:  # "Về đề nghị <long proposal>: <the answer, naming who acts>"
        answer = text[proposal.end() :]
        who = parse_assignment(answer, allow_subject=True)
        if who is None or who.heading_only:
            later = _answering_sentence(answer)  # "Về vấn đề này, Chính phủ đã … . Các bộ, ngành …"
            if later is None:
                return None
            answer, who = later
        if proposal.end() > _LONG_TOPIC:  # a short topic is useful context; a long one hides the task
            who.text = answer
        return who
    head, colon, tail = text.partition(":")
    if colon and len(head) < 150 and re.match(r"^(?:Giao|Đề nghị)\s", tail.strip()):
        text = tail.strip()  # "<topic>: Giao X ..."
    adverbial = _ADVERBIAL.match(text)
    if adverbial and starts_with_unit(text[adverbial.end() :]):
        text = text[adverbial.end() :]
    if _DE_NGHI.match(text):
        return _directed(text[_DE_NGHI.match(text).end() :], TaskKind.request)
    if _GIAO.match(text):
        return _directed(text[_GIAO.match(text).end() :], TaskKind.assign)
    inner = _INNER_GIAO.search(text[:220])
    if inner and starts_with_unit(text[inner.end() :]) and not _VERB_RE.search(text[: inner.start()]):
        # "Theo đó, UBND Thành phố giao Sở X ...", "UBND quận yêu cầu các phòng ... khẩn trương ..."
        kind = TaskKind.request if inner.group(1).lower() == "đề nghị" else TaskKind.assign
        found = _directed(text[inner.end() :], kind)
        if found and found.rest:
            return found
    head, colon, tail = text.partition(":")
    # "các tỉnh: A, B" was rewritten above when names follow; "các đơn vị: …" still lists
    enumerates = re.search(r"(?:các|những)\s+(?:đơn vị|thành phố)\s*$", head)
    if colon and tail.strip() and len(head) < 200 and not enumerates and is_unit_list(head):
        return _after_units(split_units(head), tail, TaskKind.assign)  # "- Sở Tài chính: Thực hiện …"
    if allow_subject and starts_with_unit(text):
        found = subject_split(text)
        if found and not is_past_or_statement(found[1]):
            who = _after_units(found[0], found[1], TaskKind.assign)
            if who.heading_only or len(who.rest) >= 15:
                return who
    return None


def names_its_doers(text: str) -> bool:
    """Does a paragraph open by naming who must act ("Giao X …", "Đề nghị X …", "Sở A, Sở B: …")?
    Such a paragraph is a task even inside a section whose other items assign nothing."""
    if re.match(r"^(?:Giao|Đề nghị|Yêu cầu)\s", text):
        return True
    head, colon, tail = expand_group_lists(text).partition(":")
    return bool(colon and tail.strip() and len(head) < 250 and is_unit_list(head))


def heading_units(text: str, *, lenient: bool = False) -> Assignment | None:
    """A heading that is only a unit list: "5. Công an phường", "Đề nghị: Hội A, Hội B",
    "(1) Trách nhiệm của Công ty X:". `lenient`: see is_unit_list."""
    text = expand_group_lists(name_case(text.strip())).rstrip(":.").strip()
    text = _DUTY_OF.sub("", text)
    kind = TaskKind.assign
    if _DE_NGHI.match(text + " "):
        text = text[_DE_NGHI.match(text + " ").end() :].strip()
        kind = TaskKind.request
    if _GIAO.match(text):
        text = text[_GIAO.match(text).end() :]
    # only a generic group ("các tổ chức …") takes a clause saying which ones; after a proper
    # name ("Phòng Y tế kiểm tra …") a verb starts the task
    if lenient and not re.match(r"^[Cc]ác\s", text):
        return None
    if is_unit_list(text, lenient=lenient):
        return Assignment(split_units(text), [], kind, "")
    return None


def addressee(text: str) -> Assignment | None:
    """Who a lead sentence addresses: "…, Sở X đề nghị UBND các xã, phường thực hiện … Cụ thể:"."""
    for inner in _INNER_GIAO.finditer(text):
        if starts_with_unit(text[inner.end() :]):
            kind = TaskKind.request if inner.group(1).lower() == "đề nghị" else TaskKind.assign
            found = _directed(text[inner.end() :], kind)
            if found:
                return Assignment(found.units, found.coordinators, kind, "")
    return None


_SENTENCE_START = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])")
_STRONG_START = re.compile(r"^(?:chủ trì|chịu trách nhiệm|có trách nhiệm|phối hợp|khẩn trương|tham mưu)\b")


def _answering_sentence(answer: str) -> tuple[str, Assignment] | None:
    """The first sentence of an answer to a proposal that names who acts, from there on."""
    for boundary in _SENTENCE_START.finditer(answer):
        sentence = answer[boundary.end() :]
        who = parse_assignment(sentence, allow_subject=True)
        if who is not None and who.rest:
            return sentence, who
    return None


def later_assignment(text: str) -> tuple[int, Assignment] | None:
    """A later sentence of a task that assigns someone else: "… . Riêng đối với X, giao Y …",
    "… . Sở Xây dựng chịu trách nhiệm tổng hợp …". Returns where it starts and who it assigns."""
    for boundary in _SENTENCE_START.finditer(text):
        if boundary.start() < 30:
            continue  # "Điều 2. Giao …": a label, not a first task
        sentence = text[boundary.end() :]
        who = parse_assignment(sentence, allow_subject=False)
        if who is None and starts_with_unit(sentence):
            found = subject_split(sentence)
            if found and _STRONG_START.match(found[1]):
                who = _after_units(found[0], found[1], TaskKind.assign)
        if who is not None and who.rest:
            return boundary.start(), who
    return None


def task_text(body: str, who: Assignment) -> str:
    """The task itself: what follows "<assignment heading>:" on the same line, else the whole body."""
    if who.text and body.endswith(who.text):
        return who.text
    if who.rest and body.endswith(who.rest) and body[: len(body) - len(who.rest)].rstrip().endswith(":"):
        return who.rest
    return body
