"""Who a sentence addresses: "Giao X chủ trì, phối hợp Y: …", "Đề nghị X …", "X căn cứ …" and headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.parser.cues import LIABILITY, SANCTION, STANDING
from bot.parser.framing import CONNECTOR, after_framing, after_time, spoken_by_leader
from bot.parser.groups import expand_group_lists
from bot.parser.known_names import KnownNames, memoised
from bot.parser.letters import LOWER, UPPER
from bot.parser.locality import bare_locality
from bot.parser.models import TaskKind
from bot.parser.subjects import (
    plural_name,
    plural_subject,
    possessive_subject,
    resolve_back_reference,
    topic_units,
)
from bot.parser.unit_words import OPENING_RE, starts_with_unit
from bot.parser.unit_words import VERB_RE as _VERB_RE
from bot.parser.units import is_past_or_statement, is_unit_list, opens_with_unit, split_units, subject_split

GIAO = re.compile(r"^(?:giao(?: nhiệm vụ| trách nhiệm)?(?: cho)?|yêu cầu|phân công)\s+", re.IGNORECASE)
DE_NGHI = re.compile(r"^đề nghị:?\s+", re.IGNORECASE)
# Nouns made with "giao" ("giao ban", "giao thông", "bàn giao" …): not the verb that assigns.
_NOT_GIAO = r"(?!\s+(?:ban|thông|dịch|lưu|đất|nhận|kết|thầu|khoán|nộp|quyền|hàng|tiếp|diện|lộ|thoa)\b)"
# An assigning verb inside a sentence ("Theo đó, UBND Thành phố giao Sở X ..."), never "được giao",
# "bàn giao"; "chỉ đạo" assigns only when the speaker is a leader ("Phó Chủ tịch … chỉ đạo Phòng X …").
INNER_GIAO = re.compile(
    # the lookahead (each verb's first letter) changes no match; it lets the scan skip positions fast
    r"(?=[gđypcln])(?<![\wÀ-ỹ])(?<!được )(?<!bàn )(?<!đã )"
    rf"(giao (?:nhiệm vụ|trách nhiệm) cho|giao cho|giao{_NOT_GIAO}|đề nghị|yêu cầu|phân công|chỉ đạo"
    r"|lưu ý|nhắc nhở)"
    r"(?:\s+đối với)?\s*:?\s+(?=\S)",
    re.IGNORECASE,
)
# Who can be addressed after an explicit "Giao"/"Đề nghị" though no unit word opens the name: a
# capitalised name ("Hợp tác xã Rau sạch …"), a plural, or a person's title or a collective
# ("giao thủ trưởng các phòng …", "đề nghị cán bộ, công chức xã …").
_LOWER_HEAD = re.compile(
    r"^(?:(?:các|những|mọi)\s|(?:cán bộ|công chức|viên chức|thủ trưởng|người đứng đầu|lãnh đạo"
    r"|trưởng|phó|chủ tịch|giám đốc|lực lượng|liên đoàn|hội|tổ (?:dân phố|công tác|trưởng)|đội|hợp tác xã"
    r"|người dân|hộ|doanh nghiệp|ngành"
    r"|cơ sở|đơn vị|cơ quan|nhà trường|bộ phận|đồng chí|đ/c|ông|bà)\b)"
)
# "X được giao <task>": the passive names the doer as surely as "Giao X <task>".
_ASSIGNED = re.compile(r"^được giao(?:\s+(?:nhiệm vụ|chủ trì|làm đầu mối))?\s*:?\s*(?=\S)")
# "nhấn mạnh trách nhiệm của X trong việc <task>": the doer in a genitive.
_STRESSED_DUTY = re.compile(
    r"^(?:[^,;.]{0,80}\s)?(?:nhấn mạnh|đề cao|nêu rõ|xác định rõ)\s+(?:vai trò,?\s*)?trách nhiệm của\s+"
    r"(?P<who>[^,;:]{3,120}?)\s+(?:trong việc|trong công tác|về việc|đối với việc)\s+(?=\S)"
)
_TOPIC = (
    re.compile(r"^(?:Về|Đối với|Riêng đối với|Riêng)\s[^:;]{1,200}?:\s*", re.IGNORECASE),
    re.compile(r"^(?:Về|Đối với|Riêng đối với|Riêng)\s[^:;,]{1,120},\s*", re.IGNORECASE),
)
_TOPIC_OPEN = re.compile(r"^(?:Về|Đối với|Riêng đối với|Riêng)\s", re.IGNORECASE)
_COLON = re.compile(r":\s+(?=\S)")
_LONGEST_TOPIC = 700  # characters; a topic, however long, and the colons inside it
# A conclusion answering a locality's proposals: the proposal is a topic, the answer the task.
_PROPOSAL = re.compile(r"^Về\s+(?:việc\s+)?(?:các\s+)?(?:đề nghị|kiến nghị|đề xuất)\b[^:]{1,900}?:\s*(?=\S)")
_LONG_TOPIC = 250
_CUE_AHEAD = re.compile(r"(?:giao|đề nghị|yêu cầu)\s", re.IGNORECASE)
_TOPIC_CUE = re.compile(r"^(?:Giao|Đề nghị)\s")
_ENUMERATES = re.compile(r"(?:các|những)\s+(?:đơn vị|thành phố)\s*$")
_UNANCHORED_HEADING = 160  # characters; "Giao thủ trưởng các phòng …" without a verb is a heading
_LEAD_COORD = re.compile(
    r"^(?:làm\s+)?chủ trì(?:\s+thực hiện)?,?\s*(?:và\s+)?(?:phối hợp|phối hợp chặt chẽ)(?:\s+với)?\s+",
    re.IGNORECASE,
)
_FUNCTION = re.compile(r"^theo chức năng,?\s*nhiệm vụ(?: được giao)?,?\s*", re.IGNORECASE)
DUTY_OF = re.compile(r"^(?:(?:Trách nhiệm|Nhiệm vụ)\s+(?:của\s+)?|Đối với\s+|Riêng\s+)(?=\S)", re.IGNORECASE)
# "Phòng X (chủ trì), phối hợp Y" and "Phòng X (chủ trì); Công an phường (phối hợp)"
_ROLE_IN_PARENS = re.compile(r"\s*\((chủ trì|phối hợp|đầu mối)\)", re.IGNORECASE)
_COORD_ONLY = re.compile(r"^(?:phối hợp|phối hợp chặt chẽ)(?:\s+với)?\s+", re.IGNORECASE)
_HEADING_TAIL = re.compile(
    r"^(?:chủ trì\s*)?(?:phối hợp\s+)?"
    r"(?:thực hiện|triển khai|thực hiện các (?:nội dung|nhiệm vụ)(?: sau| cụ thể)?|"
    r"tập trung|có trách nhiệm|thực hiện một số nhiệm vụ sau|các nhiệm vụ sau)?\s*(?:như sau|sau)?\s*:?\s*$",
    re.IGNORECASE,
)


@dataclass
class Addressee:
    """Who a sentence or heading addresses, and what it asks of them."""

    units: list[str]
    coordinators: list[str] = field(default_factory=list)
    kind: TaskKind = TaskKind.assign
    rest: str = ""  # the task itself, after the units (empty for a heading)
    text: str = ""  # where the task starts when a topic comes first ("Về đề nghị …: giao X …")
    subject: bool = False  # named only as the sentence's subject, by no assigning word

    @property
    def heading_only(self) -> bool:
        return not self.rest


def _coordinators(text: str, names: KnownNames) -> tuple[list[str], str]:
    """Split "Y, Z tổ chức ..." (text after "phối hợp với") into coordinators and the rest."""
    text = text.strip()
    if text.endswith(":") and len(text) < 300 and ":" not in text[:-1]:
        return split_units(text), ""
    head, sep, tail = text.partition(":")
    if sep and len(head) < 250 and is_unit_list(head, names):
        return split_units(head), tail.strip()  # "… phối hợp Y, Z: <task>"
    found = subject_split(text, names)
    if found:
        units, rest = found
        return units, rest
    parts = split_units(text)
    if parts and opens_with_unit(text, names) and not _VERB_RE.search(text):
        return parts, ""  # "… phối hợp với Sở A, Sở B, …, UBND các xã, phường.": nothing but the list
    return [], text


def after_units(units: list[str], rest: str, kind: TaskKind, names: KnownNames) -> Addressee:
    rest = _FUNCTION.sub("", rest.strip())
    coords: list[str] = []
    m = _LEAD_COORD.match(rest) or _COORD_ONLY.match(rest)
    if m:
        coords, tail = _coordinators(rest[m.end() :], names)
        if coords and tail and rest[: len(rest) - len(tail)].rstrip().endswith(":"):
            rest = tail  # "chủ trì, phối hợp Y: <task>" on one line
        elif coords:
            rest = rest if tail else ""
    if _HEADING_TAIL.match(rest):
        rest = ""
    return Addressee(units, coords, kind, rest)


def _addressee_head(text: str) -> bool:
    return text[:1].isupper() or bool(_LOWER_HEAD.match(text))


def addressable(text: str, names: KnownNames) -> bool:
    """Can `text` (what follows an explicit cue, perhaps after a time adverbial) open with who is
    addressed?"""
    text = after_time(text.strip())
    return opens_with_unit(text, names) or _addressee_head(text) or bare_locality(text) is not None


def directed(body: str, kind: TaskKind, names: KnownNames) -> Addressee | None:
    """Text right after "Giao"/"Đề nghị": units, then the task or nothing (a heading). The cue makes
    its object an addressee even when no unit word opens it; such a name is kept whole. A time
    adverbial may come first ("yêu cầu trong thời gian tới, Trạm Y tế …"); a bare locality ("xã cần
    …") is kept as its level word for the committee to be found (locality.py)."""
    body = body.strip()
    timed = after_time(body)
    if timed is not body and addressable(timed, names):
        body = timed
    local = bare_locality(body)
    if local is not None:
        return after_units([local[0]], local[1], kind, names)
    anchored = opens_with_unit(body, names)
    if not anchored and not _addressee_head(body):
        return None
    head, sep, tail = body.partition(":")
    if sep and tail.strip() and is_unit_list(head, names, anchored=anchored):
        return after_units(split_units(head), tail, kind, names)  # "Đề nghị Công ty X: Khẩn trương …"
    found = subject_split(body, names, anchored=anchored)
    if found:
        return after_units(found[0], found[1], kind, names)
    if len(head) <= (300 if anchored else _UNANCHORED_HEADING):
        units = split_units(head)
        if units:
            return after_units(units, tail if sep else "", kind, names)
    return None


def parse_addressee(text: str, names: KnownNames, *, allow_subject: bool) -> Addressee | None:
    """Find who a paragraph (or heading) assigns, and what remains of the task."""
    who = _addressee(text, names, allow_subject=allow_subject)
    return replace(who, units=list(who.units), coordinators=list(who.coordinators)) if who else None


@memoised
def _addressee(text: str, names: KnownNames, *, allow_subject: bool) -> Addressee | None:
    who = _parse_addressee(text, names, allow_subject=allow_subject)
    if who is not None:
        who.units = resolve_back_reference(who.units, topic_units(CONNECTOR.sub("", text.strip())))
    return who


def _parse_addressee(text: str, names: KnownNames, *, allow_subject: bool) -> Addressee | None:
    text = _ROLE_IN_PARENS.sub(lambda m: " " + m.group(1).lower().replace("đầu mối", "chủ trì"), text.strip())
    text = expand_group_lists(text)
    text = CONNECTOR.sub("", text)
    stressed = _STRESSED_DUTY.match(after_framing(text, lambda rest: opens_with_unit(rest, names)))
    if stressed:  # "Trong đó nhấn mạnh trách nhiệm của X trong việc …"
        units = split_units(stressed.group("who"))
        return Addressee(units, [], TaskKind.assign, stressed.string[stressed.end() :]) if units else None
    spoken_to = _topic_spoken_to(text, names)
    if spoken_to is not None:
        return spoken_to
    answered = _after_topic(text, names)
    topical, text = answered is not text, answered
    duty = _duty_of(text, names)
    if duty is not None:
        return duty
    for pattern in _TOPIC:  # "Về <topic>: Giao X …", "Riêng đối với <topic>, giao X …"
        topic = pattern.match(text)
        if topic and _CUE_AHEAD.match(text, topic.end()):
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
        who = parse_addressee(answer, names, allow_subject=True)
        if who is None or who.heading_only:
            later = _answering_sentence(answer, names)  # "Về vấn đề này, Chính phủ đã … . Các bộ, ngành …"
            if later is None:
                return None
            answer, who = later
        if proposal.end() > _LONG_TOPIC:  # a short topic is useful context; a long one hides the task
            who.text = answer
        return who
    head, colon, tail = text.partition(":")
    if colon and len(head) < 150 and _TOPIC_CUE.match(tail.strip()):
        text = tail.strip()  # "<topic>: Giao X ..."
    text = after_framing(text, lambda rest: opens_with_unit(rest, names))  # "Căn cứ …, Phòng X …"
    cue = DE_NGHI.match(text)
    if cue:
        return directed(text[cue.end() :], TaskKind.request, names)
    cue = GIAO.match(text)
    if cue:
        return directed(text[cue.end() :], TaskKind.assign, names)
    found = _inner_cue(text, names)
    if found is not None:
        return found
    head, colon, tail = text.partition(":")
    # "các tỉnh: A, B" was rewritten above when names follow; "các đơn vị: …" still lists
    enumerates = _ENUMERATES.search(head)
    listed = colon and tail.strip() and len(head) < 200 and not enumerates
    if listed and (is_unit_list(head, names) or plural_name(head)):
        return after_units(split_units(head), tail, TaskKind.assign, names)  # "- Sở Tài chính: Thực hiện …"
    local = bare_locality(after_time(text), modal_only=True) if allow_subject else None
    if local is not None:  # "Thời gian tới, xã cần tập trung …"
        return Addressee([local[0]], [], TaskKind.assign, local[1], subject=True)
    split = None
    if opens_with_unit(text, names):
        split = subject_split(text, names)
    elif topical and _LOCALITY.match(text):
        split = subject_split(text, names, anchored=False)
    plural = plural_subject(text) if allow_subject and split is None else None
    if plural is not None:  # "Các khu dân cư vận động …"
        split = [plural[0]], plural[1]
    if split and STANDING.search(split[1]):
        return None  # "Các tổ chức, cá nhân … áp dụng mức giá …": a standing rule
    assigned = _ASSIGNED.match(split[1]) if split else None
    if split and assigned:  # "Trung tâm X được giao hướng dẫn …"
        return after_units(split[0], split[1][assigned.end() :], TaskKind.assign, names)
    statement = split and (
        is_past_or_statement(split[1]) or SANCTION.search(split[1]) or LIABILITY.match(split[1])
    )
    if allow_subject and split and not statement:
        who = after_units(split[0], split[1], TaskKind.assign, names)
        if who.heading_only or len(who.rest) >= _SHORTEST_TASK:
            who.subject = True
            return who
    return None


# "Đối với các thôn, tổ dân phố: tiếp tục tuyên truyền …", "Đối với Công an xã, tăng cường tuần tra …":
# the topic is the doer when it is a list of units and an action follows it.
_DUTY_TOPIC = re.compile(r"^(?:Riêng\s+)?(?:đối với|Đối với)\s+")
_DUTY_END = re.compile(r"[:,;.]")
_CONDITION = re.compile(r"(?<![\wÀ-ỹ])(?:còn|có|chưa|đã|được|không|bị|đang)(?![\wÀ-ỹ])")
_DUTY_LENGTH = 150  # characters; a longer topic is a subject matter, not a list of doers


def _duty_of(text: str, names: KnownNames) -> Addressee | None:
    m = _DUTY_TOPIC.match(text)
    if m is None:
        return None
    for end in _DUTY_END.finditer(text, m.end(), m.end() + _DUTY_LENGTH):
        if end.group(0) in ";.":
            return None
        who, rest = text[m.end() : end.start()], text[end.end() :].lstrip()
        if _CUE_AHEAD.match(rest):
            return None  # "Riêng đối với các bệnh viện, giao Thủ trưởng đơn vị …": the cue names the doer
        action = OPENING_RE.match(rest[:1].lower() + rest[1:40])
        condition = _CONDITION.search(who)  # "Đối với các xã còn diện tích đất lúa:": which ones, not who
        if action and not condition and (is_unit_list(who, names) or plural_name(who)):
            return after_units(split_units(who), rest, TaskKind.assign, names)
        if end.group(0) == ":":
            return None  # "Đối với các thôn, tổ dân phố: …" reads to its colon
    return None


def _topic_spoken_to(text: str, names: KnownNames) -> Addressee | None:
    """ "Đối với Công an xã, đồng chí yêu cầu bảo đảm an ninh …": the speaker's cue names nobody after
    it; the topic is who it is said to."""
    bodies = topic_units(text)
    if bodies is None:
        return None
    after = text[text.index(bodies) + len(bodies) :].lstrip(" ,:")
    inner = INNER_GIAO.search(after, 0, 160)
    if inner is None or not spoken_by_leader(after[: inner.start()]):
        return None
    if addressable(after[inner.end() :], names):
        return None
    units = split_units(bodies)
    kind = TaskKind.request if inner.group(1).lower() == "đề nghị" else TaskKind.assign
    return Addressee(units, [], kind, after[inner.end() :]) if units else None


_SHORTEST_TASK = 15  # characters; a shorter predicate is a fragment, not a task


def _after_topic(text: str, names: KnownNames) -> str:
    """ "Về <a long topic, with its own colons>: <doer> …": the text from the last colon of the topic
    that a doer or an assigning verb follows."""
    if not _TOPIC_OPEN.match(text) or _PROPOSAL.match(text):
        return text
    for colon in reversed(list(_COLON.finditer(text, 0, _LONGEST_TOPIC))):
        rest = text[colon.end() :]
        if GIAO.match(rest) or DE_NGHI.match(rest) or _LOCALITY.match(rest) or opens_with_unit(rest, names):
            return rest
    return text


# A locality answering for itself after a topic: "Về kè chống sạt lở: Tỉnh chủ động bố trí vốn …".
_LOCALITY = re.compile(
    rf"^(?:Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Đặc khu)(?:\s+[{UPPER}]\S*)*\s+(?=[{LOWER}])"
)


def _inner_cue(text: str, names: KnownNames) -> Addressee | None:
    """ "Theo đó, UBND Thành phố giao Sở X …", "UBND quận yêu cầu các phòng … khẩn trương …": an
    assigning verb whose subject is the speaker, with the addressee after it."""
    inner = INNER_GIAO.search(text[:220])
    if inner is None or not addressable(text[inner.end() :], names):
        return None
    before = text[: inner.start()]
    verb = inner.group(1).lower()
    if verb in _LEADERS_VERBS and not spoken_by_leader(before):
        return None  # "Sở X chỉ đạo các đơn vị …" is Sở X's own task
    if _VERB_RE.search(before) and not spoken_by_leader(before):
        return None
    kind = TaskKind.request if verb == "đề nghị" else TaskKind.assign
    found = directed(text[inner.end() :], kind, names)
    return found if found and found.rest else None


# Verbs that pass an order on only from a leader's mouth: "Sở X chỉ đạo các đơn vị …" is Sở X's own task,
# "Đồng chí cũng lưu ý các tổ dân phố …" an order to them.
_LEADERS_VERBS = frozenset(("chỉ đạo", "lưu ý", "nhắc nhở"))
SENTENCE_START = re.compile(rf"(?<=[.;])\s+(?=[{UPPER}])")


def _answering_sentence(answer: str, names: KnownNames) -> tuple[str, Addressee] | None:
    """The first sentence of an answer to a proposal that names who acts, from there on."""
    for boundary in SENTENCE_START.finditer(answer):
        sentence = answer[boundary.end() :]
        who = parse_addressee(sentence, names, allow_subject=True)
        if who is not None and who.rest:
            return sentence, who
    return None
