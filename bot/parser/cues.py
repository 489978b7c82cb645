"""Phrases that tell the parser where tasks are not: recipients, closings, statute quotes, titles.

Each is a fixed formula of Vietnamese administrative writing, not the wording of one document.
"""

from __future__ import annotations

import re

STOP = re.compile(r"^(?:Nơi nhận|Nơi gửi)\b", re.IGNORECASE)
RESUME = re.compile(r"^(?:PH[ỤU] L[ỤU]C|DANH MỤC)\b", re.IGNORECASE)
CLOSING = re.compile(
    r"^(?:Trên đây là|Thừa lệnh|Trong quá trình (?:tổ chức )?(?:triển khai )?thực hiện|"
    r"(?:Nghị quyết|Quyết định|Chỉ thị|Công điện|Thông báo|Kế hoạch) này (?:có hiệu lực|phổ biến|được)|"
    r"Quá trình triển khai|Nếu có khó khăn|[^.:]{0,120}\bthông báo (?:để|đến) )",
    re.IGNORECASE,
)
# Not assignments: encouragements to private parties and statements of liability.
NOT_TASK = re.compile(
    r"^(?:Đồng thời,\s*)?"
    r"(?:Khuyến khích|Chịu trách nhiệm (?:toàn diện |hoàn toàn )?(?:trước|về|theo)|Nghiêm cấm|"
    r"(?:chịu|có) trách nhiệm (?:thi hành|tổ chức thực hiện|triển khai thực hiện) "
    r"(?:Quyết định|Chỉ thị|Thông báo|Công điện) này)",
    re.IGNORECASE,
)
# "Chánh Văn phòng …, Thủ trưởng … chịu trách nhiệm thi hành Quyết định này": execution boilerplate.
EXECUTION = re.compile(
    r"(?:chịu|có) trách nhiệm (?:thi hành|tổ chức thi hành) "
    r"(?:Quyết định|Chỉ thị|Thông báo|Công điện|Nghị quyết) này",
    re.IGNORECASE,
)
# A lead sentence that names the addressee of the items after it: "..., tỉnh X cần ... sau:".
LEAD_SENTENCE = re.compile(
    r"(?:^|,\s*)((?:tỉnh|thành phố|Thành phố|quận|huyện|phường|xã|thị xã)"
    r"\s+[A-ZĐ][\wÀ-ỹ]*(?:\s+[A-ZĐ][\wÀ-ỹ]*)*)\s+(?:cần|phải)\b"
)
# An article's tail quoting a statute ("Căn cứ Điều 81 Luật Thủy sản 2017 quy định ... như sau:"):
# what follows are general legal duties, not tasks this notice assigns.
STATUTE_QUOTE = re.compile(
    r"^(?:Căn cứ|Theo)\s+(?:theo\s+)?(?:tại\s+)?(?:quy định tại\s+)?(?:(?:điểm|khoản)\s+\w+\s+)*"
    r"(?:Điều|Khoản|Mục|Chương)\s+\d+"
    r".{0,120}?(?:Luật|Bộ luật|Nghị định|Thông tư|Nghị quyết\s+(?:số\s+)?\d+/\d{4}/QH)",
    re.IGNORECASE,
)
# The closing formula "… đề nghị Thủ trưởng các đơn vị nghiêm túc thực hiện./." assigns nothing new.
GENERIC_REST = re.compile(
    r"^(?:(?:biết(?:,| và))?\s*(?:nghiêm túc\s+)?(?:tổ chức\s+)?(?:triển khai\s+)?thực hiện(?:\s+nghiêm túc)?"
    r"(?:\s+(?:Kế hoạch|Thông báo|Công văn|Chỉ thị|Quyết định) này)?"
    r"|(?:trân trọng\s+)?thông báo(?:\s+(?:để|đến|cho)\b[^.]{0,150})?)\s*[./]*$",
    re.IGNORECASE,
)
# "… báo cáo gồm:": what follows is the task's content. "… các nội dung sau:" may announce content
# ("Số hộ …", "Tổng kinh phí …") or tasks ("Rà soát …"): the items themselves tell.
CONTENT_INTRO = re.compile(r"(?:bao gồm|gồm(?: có)?)(?:\s+(?:các|những)\s+nội dung)?\s*:$", re.IGNORECASE)
TOPIC_INTRO = re.compile(
    r"(?:(?:các|một số|những) nội dung(?: sau| như sau| chính| cụ thể| sau đây)?|"
    r"nội dung (?:sau|như sau|cụ thể|sau đây))\s*:$",
    re.IGNORECASE,
)
# A duty every unit has anyway: "tổ chức thực hiện Kế hoạch này", "thực hiện nghiêm các nhiệm vụ được
# giao". Told to a generic collective ("các cơ quan, đơn vị"), it assigns nothing new.
GENERIC_DUTY = re.compile(
    r"^(?:[^.;:]{0,80}?\s)?(?:tập trung\s+)?(?:nghiêm túc\s+)?(?:tổ chức\s+)?(?:triển khai\s+)?"
    r"(?:thực hiện|triển khai)[^.;:]{0,60}?"
    r"(?:(?:Kế hoạch|Thông báo|Công văn|Chỉ thị|Quyết định|Nghị quyết|Công điện|Kết luận|văn bản) này"
    r"|(?:các\s+)?nhiệm vụ được giao|các giải pháp|(?:các\s+)?nội dung (?:trên|nêu trên))",
    re.IGNORECASE,
)
# Collectives that name no particular unit: "các cơ quan, đơn vị", "Thủ trưởng các phòng, ban, đơn vị".
GENERIC_UNITS = re.compile(
    r"^(?:(?:Thủ trưởng|Người đứng đầu|Lãnh đạo|thủ trưởng|người đứng đầu|lãnh đạo)\s+)?(?:các|Các|mọi)\s+"
    r"(?:(?:cơ quan|đơn vị|phòng|ban|ngành|sở|địa phương|tổ chức|cá nhân|cấp|bộ phận)[,\s]*(?:và\s+)?)+"
    r"(?:(?:có liên quan|liên quan|trực thuộc|thuộc\s+\S+(?:\s+\S+){0,4}|trên địa bàn(?:\s+\S+){0,2})\s*)?$"
)
# "… hoàn thành trước ngày … các nhiệm vụ sau:": what follows is a list of tasks.
_INTRO_END = re.compile(
    r"(?:(?:sau|như sau|cụ thể|sau đây|các nhiệm vụ|nhiệm vụ|các nội dung|thực hiện|triển khai)"
    # "… các nội dung như:", "… một số việc trọng tâm như:"
    r"|(?:nội dung|nhiệm vụ|việc|giải pháp|biện pháp|hoạt động)(?:\s+[^\s:]+){0,3}?\s+như)\s*:\s*$",
    re.IGNORECASE,
)
# What befalls who breaks a rule: "… vi phạm sẽ bị xử lý theo quy định": a statement, not a task.
# A price decision's standing rule: "Các tổ chức, cá nhân cung cấp dịch vụ … áp dụng Bảng giá ban hành kèm
# theo Quyết định này": who the rule binds, not a task.
STANDING = re.compile(
    r"(?<![\wÀ-ỹ])áp dụng\s+(?:(?:theo\s+)?(?:[Bb]ảng giá|mức giá|đơn giá|giá|mức thu|mức phí))"
)
# "Thủ trưởng các đơn vị chịu trách nhiệm trước Chủ tịch UBND xã nếu để chậm trễ": who answers for a
# failure, a consequence stated, not a task (a duty to act reads "chịu trách nhiệm rà soát …").
LIABILITY = re.compile(
    r"^(?:phải\s+|sẽ\s+)?(?:hoàn toàn\s+)?chịu trách nhiệm\s+(?:hoàn toàn\s+|toàn diện\s+|cá nhân\s+)?"
    r"(?:trước|với)\s",
    re.IGNORECASE,
)
SANCTION = re.compile(r"(?<![\wÀ-ỹ])(?:sẽ\s+)?bị\s+(?:xử lý|xử phạt|truy cứu|đình chỉ|kỷ luật)(?![\wÀ-ỹ])")
INTRO_LENGTH = 150  # characters; a longer text before the colon is a task that announces its content


def announces_tasks(rest: str) -> bool:
    """Does the text after a doer only announce the tasks listed after it ("… các nhiệm vụ sau:")?"""
    return len(rest) < INTRO_LENGTH and ends_announcing(rest)


# "… tiếp tục lãnh đạo, chỉ đạo thực hiện tốt các nhiệm vụ, giải pháp đã đề ra, trong đó chú trọng các nội
# dung sau:": a lead that asks for nothing but the list after it, however long.
_LEAD_TAIL = re.compile(r"(?:,\s*|\s)(?:trong đó|nhất là|cụ thể|đặc biệt là|tập trung vào)\b.*$|[^,]*:\s*$")
_GENERIC_LEAD_PHRASES = (
    "tiếp tục quan tâm lãnh đạo chỉ đạo các cấp ngành tập trung thực hiện tốt có hiệu quả quyết liệt",
    "đồng bộ nghiêm túc triển khai nhiệm vụ giải pháp nội dung đã đề ra trong và những kịp thời sát sao",
    "hơn nữa mục tiêu chủ động linh hoạt sáng tạo cụ thể một số trọng tâm chủ yếu",
)
_GENERIC_LEAD_WORDS = frozenset(" ".join(_GENERIC_LEAD_PHRASES).split())
_LEAD_WORD = re.compile(r"[\wÀ-ỹ]+")


def generic_lead(rest: str) -> bool:
    """Does a lead ask only that the list after it be carried out ("tiếp tục lãnh đạo, chỉ đạo tập
    trung thực hiện các nhiệm vụ, giải pháp đã đề ra …, trong đó chú trọng các nội dung sau:")?"""
    if not ends_announcing(rest):
        return False
    head = _LEAD_TAIL.sub("", rest)
    # "… đề ra trong Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2025 - 2030": the source of the tasks
    head = re.split(r"\s(?:trong|tại|theo)\s+(?=[A-ZĐ])", head)[0]
    words = [w.lower() for w in _LEAD_WORD.findall(head)]
    return bool(words) and all(w in _GENERIC_LEAD_WORDS for w in words)


def ends_announcing(text: str) -> bool:
    """Does `text` end by announcing a list ("… một số nội dung trọng tâm sau:")?"""
    if not text.rstrip().endswith(":"):
        return False  # the pattern ends in ":\s*$": no need to scan the text
    return bool(_INTRO_END.search(text)) and not CONTENT_INTRO.search(text)
# The document number in the header ("Số: 30/TB-UBND"), sometimes run into the issuer's line.
HEADER_LINE = re.compile(r"(?:^|\s)Số\s*:\s*\d*\s*/\s*[A-ZĐ]")
APPENDIX = re.compile(r"^\((?:Ban hành )?[Kk]èm theo\b")


_NUMBERED = re.compile(r"^[IVX\d]")


def is_title(text: str) -> bool:
    """An all-capitals line that is not a numbered heading: a document or appendix title."""
    return text.isupper() and sum(c.isalpha() for c in text) > 15 and not _NUMBERED.match(text)


NO_TASK_SECTION = re.compile(
    r"^(?:MỤC ĐÍCH|YÊU CẦU|MỤC TIÊU|CHỈ TIÊU|ĐỐI TƯỢNG|PHẠM VI|CĂN CỨ|KẾT QUẢ|TÌNH HÌNH|ĐÁNH GIÁ|"
    r"TIÊU CHÍ|HÌNH THỨC|DANH HIỆU|THỐNG NHẤT VỀ ĐÁNH GIÁ|QUAN ĐIỂM|NGUYÊN TẮC|Mục đích|Yêu cầu|"
    r"Mục tiêu|Chỉ tiêu|Đối tượng|Tiêu chí|Danh hiệu)",
)
