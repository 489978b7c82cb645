"""Publish seed 003 (as a .docx) through the real Application against the fake Bot API with production
pacing (30 messages/s overall, 1/s per chat) and print how long the office waits and how long until
every head has its message.

Usage (-P: bench/storage.py would shadow the storage package):
    PYTHONPATH=. python -P bench/publish_delivery.py [heads per unit]"""

import asyncio
import logging
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.app import build_application, running
from bot.config import Settings
from bot.services.intake import take_document
from bot.services.publish import publish_notice
from bot.testing import FakeBotApi, FakeUser, Person
from messages.render import render
from storage.db import open_database
from storage.models import RoleName
from storage.repositories import FIRST_TENANT, Deployment, Repositories
from tests.bot.notice_helpers import DOCX_MIME, OFFICE_ID, docx_bytes, make_ward, seed_text

PER_UNIT = int(sys.argv[1]) if len(sys.argv) > 1 else 10


async def add_deputies(repos, ward, per_unit):
    now = datetime.now(UTC)
    tg = 100_000
    for unit in ward.units.values():
        for _ in range(per_unit - 1):
            tg += 1
            deputy = await repos.people.upsert_from_telegram(tg, tg, f"Phó {tg}", now)
            await repos.roles.grant(deputy.id, RoleName.deputy, unit.id, granted_by=None, now=now)


async def service_only(folder: Path) -> None:
    """publish_notice alone: the one transaction writing every head's messages."""
    db = await open_database(folder / "service.sqlite3", migrate=True)
    repos = Repositories(db, FIRST_TENANT)
    ward = await make_ward(repos)
    await add_deputies(repos, ward, PER_UNIT)
    content = docx_bytes(seed_text())
    started = time.perf_counter()
    result = await take_document(repos, data=content, filename="tb.docx", file_id=None, by=ward.office.id,
                                 max_bytes=20 << 20, now=datetime.now(UTC))
    read = time.perf_counter() - started
    notice = await repos.notices.get_with_tasks(result.notice.id)
    for name in notice.unresolved_names():
        await repos.tasks.drop_unresolved_name(notice.id, name, now=datetime.now(UTC))
    started = time.perf_counter()
    report = await publish_notice(repos, notice.id, by=ward.office.id, now=datetime.now(UTC), render=render)
    written = time.perf_counter() - started
    print(f"intake (read .docx, parse, store draft): {read * 1000:.0f} ms")
    print(f"publish_notice: {report.enqueued} outbox rows for {sum(len(u.heads) for u in report.units)}"
          f" heads in one transaction: {written * 1000:.0f} ms")
    await db.close()


async def over_the_wire(folder: Path) -> None:
    async with FakeBotApi() as fake:
        settings = Settings(_env_file=None, telegram_token=fake.token, db_path=folder / "app.sqlite3",
                            outbox_interval_seconds=0.5)
        app = build_application(settings, base_url=fake.base_url, base_file_url=fake.base_file_url)
        async with running(app, poll_timeout=1.0):
            repos = app.bot_data.repos_for(FIRST_TENANT)
            ward = await make_ward(repos)
            await add_deputies(repos, ward, PER_UNIT)
            office = Person(fake, FakeUser(OFFICE_ID, "Hà"))
            upload = office.send_document(docx_bytes(seed_text()), "tb.docx", DOCX_MIME)
            preview = await upload.reply(within=30)
            notice = await repos.notices.get_with_tasks((await repos.notices.list_recent(1))[0].id)
            for name in notice.unresolved_names():
                await repos.tasks.drop_unresolved_name(notice.id, name, now=datetime.now(UTC))
            started = time.perf_counter()
            pressed = office.press(preview, button="Gửi")
            await fake.wait_for("editMessageText", None, 60, chat_id=OFFICE_ID, since=pressed.since)
            report_shown = time.perf_counter() - started
            while await Deployment(repos.db).outbox.pending_count():  # noqa: ASYNC110 - polling the database
                await asyncio.sleep(0.05)
            everything = time.perf_counter() - started
            rows = await repos.outbox.with_key_prefix(f"deliver:{notice.id}:")
        print(f"over the wire, {len(rows)} delivery messages to {len({r.chat_id for r in rows})} heads:")
        print(f"  Gửi pressed -> delivery report shown to the office: {report_shown:.2f} s")
        print(f"  Gửi pressed -> every head has its message: {everything:.2f} s"
              f" ({len(rows) / everything:.1f} messages/s, limit 30/s)")


async def main() -> None:
    # The outbox job skipping a run while the previous drain is still pacing is expected here.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        await service_only(Path(folder))
        await over_the_wire(Path(folder))


if __name__ == "__main__":
    asyncio.run(main())
