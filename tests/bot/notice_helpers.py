"""Helpers for the notice flow tests: the ward (tests/notices) with a head per unit made straight through
the repositories (the invite flow is tested elsewhere), and a written notice brought to the heads either
by uploading it (the parser reads it) or from its expected task list (no parser involved)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.callbacks import Action, make
from bot.testing import WAIT, FakeBotApi, Person, RecordedRequest
from storage.models import Person as StoredPerson
from storage.models import RoleName, Unit
from storage.repositories import Repositories
from tests.notices import MARKET, TB_52, WARD_UNITS, WrittenNotice
from tests.notices.store import DOCX_MIME, as_docx, import_ward, save_draft

OFFICE_ID = 8001


@dataclass
class Ward:
    units: dict[str, Unit] = field(default_factory=dict)
    heads: dict[str, StoredPerson] = field(default_factory=dict)  # unit name -> head
    office: StoredPerson | None = None

    def receiving(self, notice: WrittenNotice, unit_name: str) -> list[str]:
        """Texts of the notice's tasks a unit's head receives (as lead or coordinator)."""
        return [t.text for t in notice.tasks_for(unit_name)]


async def make_ward(repos: Repositories, *, without_heads: tuple[str, ...] = (),
                    first_head_id: int = 7001) -> Ward:
    now = datetime.now(UTC)
    ward = Ward()
    ward.office = await repos.people.upsert_from_telegram(OFFICE_ID, OFFICE_ID, "Văn thư Hà", now)
    await repos.roles.grant(ward.office.id, RoleName.office, granted_by=None, now=now)
    ward.units = await import_ward(repos, now)
    assert set(ward.units) == set(WARD_UNITS)
    for number, name in enumerate(WARD_UNITS):
        if name in without_heads:
            continue
        tg_id = first_head_id + number
        head = await repos.people.upsert_from_telegram(tg_id, tg_id, f"Trưởng {number}", now)
        await repos.roles.grant(head.id, RoleName.head, ward.units[name].id, granted_by=None, now=now)
        ward.heads[name] = head
    return ward


async def press_and_wait(fake: FakeBotApi, who: Person, message, *, button: str | None = None,
                         data: str | None = None, method: str = "editMessageText") -> RecordedRequest:
    """Press a button and wait for the bot's answer of `method` in that chat."""
    exchange = who.press(message, button=button, data=data)
    return await fake.wait_for(method, lambda r: r.result is not None, WAIT, chat_id=who.chat_id,
                               since=exchange.since)


async def upload(office: Person, notice: WrittenNotice = TB_52,
                 file_name: str = "tb-52.docx") -> RecordedRequest:
    """The office sends the notice as a Word file; the bot's preview."""
    return await office.send_document(as_docx(notice.text), file_name, DOCX_MIME).reply(within=WAIT)


async def show_written(fake: FakeBotApi, office: Person, repos: Repositories, ward: Ward,
                       notice: WrittenNotice = TB_52) -> RecordedRequest:
    """The notice's task list stored as a draft, its Word file kept as the source, and its preview shown
    to the office (Cập nhật redraws a draft's preview). No parser involved."""
    assert ward.office is not None
    file_id = fake.add_file(as_docx(notice.text), notice.file_name.replace(".txt", ".docx"), DOCX_MIME)
    now = datetime.now(UTC)
    draft = await save_draft(repos, notice, by=ward.office.id, now=now, source_file_id=file_id)
    # The message the bot would have sent the preview in, linked to the draft as the bot links it.
    placeholder = fake.store_bot_message(office.chat_id, text=f"Thông báo số {notice.number}")
    await repos.links.add(office.chat_id, placeholder["message_id"], draft.id, [], "preview", now)
    return await press_and_wait(fake, office, placeholder, data=make(Action.delivery_report, draft.id))


async def review_and_publish(fake: FakeBotApi, office: Person, repos: Repositories, ward: Ward,
                             preview: RecordedRequest) -> tuple[int, RecordedRequest]:
    """Create the unit the directory lacks from the preview, press Gửi.
    Returns (notice id, the delivery report that replaced the preview)."""
    notice_id = (await repos.notices.list_recent(1))[0].id
    await press_and_wait(fake, office, preview, button="1 ➕ Tạo đơn vị mới")
    report = await press_and_wait(fake, office, preview, button="Gửi")
    ward.units[MARKET] = await _unit(repos, MARKET)
    return notice_id, report


async def upload_and_publish(fake: FakeBotApi, office: Person, repos: Repositories, ward: Ward,
                             notice: WrittenNotice = TB_52) -> tuple[int, RecordedRequest]:
    """The office uploads the notice as a Word file, reviews it and presses Gửi (the parser reads it)."""
    return await review_and_publish(fake, office, repos, ward, await upload(office, notice))


async def publish_written(fake: FakeBotApi, office: Person, repos: Repositories, ward: Ward,
                          notice: WrittenNotice = TB_52) -> tuple[int, RecordedRequest]:
    """The notice published from its task list through the office's preview (no parser involved)."""
    preview = await show_written(fake, office, repos, ward, notice)
    return await review_and_publish(fake, office, repos, ward, preview)


async def _unit(repos: Repositories, name: str) -> Unit:
    unit = await repos.units.by_name(name)
    assert unit is not None, name
    return unit
