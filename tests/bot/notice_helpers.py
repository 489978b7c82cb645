"""Helpers for the notice flow tests: the seed notice as a .docx built here, units and heads created
straight through the repositories (the invite flow is tested elsewhere)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from docx import Document

from bot.parser import parse_notice
from bot.parser.models import ParsedNotice
from bot.services.intake import unit_directory
from storage.models import Person, RoleName, Unit

SEED = Path("/work/shared/seeds/003_c3867da4f4a00536.txt")
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
