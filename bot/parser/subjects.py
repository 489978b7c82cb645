"""Doers named indirectly: through a possessive ("Trụ sở làm việc của các cơ quan … treo cờ") or
through a back-reference to a topic ("Riêng đối với các Bệnh viện, giao Thủ trưởng đơn vị …")."""

from __future__ import annotations

import re

from bot.parser.letters import UPPER
from bot.parser.unit_words import VERB_RE, starts_with_unit

# "<thing> của <units>": a short noun phrase owned by the units that act.
_POSSESSOR = re.compile(rf"^[{UPPER}][^,:;]{{1,40}}?\s+của\s+(?=\S)")
_TOPIC = re.compile(r"^(?:Riêng\s+)?(?:đối với|Đối với|Riêng)\s+(?P<topic>[^,:;]{2,100}?)\s*[,:]\s*")
# "Thủ trưởng đơn vị", "các đơn vị này", "Lãnh đạo cơ quan": the unit the topic named.
_BACK_REFERENCE = re.compile(
    r"^(?P<title>(?:Thủ trưởng|Lãnh đạo|Người đứng đầu|Giám đốc|Chủ tịch)\s+)?(?:các\s+)?"
    r"(?:đơn vị|cơ quan|cơ sở)(?:\s+(?:này|đó|trên|nêu trên))?$",
    re.IGNORECASE,
)


def possessive_subject(text: str) -> str | None:
    """The text from the owning units on, when a sentence opens with "<thing> của <units>"."""
    m = _POSSESSOR.match(text)
    if m is None or len(m.group(0).split()) > 6:
        return None
    rest = text[m.end() :]
    return rest if starts_with_unit(rest) else None


def topic_units(text: str) -> str | None:
    """The bodies a sentence's "Đối với <bodies>," prefix names, if it names bodies."""
    m = _TOPIC.match(text)
    if m is None:
        return None
    topic = m.group("topic")
    # a plural topic ("các chợ truyền thống") is a set of bodies even when no unit word names it
    return topic if topic.startswith("các ") or starts_with_unit(topic) else None


def resolve_back_reference(units: list[str], topic: str | None) -> list[str]:
    """["Thủ trưởng đơn vị"] after "Riêng đối với các Bệnh viện Đa khoa," -> that topic's head."""
    if topic is None or len(units) != 1:
        return units
    m = _BACK_REFERENCE.match(units[0].strip())
    if m is None:
        return units
    title = (m.group("title") or "").strip()
    return [f"{title} {topic}".strip()]


# "Các khu dân cư vận động …", "Trưởng các thôn chịu trách nhiệm …", "Các trường tự kiểm tra …": a plural
# (or its head) opening a numbered item is its doer, whatever its noun, when a predicate follows within a
# few words. Nouns of things ("Các chỉ tiêu phải đạt …", "Các hồ sơ được …") are never doers.
_PLURAL_HEAD = re.compile(
    r"^(?:(?:Trưởng|Phó trưởng|Thủ trưởng|Người đứng đầu|Lãnh đạo|Bí thư|Chủ tịch|Hiệu trưởng|Tổ trưởng)\s+)?"
    r"(?:Các|các|Những|những)\s+(?=[a-zđà-ỹ])"
)
_THINGS = re.compile(
    r"(?:nội dung|chỉ tiêu|nhiệm vụ|giải pháp|hoạt động|dự án|công trình|văn bản|thủ tục|hồ sơ|trường hợp"
    r"|vấn đề|kiến nghị|số liệu|biện pháp|chương trình|kế hoạch|mục tiêu|tiêu chí|khoản|loại|sản phẩm"
    r"|mặt hàng|tuyến|khu vực|công việc|đề án|chính sách|quy định|hạng mục|phương án|đối tượng|ý kiến"
    r"|kết quả|tồn tại|hạn chế|khó khăn|vướng mắc|năm|tháng|ngày|lớp|phòng học|em|báo cáo|nghị định"
    r"|thông tư|quyết định|đợt|lần|buổi|cuộc)(?![\wÀ-ỹ])"
)
_PLURAL_WORDS = 5  # words; a longer noun phrase is a clause, not a subject
# An adverb between the subject and its verb: "Các trường tự kiểm tra …", "… cùng tham gia …".
_ADVERB = re.compile(r"^(?:tự|cùng|đều|cũng|chủ động|thường xuyên)\s+")
# Words that make the phrase before the verb a clause ("Những trường hợp đã nộp …") or a reference
# ("Các báo cáo trên gửi …"), not a subject.
_AUXILIARIES = frozenset(("đã", "đang", "được", "sẽ", "bị", "vừa", "này", "đó", "trên"))


def plural_name(text: str) -> bool:
    """Is `text` only a plural's name ("Trưởng các thôn", "Các chi hội phụ nữ"), as before "…: <task>"?"""
    head = _PLURAL_HEAD.match(text)
    if head is None or head.group(0)[:1].islower() or _THINGS.match(text, head.end()):
        return False
    words = text[head.end() :].split()
    return 0 < len(words) <= _PLURAL_WORDS and not any(VERB_RE.search(w) or w in _AUXILIARIES for w in words)


def plural_subject(text: str) -> tuple[str, str] | None:
    """(subject, predicate) of "Các <bodies> <verb> …", or None."""
    head = _PLURAL_HEAD.match(text)
    # an item opens with it ("Các …", "Trưởng các …"); a lowercase "các …" is inside a sentence
    if head is None or head.group(0)[:1].islower() or _THINGS.match(text, head.end()):
        return None
    words = list(re.finditer(r"\S+", text[head.end() :]))
    for i, word in enumerate(words[1 : _PLURAL_WORDS + 1], start=1):
        at = head.end() + word.start()
        rest = text[at:]
        adverb = _ADVERB.match(rest)
        if VERB_RE.match(rest[adverb.end() :] if adverb else rest):
            subject = text[:at].rstrip(" ,")
            said = [w.group(0) for w in words[:i]]
            if any(w.endswith(":") for w in said):
                return None  # "Trưởng các thôn: Vận động …": a name and its task (see plural_name)
            if any(VERB_RE.search(w) or w in _AUXILIARIES for w in said) or subject.endswith(","):
                return None
            return subject, rest
    return None
