"""The checks the office's and the heads' presses on a notice pass in the services, on a real database:
a press about another draft, unit or notice is refused and changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask
from bot.services import delivery_presses, notice_state, unknown_names
from bot.services.delivery_presses import PressOutcome
from bot.services.intake import PHOTO_SOURCE_NAME
from bot.services.preview import name_id
from bot.services.prompt_answers import read_missed_task, read_units
from storage.models import AssignmentStatus, RoleName

NOW = datetime(2026, 6, 10, 3, 0, tzinfo=UTC)


async def _notice(repos, number: str, tasks: list[ParsedTask], *, source_name: str | None = "tb.docx"):
    parsed = ParsedNotice(notice=NoticeMeta(number=number), tasks=tasks)
    return await repos.notices.save_parsed(
        parsed, created_by=None, source_name=source_name, source_sha256=number,
        source_file_id=f"file-{number}", text="x", unit_ids_by_name=await repos.units.ids_by_name(), now=NOW)


async def _world(repos):
    economy = await repos.units.create("Phòng Kinh tế", now=NOW)
    health = await repos.units.create("Phòng Y tế", now=NOW)
    await repos.units.create("Công an phường", now=NOW)
    head = await repos.people.upsert_from_telegram(11, 11, "Lan", NOW)
    await repos.roles.grant(head.id, RoleName.head, economy.id, granted_by=None, now=NOW)
    published = await _notice(repos, "5/TB", [
        ParsedTask(text="Một", units=["Phòng Kinh tế"], deadline=date(2026, 6, 30)),
        ParsedTask(text="Hai", units=["Phòng Kinh tế"], coordinators=["Phòng Y tế"]),
    ])
    await repos.notices.publish(published.id, NOW)
    return head, economy, health, published


async def test_a_press_copied_onto_another_drafts_message_is_refused(repos):
    await _world(repos)
    shown = await _notice(repos, "6/TB", [ParsedTask(text="Ba", units=["Phòng Y tế"])])
    other = await _notice(repos, "7/TB", [ParsedTask(text="Bốn", units=["Phòng Y tế"])])
    await repos.links.add(500, 9, shown.id, [], "preview", NOW)
    theirs = (other.tasks or [])[0]
    ours = (shown.tasks or [])[0]

    assert await notice_state.task_of_draft_shown(repos, theirs.id, 500, 9) is None
    assert await notice_state.draft_shown(repos, other.id, 500, 9) is None
    found = await notice_state.task_of_draft_shown(repos, ours.id, 500, 9)
    assert found is not None and (found[0].id, found[1].text) == (shown.id, "Ba")
    await repos.notices.publish(shown.id, NOW)  # published meanwhile: the review's buttons are stale
    assert await notice_state.task_of_draft_shown(repos, ours.id, 500, 9) is None


async def test_a_withdrawn_task_is_no_longer_open_to_correction(repos):
    _, _, _, published = await _world(repos)
    one, _ = published.tasks or []
    assert await notice_state.open_task(repos, one.id) is not None
    held = [a.id for a in await repos.assignments.for_notice(published.id) if a.task_id == one.id]
    await repos.corrections.withdraw_assignments(held, by=None, now=NOW)

    assert await notice_state.open_task(repos, one.id) is None
    assert [t.text for t in await notice_state.live_tasks(repos, published.id)] == ["Hai"]
    draft = await _notice(repos, "8/TB", [ParsedTask(text="Năm", units=["Phòng Y tế"])])
    assert await notice_state.open_task(repos, (draft.tasks or [])[0].id) is None


async def test_only_a_head_of_the_unit_acknowledges_its_tasks(repos):
    head, economy, health, published = await _world(repos)

    other = await delivery_presses.acknowledge(repos, published.id, health.id, person_id=head.id,
                                               head_unit_ids=frozenset({economy.id}), now=NOW)
    assert other.outcome is PressOutcome.owner
    police = (await repos.units.by_name("Công an phường")).id
    absent = await delivery_presses.acknowledge(repos, published.id, police, person_id=head.id,
                                                head_unit_ids=frozenset({police}), now=NOW)
    assert absent.outcome is PressOutcome.stale  # the unit has nothing in this notice
    assert all(a.status is AssignmentStatus.new for a in await repos.assignments.for_notice(published.id))

    mine = await delivery_presses.acknowledge(repos, published.id, economy.id, person_id=head.id,
                                              head_unit_ids=frozenset({economy.id}), now=NOW)
    assert (mine.outcome, mine.count, mine.unit_name) == (PressOutcome.done, 2, "Phòng Kinh tế")
    again = await delivery_presses.acknowledge(repos, published.id, economy.id, person_id=head.id,
                                               head_unit_ids=frozenset({economy.id}), now=NOW)
    assert (again.outcome, again.count) == (PressOutcome.done, 0)
    statuses = {a.unit_id: a.status for a in await repos.assignments.for_notice(published.id)}
    assert statuses == {economy.id: AssignmentStatus.acknowledged, health.id: AssignmentStatus.new}


async def test_chuanhan_lists_units_still_to_acknowledge(repos):
    head, economy, _, published = await _world(repos)
    listed = await delivery_presses.not_acknowledged(repos, None)
    assert [(n.number, units) for n, units in listed.groups] == [
        ("5/TB", [("Phòng Kinh tế", 2), ("Phòng Y tế", 1)])]
    await delivery_presses.acknowledge(repos, published.id, economy.id, person_id=head.id,
                                       head_unit_ids=frozenset({economy.id}), now=NOW)
    assert [units for _, units in (await delivery_presses.not_acknowledged(repos, "5/TB")).groups] == [
        [("Phòng Y tế", 1)]]
    await _notice(repos, "9/TB", [ParsedTask(text="Sáu", units=["Phòng Y tế"])])  # still a draft
    assert not (await delivery_presses.not_acknowledged(repos, "9/TB")).found


async def test_the_source_file_goes_to_heads_of_the_notice_and_the_office_only(repos):
    _, economy, _, published = await _world(repos)
    police = (await repos.units.by_name("Công an phường")).id

    outsider = await delivery_presses.source_file(repos, published.id, is_office=False,
                                                  head_unit_ids=frozenset({police}))
    assert outsider.outcome is PressOutcome.owner
    head = await delivery_presses.source_file(repos, published.id, is_office=False,
                                              head_unit_ids=frozenset({economy.id}))
    assert (head.outcome, head.kind, head.file_id) == (PressOutcome.done, "document", "file-5/TB")
    photo = await _notice(repos, "10/TB", [ParsedTask(text="Bảy", units=["Phòng Y tế"])],
                          source_name=PHOTO_SOURCE_NAME)
    assert (await delivery_presses.source_file(repos, photo.id, is_office=True, head_unit_ids=frozenset())
            ).outcome is PressOutcome.stale  # a draft's file is not handed out
    await repos.notices.publish(photo.id, NOW)
    assert (await delivery_presses.source_file(repos, photo.id, is_office=True, head_unit_ids=frozenset())
            ).kind == "photo"


async def test_an_unknown_name_goes_only_to_an_active_unit_and_only_once(repos):
    _, economy, _, _ = await _world(repos)
    draft = await _notice(repos, "11/TB", [ParsedTask(text="Tám", units=["Phòng Văn hóa"])])
    key = name_id("Phòng Văn hóa")
    await repos.units.deactivate(economy.id, now=NOW)

    assert await unknown_names.map_name(repos, draft.id, key, economy.id, by=1, now=NOW) is None
    assert (await repos.notices.get_with_tasks(draft.id)).unresolved_names() == ["Phòng Văn hóa"]
    created = await unknown_names.create_unit_for_name(repos, draft.id, key, by=1, now=NOW)
    assert created is not None and created.unit_name == "Phòng Văn hóa"
    assert await unknown_names.skip_name(repos, draft.id, key, by=1, now=NOW) is None  # settled already


async def test_the_offices_answer_names_units_even_with_a_comma_in_a_name(repos):
    await _world(repos)
    await repos.units.create("Phòng Kinh tế, Hạ tầng và Đô thị", now=NOW)
    ids = await repos.units.ids_by_name()

    answer = await read_units(repos, "Phòng Kinh tế, Hạ tầng và Đô thị; Phòng Y tế\nPhối hợp: Công an phường")
    assert (answer.leads, answer.coordinators, answer.problem) == (
        [ids["Phòng Kinh tế, Hạ tầng và Đô thị"], ids["Phòng Y tế"]], [ids["Công an phường"]], None)
    assert (await read_units(repos, "Phòng Y tế, Sở Mơ")).problem == "unknown_units"
    assert (await read_units(repos, "Phối hợp: Phòng Y tế")).problem == "no_units"
    assert await read_missed_task(repos, "Rà soát hồ sơ trước ngày 30/6/2026.") is None


async def test_a_missed_task_is_read_as_an_assignment_without_its_cue_word(repos):
    _, _, health, _ = await _world(repos)
    missed = await read_missed_task(repos, "Phòng Y tế   rà soát hồ sơ,\nhoàn thành trước ngày 30/6/2026.")
    assert missed is not None
    assert (missed.text, missed.leads, missed.deadline) == (
        "Phòng Y tế rà soát hồ sơ, hoàn thành trước ngày 30/6/2026.", [health.id], date(2026, 6, 30))
