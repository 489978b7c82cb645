"""A commune's conclusion notice written for the review tests, and the parse the intake stores for it.

The parse is built here rather than by the parser, so these tests hold whatever the parser finds: it has
the parser's doubts (flags) and two order-like sentences that gave no task (the safety net), stored
through the intake's own entry after parsing (intake.save_draft). The office then sends the same file
and gets the draft's preview, as when a preview was lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask, Recurrence, TaskFlag, Unclaimed
from bot.services.intake import save_draft, sha256
from storage.models import Person, RoleName, Unit

OFFICE_ID = 8101
HEAD_IDS = 7201
OFFICE = "Văn phòng HĐND và UBND xã"
ECONOMY = "Phòng Kinh tế"
CULTURE = "Phòng Văn hóa - Xã hội"
POLICE = "Công an xã"
MILITARY = "Ban Chỉ huy Quân sự xã"
SERVICE = "Trung tâm Phục vụ hành chính công"
UNITS = (OFFICE, ECONOMY, CULTURE, POLICE, MILITARY, SERVICE)

NOT_A_TASK = "Hội nghị thống nhất đánh giá kết quả thực hiện nhiệm vụ tháng 10 năm 2026 đạt yêu cầu đề ra."
SURVEY = ("Phòng Kinh tế rà soát, thống kê các hộ kinh doanh cá thể trên địa bàn xã, báo cáo UBND xã "
          "trước ngày 30/11/2026.")
ALLOWANCE = "Phòng Văn hóa - Xã hội hoàn thành chi trả trợ cấp xã hội tháng 12 trước ngày 15/12."
VISITS = "Tổ chức thăm hỏi, tặng quà các gia đình chính sách nhân dịp Tết Nguyên đán."
PATROL = ("Công an xã tăng cường tuần tra, kiểm soát, bảo đảm an ninh trật tự trên địa bàn; "
          "báo cáo định kỳ về UBND xã.")
CONSCRIPTION = ("Giao Ban Chỉ huy Quân sự xã phối hợp với các thôn hoàn thành công tác tuyển quân năm 2027 "
                "trước ngày 20/12/2026.")
RECEPTION = "Đề nghị Trung tâm Phục vụ hành chính công tiếp tục thực hiện tốt việc tiếp nhận hồ sơ."

NOTICE_TEXT = "\n".join([
    "ỦY BAN NHÂN DÂN XÃ AN PHÚ",
    "Số: 112/TB-UBND",
    "THÔNG BÁO",
    "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 11 năm 2026",
    f"1. {NOT_A_TASK}",
    f"2. {SURVEY}",
    f"3. {ALLOWANCE} {VISITS}",
    f"4. {PATROL}",
    f"5. {CONSCRIPTION}",
    f"6. {RECEPTION}",
    "Nơi nhận: như trên.",
])


def _span(text: str) -> tuple[int, int]:
    start = NOTICE_TEXT.index(text)
    return start, start + len(text)


def _task(text: str, unit: str, **fields: object) -> ParsedTask:
    return ParsedTask(text=text, units=[unit], span=_span(text), **fields)  # type: ignore[arg-type]


def notice_parse() -> ParsedNotice:
    """Four tasks (the first is not one), the second with a year-less deadline to split in two, the third
    with a guessed recurrence; two sentences the parser left out."""
    return ParsedNotice(
        notice=NoticeMeta(number="112/TB-UBND", issuer="UBND xã An Phú", issued_on=date(2026, 11, 20)),
        tasks=[
            _task(NOT_A_TASK, OFFICE),
            _task(SURVEY, ECONOMY, deadline=date(2026, 11, 30)),
            _task(f"{ALLOWANCE} {VISITS}", CULTURE, deadline=date(2026, 12, 15),
                  flags=[TaskFlag.year_inferred]),
            _task(PATROL, POLICE, recurrence=Recurrence.periodic, flags=[TaskFlag.recurrence_guessed]),
        ],
        unclaimed=[Unclaimed(text=CONSCRIPTION, units=[MILITARY], span=_span(CONSCRIPTION)),
                   Unclaimed(text=RECEPTION, units=[SERVICE], span=_span(RECEPTION))],
    )


@dataclass
class Commune:
    units: dict[str, Unit] = field(default_factory=dict)
    heads: dict[str, Person] = field(default_factory=dict)  # unit name -> head
    office: Person | None = None


async def make_commune(repos, units: tuple[str, ...] = UNITS) -> Commune:
    now = datetime.now(UTC)
    commune = Commune()
    commune.office = await repos.people.upsert_from_telegram(OFFICE_ID, OFFICE_ID, "Văn thư Hoa", now)
    await repos.roles.grant(commune.office.id, RoleName.office, granted_by=None, now=now)
    for number, name in enumerate(units):
        unit = await repos.units.create(name, now=now)
        tg_id = HEAD_IDS + number
        head = await repos.people.upsert_from_telegram(tg_id, tg_id, f"Trưởng {number}", now)
        await repos.roles.grant(head.id, RoleName.head, unit.id, granted_by=None, now=now)
        commune.units[name], commune.heads[name] = unit, head
    return commune


async def store_draft(repos, commune: Commune, parsed: ParsedNotice | None = None, *,
                      text: str = NOTICE_TEXT, filename: str = "tb-112.txt"):
    """The draft the intake stores for this parse; returns (notice, the file's bytes, its name)."""
    data = text.encode()
    notice = await save_draft(repos, parsed or notice_parse(), text=text, by=commune.office.id,
                              source_name=filename, digest=sha256(data), file_id=None, now=datetime.now(UTC))
    return notice, data, filename


async def show_draft(office, repos, commune: Commune, parsed: ParsedNotice | None = None, **kwargs):
    """Store the draft and have the office send the same file: the bot answers with its preview.
    Returns (preview request, notice)."""
    notice, data, filename = await store_draft(repos, commune, parsed, **kwargs)
    preview = await office.send_document(data, filename, "text/plain").reply()
    return preview, notice


def current(fake, request) -> dict:
    """The message a request sent, as it is now (after edits)."""
    return fake.messages[(request.chat_id, request.message["message_id"])]


def labels(fake, request) -> list[str]:
    return [b["text"] for row in current(fake, request).get("reply_markup", {}).get("inline_keyboard", [])
            for b in row]


async def press(fake, who, message, label=None, *, data=None, method="editMessageText"):
    """Press a button (by label, or raw data) and wait for the bot's `method` in that chat."""
    exchange = who.press(message, button=label, data=data)
    return await fake.wait_for(method, lambda r: r.result is not None, 5.0, chat_id=who.chat_id,
                               since=exchange.since)


async def audit_actions(repos) -> list[str]:
    rows = await repos.db.fetch_all("SELECT action FROM audit ORDER BY id")
    return [row["action"] for row in rows]
