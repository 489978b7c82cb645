"""Notice metadata: number, issuer, title, issued and meeting dates, kind."""

from __future__ import annotations

import re
from datetime import date

from bot.parser.issuer import header_issuer
from bot.parser.markers import clean_inline, normalize
from bot.parser.models import NoticeKind, NoticeMeta

_NUMBER = re.compile(r"Số\s*(?:hiệu)?\s*:?\s*(\d+[\w.\-]*/[A-ZĐ][\wĐ.\-&]*(?:/[\wĐ.\-]+)?)")
_DMY_WORDS = r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_DMY_SLASH = r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})"
# The place-and-date line under the number: "Gò Vấp, ngày 30 tháng 9 năm 2022".
_ISSUED = re.compile(
    rf"^[ \t]*(?P<place>[A-ZĐÀ-Ỹ0-9][^\W_]*\.?(?:[ \t][A-ZĐÀ-Ỹ0-9][^\W_]*\.?){{0,4}})[ \t]?,\s*"
    rf"(?:{_DMY_WORDS}|{_DMY_SLASH}|ngày\s+tháng\s+năm\s+\d{{4}})",
    re.IGNORECASE | re.MULTILINE,
)
_LEVEL = re.compile(r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(quận|phường|huyện|xã|thị xã|thị trấn)\b")
_MEETING = re.compile(
    rf"(?:{_DMY_WORDS}|{_DMY_SLASH}|(?<![\d/])(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}))"
    r"(?=[^.]{0,160}?(?:phiên họp|cuộc họp|hội nghị|buổi làm việc|chủ trì họp|đã họp|tổ chức họp))"
    r"|(?:họp|làm việc)\s+(?:vào\s+)?(?:"
    + _DMY_WORDS
    + r"|"
    + _DMY_SLASH
    + r"|ngày\s*(\d{1,2})/(\d{1,2})/(\d{4}))",
    re.IGNORECASE,
)
_MEETING_ZONE = 3000  # characters; a meeting's date is told in the opening paragraphs
_ISSUER = re.compile(
    r"(ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|VĂN PHÒNG|BAN CHẤP HÀNH|HỘI ĐỒNG NHÂN DÂN)\s*\n?\s*"
    r"((?:QUẬN|PHƯỜNG|HUYỆN|XÃ|TỈNH|THÀNH PHỐ|THỊ XÃ|TP\.?)\s+[A-ZĐÀ-Ỹ0-9][A-ZĐÀ-Ỹ0-9 \-]*)"
)
_PLACE = re.compile(r"^\s*((?:Quận|Phường|Huyện|Xã|Thị xã)\s+[^,\n]{2,40}),\s*ngày", re.MULTILINE)
_KIND_WORDS = (
    (re.compile(r"^#*\s*\**\s*KẾ HOẠCH\b", re.MULTILINE), NoticeKind.plan),
    (re.compile(r"^#*\s*\**\s*THÔNG BÁO\b", re.MULTILINE), NoticeKind.other),
    (re.compile(r"^#*\s*\**\s*(?:CÔNG VĂN|V/v)\b", re.MULTILINE), NoticeKind.letter),
)


def _date(groups: tuple[str | None, ...]) -> date | None:
    values = [int(g) for g in groups if g]
    for i in range(0, len(values) - 2, 3):
        day, month, year = values[i : i + 3]
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


_KIND_LINE = re.compile(r"#*\s*(THÔNG BÁO|KẾ HOẠCH|CÔNG VĂN|CHỈ THỊ|QUYẾT ĐỊNH|NGHỊ QUYẾT|BÁO CÁO)")


def _title(text: str) -> str | None:
    # the title runs from the line after the kind word to the next blank line
    lines = [clean_inline(line) for line in text.split("\n")[:60]]
    for i, line in enumerate(lines):
        if line and _KIND_LINE.fullmatch(line):
            title = []
            following = lines[i + 1 : i + 5]
            while following and not following[0]:
                following.pop(0)
            for nxt in following:
                if not nxt or re.match(r"^(Ngày|Căn cứ|Thực hiện|Sau khi|I\.|1\.)", nxt) or len(nxt) > 250:
                    break
                title.append(nxt.lstrip("# "))
                if not nxt[:1].isupper() or len(" ".join(title)) > 200 or nxt.endswith("."):
                    break
            return " ".join(title) or None
    return None


def _kind(text: str, number: str | None, title: str | None) -> NoticeKind:
    head = text[:3000]
    if number and "/KH" in number:
        return NoticeKind.plan
    if re.search(r"kết luận", (title or "") + head[:1500], re.IGNORECASE) and (
        (number and "/TB" in number) or re.search(r"THÔNG BÁO", head)
    ):
        return NoticeKind.conclusion
    for pattern, kind in _KIND_WORDS:
        if pattern.search(head):
            return kind
    if number and re.search(r"/UBND-|/VP-|/V\.", number):
        return NoticeKind.letter
    return NoticeKind.other


def _issuer(text: str) -> str | None:
    header = header_issuer(text)
    if header:
        return header
    head = text[:1500]
    m = _ISSUER.search(head)
    if m:
        body = "UBND" if "NHÂN DÂN" in m.group(1) or m.group(1) == "UBND" else m.group(1).title()
        place = m.group(2).strip().title().replace("Quận", "quận").replace("Phường", "phường")
        for word in ("Huyện", "Xã", "Tỉnh", "Thành Phố", "Thị Xã"):
            place = place.replace(word, word.lower())
        return f"{body} {place}"
    m = _PLACE.search(head)
    if m and re.search(r"UBND|Ủy ban nhân dân|Chủ tịch", head):
        place = m.group(1).strip()
        return f"UBND {place[0].lower()}{place[1:]}"
    dated = _ISSUED.search(head)
    level = _LEVEL.search(text[:1500])
    if dated and level:
        return f"UBND {level.group(1)} {dated.group('place').strip()}"
    return None


def parse_metadata(text: str) -> NoticeMeta:
    text = normalize(text)
    flat = re.sub(r"[*_#]", "", text)
    number_m = _NUMBER.search(flat[:3000])
    number = number_m.group(1).rstrip(".") if number_m else None
    issued_m = _ISSUED.search(flat[:2500])
    issued = _date(issued_m.groups()[1:]) if issued_m else None
    meeting = None
    flat_head = re.sub(r"\s+", " ", flat[:_MEETING_ZONE])
    for meeting_m in _MEETING.finditer(flat_head):
        if flat_head[: meeting_m.start()].rstrip().endswith(","):
            continue  # "Tân Bình, ngày …" is the issue date, not the meeting
        meeting = _date(meeting_m.groups())
        break
    title = _title(text)
    return NoticeMeta(
        number=number,
        issuer=_issuer(flat),
        title=title,
        issued_on=issued,
        meeting_on=meeting,
        kind=_kind(flat, number, title),
    )
