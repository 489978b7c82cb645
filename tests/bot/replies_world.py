"""Building blocks for the reply flow tests: units, people and published notices made through the
repositories, and a "delivery" message put in a head's chat the way production does it (an outbox row
with a `link` payload, drained by the real sender)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from bot import callbacks
from bot.callbacks import Action
from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask
from bot.services.delivery_events import link_payload
from bot.testing import FakeBotApi
from storage.models import Assignment, Person, RoleName, Unit
from storage.repositories import FIRST_TENANT, Repositories

UNIT_A = "Phòng Tài nguyên <b>& Môi trường</b>"
UNIT_B = "UBND phường Đông Hòa"
VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
HEAD_A, HEAD_B, OFFICE, LEADER, LEADER_2 = 1001, 1002, 7001, 8001, 8002


def now() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    return now().astimezone(VN_TZ).date()


def repos_of(app: Application) -> Repositories:
    return app.bot_data.repos_for(FIRST_TENANT)


async def unit(app: Application, name: str) -> Unit:
    return await repos_of(app).units.create(name, now=now())


async def person(app: Application, telegram_id: int, name: str, role: RoleName,
                 unit_id: int | None = None) -> Person:
    repos = repos_of(app)
    found = await repos.people.upsert_from_telegram(telegram_id, telegram_id, name, now())
    await repos.roles.grant(found.id, role, unit_id, granted_by=None, now=now())
    return found


async def notice(app: Application, tasks: list[tuple[str, list[str], date | None]],
                 number: str = "37/TB-UBND") -> list[Assignment]:
    """Save and publish a notice; its assignments in task order."""
    repos = repos_of(app)
    parsed = ParsedNotice(
        notice=NoticeMeta(number=number, issued_on=local_today() - timedelta(days=20)),
        tasks=[ParsedTask(text=text, units=units, deadline=deadline) for text, units, deadline in tasks],
    )
    saved = await repos.notices.save_parsed(
        parsed, created_by=None, source_name=None, source_sha256=None, source_file_id=None,
        text="\n".join(t for t, _, _ in tasks), unit_ids_by_name=await repos.units.ids_by_name(), now=now(),
    )
    await repos.notices.publish(saved.id, now())
    return await repos.assignments.for_notice(saved.id)


def task_buttons(assignments: list[Assignment]) -> dict[str, Any]:
    rows = [[InlineKeyboardButton(label, callback_data=callbacks.make(action, a.id))
             for label, action in (("Báo cáo tiến độ", Action.progress), ("Hoàn thành", Action.done),
                                   ("Xin gia hạn", Action.extension))]
            for a in assignments]
    return InlineKeyboardMarkup(rows).to_dict()


async def deliver(app: Application, fake: FakeBotApi, chat_id: int, assignments: list[Assignment],
                  kind: str = "delivery") -> dict[str, Any]:
    """Put a task message holding `assignments` in the chat through the outbox; return it as sent."""
    repos = repos_of(app)
    ids = [a.id for a in assignments]
    payload = {
        "text": "\n".join(f"{i}. {a.task_text}" for i, a in enumerate(assignments, start=1)),
        "parse_mode": None,
        "reply_markup": task_buttons(assignments),
        "link": link_payload(kind, assignments[0].notice_id, ids),
    }
    key = f"test-{kind}:{chat_id}:{'-'.join(map(str, ids))}"
    await repos.outbox.enqueue(key, chat_id, "message", payload, now())
    await app.bot_data.outbox.drain(now())
    row = await repos.outbox.for_key(key)
    assert row is not None and row.telegram_message_id is not None, row
    assert await repos.links.find(chat_id, row.telegram_message_id) is not None
    return fake.messages[(chat_id, row.telegram_message_id)]


async def fresh(app: Application, assignment: Assignment) -> Assignment:
    found = await repos_of(app).assignments.get(assignment.id)
    assert found is not None
    return found


def sample_assignment(**changes: Any) -> Assignment:
    """An Assignment for template sample renders: user text full of HTML and diacritics."""
    stamp = datetime(2026, 6, 3, 2, 0, tzinfo=UTC)
    fields: dict[str, Any] = dict(
        id=5, task_id=3, unit_id=2, role="lead", status="acknowledged", percent=0,
        deadline=date(2026, 6, 30), acknowledged_at=stamp, acknowledged_by=1, done_at=None, done_on=None,
        done_by=None, done_note=None, returned_reason=None, last_progress_at=None, snoozed_until=None,
        snooze_count=0, created_at=stamp, updated_at=stamp, unit_name=UNIT_A,
        task_text="Rà soát <i>hồ sơ</i> đất đai & báo cáo kết quả", task_section="I", task_position=1,
        task_kind="assign", task_deadline=date(2026, 6, 30), recurrence=None, notice_id=1,
        notice_number="37/TB-UBND", notice_title=None, notice_issued_on=date(2026, 6, 3),
        notice_status="published", notice_published_at=stamp, notice_leader_id=None,
    )
    fields.update(changes)
    return Assignment.model_validate(fields)


ESCAPED_UNIT = "Phòng Tài nguyên &lt;b&gt;&amp; Môi trường&lt;/b&gt;"
ESCAPED_TASK = "Rà soát &lt;i&gt;hồ sơ&lt;/i&gt; đất đai &amp; báo cáo kết quả"
