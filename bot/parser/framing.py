"""What may stand before the doer of a sentence: a connector ("Theo đó,", "Đồng thời,"), a framing
clause ("Căn cứ kết quả …,", "Để bảo đảm …,", "Qua kiểm tra …, trên cơ sở …,"), a topic ("Về …:",
"Đối với …,"), or the speaker ("Chủ tịch UBND huyện yêu cầu …", "ông X – Phó Chủ tịch … chỉ đạo …").

These are closed classes of Vietnamese (prepositions, connectors, leaders' titles), not the wording
of any one notice: the doer is what comes after them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from bot.parser.unit_words import CAC_NOUNS, TYPE_RE, VERB_RE, B

# Ordinals that number a speaker's points: "Một là, …", "Thứ hai, …".
ORDINAL = (
    r"(?:(?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười) là"
    r"|Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười))"
)
CONNECTOR = re.compile(
    rf"^(?:{ORDINAL}|Đồng thời|Ngoài ra|Bên cạnh đó|Cùng với đó|Cùng vói đó|Theo đó|Trong đó|Sau đó|Tiếp đó"
    r"|Trên cơ sở đó|Vì vậy|Do đó|Từ đó|Riêng|Sau khi [^,]{1,120}),?\s*",
    re.IGNORECASE,
)
# Prepositions and verbs that open a clause framing the sentence, before its subject.
_FRAMING = re.compile(
    r"^(?:Cũng\s+(?:tại|trong|qua|sau|theo|nhân dịp|khi)"
    r"|Căn cứ|Để|Nhằm|Trên cơ sở|Theo|Thực hiện|Qua|Tại|Dựa (?:trên|vào)|Nhân dịp|Trong|Khi|Sau khi"
    r"|Trước khi|Sau|Trước|Từ nay đến|Từ|Đến|Với|Bên cạnh|Ngoài|Phát biểu|Kết thúc|Kết luận|Thay mặt|Về"
    r"|Năm|Tháng|Quý|Tuần|Thời gian tới|Sắp tới|Tới đây|Hiện nay|Đầu năm|Cuối năm"
    # "Nhiệm vụ thời gian tới, Phòng X …", "Nhiệm vụ trọng tâm tháng 12, …": the agenda the sentence serves
    r"|Nhiệm vụ|Giai đoạn|Từ nay"
    # a goal before the order: "Phấn đấu đến ngày 30/12 hoàn thành …, Chủ tịch UBND xã yêu cầu …"
    r"|Phấn đấu|Hướng tới|Mục tiêu)\b"
)
# The speaker's words introduced by a verb of saying: "Chủ tịch UBND xã nhấn mạnh, các thôn phải …",
# "Đồng chí lưu ý: Trạm Y tế xã …". What follows the comma or colon is the sentence with its own subject.
_SPEECH = re.compile(
    r"\s(?:nhấn mạnh|lưu ý|khẳng định|cho rằng|chỉ rõ|nêu rõ|quán triệt|đề nghị|yêu cầu|chỉ đạo|kết luận"
    r"|giao nhiệm vụ)(?:\s+(?:thêm|rằng|là))?\s*[,:]\s*(?=\S)"
)
_SPEAKER_LENGTH = 120  # characters
_CLAUSE_MARK = re.compile(r"[,:;.]")
# A time adverbial between a cue and its addressee: "yêu cầu trong thời gian tới, Trạm Y tế …",
# "đề nghị trong tuần đầu tháng 4, Phòng …", "yêu cầu thời gian tới xã cần …" (no comma).
_TIME_ADVERBIAL = re.compile(
    r"^(?:(?:trong\s+)?(?:thời gian|những ngày|những tháng|các tháng|giai đoạn)\s+(?:tới|sắp tới|còn lại)\s+"
    r"|(?:sắp tới|tới đây|từ nay về sau)\s+"
    r"|(?:trong|từ nay đến|từ nay tới|ngay trong|ngay|sau|đến|vào|đầu|cuối|năm|tháng|quý|tuần|thời gian)"
    r"(?![\wÀ-ỹ])[^,;:.]{0,60},\s*)",
    re.IGNORECASE,
)
_COMMA = re.compile(r",\s+")
_FRAMING_LENGTH = 260  # characters; a framing clause longer than this is the sentence itself
# Who speaks in a conclusion: "Chủ tịch UBND xã", "đồng chí Phó Chủ tịch", "ông X – Phó Chủ tịch …".
LEADER = re.compile(
    r"^(?:(?:ông|bà|đồng chí|Đồng chí|đ/c|Đ/c)\s+)?(?:[^\s,;:]+\s+){0,4}?(?:[-–,]\s*)?(?:[Pp]hó\s+)?"
    r"(?:Chủ tịch|chủ tịch|Bí thư|Thủ tướng|Trưởng ban|Trưởng đoàn|Giám đốc|[Ll]ãnh đạo|đồng chí)\b"
    # "Đồng chí yêu cầu …": the speaker named again by a pronoun
    r"|^(?:[Đđ]ồng chí|[Ôô]ng|[Bb]à|Đ/c|đ/c)(?:\s+(?:ấy|cũng))?\s*$"
)
_TITLE = re.compile(r"(?:Chủ tịch|chủ tịch|Bí thư|Thủ tướng|Trưởng ban|Trưởng đoàn|Giám đốc)")
_PLURAL = re.compile(r"(?:^|\s)(?:các|những)\s")
_LEADER_START = re.compile(
    r"^(?:ông|bà|đồng chí|Đồng chí|đ/c|Đ/c|[Pp]hó [Cc]hủ tịch|Chủ tịch|Bí thư|Thủ tướng|[Ll]ãnh đạo)\b"
)
_CUE_START = re.compile(r"^(?:giao|đề nghị|yêu cầu|phân công)\s", re.IGNORECASE)


def after_connector(text: str) -> str:
    return CONNECTOR.sub("", text, count=1)


_INNER_UNIT = re.compile(
    rf"(?<![\wÀ-ỹ])(?<!của )(?<!với )(?<!cho )(?<!tại )(?<!về )(?<!từ )(?<!đến )(?<!gửi )(?<!và )"
    rf"(?:(?:{TYPE_RE}){B}|các\s+{CAC_NOUNS}{B})"
)


def after_framing(text: str, opens_doer: Callable[[str], bool]) -> str:
    """The text after a framing clause, when what follows it opens with a doer, a cue or a speaker.

    `opens_doer(text) -> bool` says whether text opens with a unit name (the caller's rule).
    """
    spoken = _after_speech(text)
    if spoken is not None and opens_doer(spoken):
        return spoken
    if not _FRAMING.match(text):
        return text
    for comma in _COMMA.finditer(text, 0, _FRAMING_LENGTH):
        if has_subject(text[: comma.start()]):
            break  # the sentence's own subject came before this comma: no framing clause
        rest = text[comma.end() :]
        if _CUE_START.match(rest) or _LEADER_START.match(rest) or opens_doer(rest):
            return rest
    return text


@lru_cache(maxsize=4096)
def _after_speech(text: str) -> str | None:
    """What a leader says after a verb of saying and a comma or colon, or None."""
    speech = _SPEECH.search(text, 0, _SPEAKER_LENGTH)
    if speech is None:
        return None
    speaker = text[: speech.start()]
    if _CLAUSE_MARK.search(speaker) or not spoken_by_leader(speaker):
        return None
    return text[speech.end() :]


def after_time(text: str) -> str:
    """The text after a leading time adverbial ("trong thời gian tới, …"), or the text itself."""
    m = _TIME_ADVERBIAL.match(text)
    return text[m.end() :] if m else text


def spoken_by_leader(before: str) -> bool:
    """Is `before` (the text before a cue verb) nothing but the speaker: a leader ("Phó Chủ tịch
    UBND huyện Võ Văn Hùng") or the committee ("UBND quận")?"""
    before = before.strip(" ,–-")
    leader = LEADER.match(before)
    if leader is None and not before.startswith(("UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân")):
        return False
    titles = _TITLE.findall(before)
    if _PLURAL.search(before) or len(titles) != len(set(titles)):
        return False  # "Chủ tịch UBND các tỉnh …", "Chủ tịch UBND tỉnh A, Chủ tịch UBND tỉnh B": addressees
    return not VERB_RE.search(before[leader.end() if leader else 0 :])


def has_subject(clause: str) -> bool:
    """Does a clause already hold a subject and its verb ("… hằng tuần các địa phương phải tổng hợp
    …")? A framing clause does not; a unit after "của", "với", "cho" … is an object, not a subject."""
    return any(VERB_RE.search(clause, unit.end()) for unit in _INNER_UNIT.finditer(clause))
