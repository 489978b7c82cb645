"""Helpers for the notice flow tests: the seed notice as a .docx built here, units and heads created
straight through the repositories (the invite flow is tested elsewhere)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from docx import Document

from bot.parser import parse_notice
from bot.parser.models import ParsedNotice
from bot.services.intake import unit_directory
from storage.models import Person, RoleName, Unit
from tests.paths import WARD_NOTICE

SEED = WARD_NOTICE
OFFICE_ID = 8001
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The units the ward has registered; the seed also names units that are not (or not quite) here.
WARD_UNITS = (
    "Văn phòng HĐND và UBND phường",
    "Phòng Văn hóa - Xã hội phường",
    "Trung tâm Dịch vụ sự nghiệp công",
    "Trung tâm Phục vụ hành chính công",
    "Công an phường",
    "Phòng Kinh tế - Hạ tầng - Đô thị phường Bạch Đằng",
)


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def docx_bytes(text: str) -> bytes:
    document = Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.replace("**", ""))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@dataclass
class Ward:
    units: dict[str, Unit] = field(default_factory=dict)
    heads: dict[str, Person] = field(default_factory=dict)  # unit name -> head
    office: Person | None = None


async def make_ward(repos, *, without_heads: tuple[str, ...] = (), first_head_id: int = 7001) -> Ward:
    now = datetime.now(UTC)
    ward = Ward()
    ward.office = await repos.people.upsert_from_telegram(OFFICE_ID, OFFICE_ID, "Văn thư Hà", now)
    await repos.roles.grant(ward.office.id, RoleName.office, granted_by=None, now=now)
    for number, name in enumerate(WARD_UNITS):
        unit = await repos.units.create(name, now=now)
        ward.units[name] = unit
        if name in without_heads:
            continue
        tg_id = first_head_id + number
        head = await repos.people.upsert_from_telegram(tg_id, tg_id, f"Trưởng {number}", now)
        await repos.roles.grant(head.id, RoleName.head, unit.id, granted_by=None, now=now)
        ward.heads[name] = head
    return ward


async def expected_parse(repos, text: str) -> ParsedNotice:
    """The parser's own answer with the ward's directory: what each unit should receive."""
    return parse_notice(text, directory=await unit_directory(repos))


async def office_uploads_seed(fake, office, repos):
    """Upload the seed .docx; return (preview request, notice id, parse of the same document)."""
    from bot.parser.readers import read_document

    content = docx_bytes(seed_text())
    preview = await office.send_document(content, "tb-hop-thang-6.docx", DOCX_MIME).reply()
    notice = (await repos.notices.list_recent(1))[0]
    return preview, notice.id, await expected_parse(repos, read_document(content, "tb.docx"))


async def press_and_wait(fake, who, message, *, button=None, data=None, method="editMessageText"):
    """Press a button and wait for the bot's answer of `method` in that chat."""
    exchange = who.press(message, button=button, data=data)
    return await fake.wait_for(method, lambda r: r.result is not None, 5.0, chat_id=who.chat_id,
                               since=exchange.since)


async def review_and_publish(fake, office, repos, ward):
    """Map the first unknown name to the ward's economy unit, skip the rest, press Gửi.
    Returns (notice id, parsed notice, mapped name, report request)."""
    preview, notice_id, parsed = await office_uploads_seed(fake, office, repos)
    economy = ward.units[WARD_UNITS[5]]
    mapped = parsed.unknown_units[0]
    data = next(d for label, d in preview.buttons if d.startswith("map:") and d.endswith(f":{economy.id}")
                and label.startswith("1 →"))
    await press_and_wait(fake, office, preview, data=data)
    while any(label.endswith("Bỏ qua") for label, _ in _current_buttons(fake, preview)):
        await press_and_wait(fake, office, preview, button="1 ✕ Bỏ qua")
    report = await press_and_wait(
        fake, office, preview, button="Gửi",
    )
    return notice_id, parsed, mapped, report


def _current_buttons(fake, request):
    message = fake.messages[(request.chat_id, request.message["message_id"])]
    return [(b["text"], b.get("callback_data")) for row in message.get("reply_markup", {}).get(
        "inline_keyboard", []) for b in row]
