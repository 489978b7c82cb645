"""The services behind the heads' and admin's handlers, on a real database: who may act on an
assignment, the office's return, an extension decision's messages, a head's removal, which task a
/lichsu replies to, and which committee a reply or press concerns."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.parser.models import NoticeMeta, ParsedNotice, ParsedTask
from bot.services import completion, extensions, head_assignments, task_history, units
from bot.services.completion import ReturnOutcome
from bot.services.identity import Actor, TenantChoice, identify
from storage.models import AssignmentStatus, NewOutboxMessage, RoleName
from storage.repositories import Deployment, Repositories

NOW = datetime(2026, 6, 10, 3, 0, tzinfo=UTC)


async def _world(repos):
    economy = await repos.units.create("Phòng Kinh tế", now=NOW)
    await repos.units.create("Phòng Y tế", now=NOW)
    head = await repos.people.upsert_from_telegram(11, 11, "Lan", NOW)
    deputy = await repos.people.upsert_from_telegram(12, 12, "Hà", NOW)
    await repos.roles.grant(head.id, RoleName.head, economy.id, granted_by=None, now=NOW)
    await repos.roles.grant(deputy.id, RoleName.deputy, economy.id, granted_by=None, now=NOW)
    parsed = ParsedNotice(notice=NoticeMeta(number="5/TB"), tasks=[
        ParsedTask(text="Một", units=["Phòng Kinh tế", "Phòng Y tế"], deadline=date(2026, 6, 30)),
        ParsedTask(text="Hai", units=["Phòng Kinh tế"], deadline=date(2026, 6, 30)),
    ])
    notice = await repos.notices.save_parsed(
        parsed, created_by=None, source_name=None, source_sha256=None, source_file_id=None, text="x",
        unit_ids_by_name=await repos.units.ids_by_name(), now=NOW)
    await repos.notices.publish(notice.id, NOW)
    return head, deputy, economy, await repos.assignments.for_notice(notice.id)


def _by_unit_and_task(assignments, unit_name, task_text):
    return next(a for a in assignments if a.unit_name == unit_name and a.task_text == task_text)


async def test_a_head_cannot_act_on_another_units_assignment(repos):
    _, _, economy, assignments = await _world(repos)
    ours = _by_unit_and_task(assignments, "Phòng Kinh tế", "Một")
    theirs = _by_unit_and_task(assignments, "Phòng Y tế", "Một")
    heads = frozenset({economy.id})

    assert (await head_assignments.owned(repos, ours.id, heads)).assignment.id == ours.id
    foreign = await head_assignments.owned(repos, theirs.id, heads)
    assert (foreign.refusal, foreign.assignment.id) == ("owner", theirs.id)
    assert (await head_assignments.owned(repos, theirs.id + 1000, heads)).refusal == "stale"
    assert (await head_assignments.owned(repos, None, heads)).refusal == "stale"  # a link without tasks


async def test_a_return_without_a_reason_asks_again_and_leaves_the_task_done(repos):
    head, _, economy, assignments = await _world(repos)
    task = _by_unit_and_task(assignments, "Phòng Kinh tế", "Hai")
    await completion.complete(repos, assignment_id=task.id, person_id=head.id,
                              head_unit_ids=frozenset({economy.id}), report=None, now=NOW)

    blank = await completion.return_done(repos, assignment_id=task.id, by=head.id, reason="  \n", now=NOW)
    assert blank.outcome is ReturnOutcome.no_reason
    assert (await repos.assignments.get(task.id)).status is AssignmentStatus.done

    returned = await completion.return_done(repos, assignment_id=task.id, by=head.id, reason="Thiếu số liệu",
                                            now=NOW)
    again = await completion.return_done(repos, assignment_id=task.id, by=head.id, reason="Lần hai", now=NOW)
    assert (returned.outcome, again.outcome) == (ReturnOutcome.returned, ReturnOutcome.not_done)
    assert (await repos.assignments.get(task.id)).is_open


async def test_a_decision_reaches_the_unit_and_a_requester_no_longer_in_it_and_closes_other_copies(repos):
    head, deputy, economy, assignments = await _world(repos)
    task = _by_unit_and_task(assignments, "Phòng Kinh tế", "Một")
    asked = await extensions.request(repos, assignment=task, person_id=head.id, proposed=date(2026, 7, 20),
                                     reason="chờ vốn", now=NOW)
    await repos.roles.revoke(head.id, RoleName.head, economy.id, revoked_by=None, now=NOW)
    ext = asked.extension
    # the request went to three leaders: two copies delivered, one still waiting to be sent
    await repos.outbox.enqueue_many([NewOutboxMessage(key=f"ext:{ext.id}:{chat}", chat_id=chat,
                                                      kind="message", payload={"text": "?"})
                                     for chat in (31, 32, 33)], NOW)
    delivery = Deployment(repos.db).outbox
    for chat, message_id in ((31, 501), (32, 502)):
        row = await repos.outbox.for_key(f"ext:{ext.id}:{chat}")
        await delivery.mark_sent(row.id, message_id, NOW)
    decided = await extensions.decide(repos, extension_id=ext.id, approved=True, by=deputy.id, now=NOW)

    items = await extensions.decision_messages(repos, decided.assignment, decided.extension,
                                               decided.requester, told="told", decided_text="decided",
                                               pressed_chat=31)

    assert decided.requester.id == head.id
    assert sorted((i.chat_id, i.kind, i.payload["text"]) for i in items) == [
        (11, "message", "told"),  # the requester, no longer the unit's head
        (12, "message", "told"),  # the deputy
        (32, "edit_text", "decided"),  # another leader's delivered copy; 31 pressed, 33 never sent
    ]
    assert next(i for i in items if i.chat_id == 32).payload["message_id"] == 502


async def test_a_request_asks_leaders_and_admins_and_informs_the_office_once_per_chat(repos):
    head, _, _, assignments = await _world(repos)
    task = _by_unit_and_task(assignments, "Phòng Kinh tế", "Một")
    asked = await extensions.request(repos, assignment=task, person_id=head.id, proposed=date(2026, 7, 20),
                                     reason="chờ vốn", now=NOW)
    for telegram_id, roles in ((41, [RoleName.leader]), (42, [RoleName.office, RoleName.admin]),
                               (43, [RoleName.office])):
        person = await repos.people.upsert_from_telegram(telegram_id, telegram_id, "Cán bộ", NOW)
        for role in roles:
            await repos.roles.grant(person.id, role, granted_by=None, now=NOW)

    items = await extensions.request_messages(repos, asked.extension.id, to_decide={"text": "decide"},
                                              to_inform={"text": "inform"})

    assert sorted((i.chat_id, i.payload["text"]) for i in items) == [
        (41, "decide"), (42, "decide"), (43, "inform"),  # an admin in the office decides, no second copy
    ]


async def test_removing_a_head_lists_who_is_left_and_tells_only_someone_the_bot_can_reach(repos):
    head, deputy, economy, _ = await _world(repos)

    removal = await units.remove_head(repos, person_id=head.id, unit_id=economy.id, by=None, now=NOW)
    assert [p.id for p in removal.left] == [deputy.id]
    assert await units.tell_removed(repos, removal, "đã gỡ", NOW)
    assert await units.remove_head(repos, person_id=head.id, unit_id=economy.id, by=None, now=NOW) is None

    await repos.people.set_reachable(deputy.id, False, NOW)
    gone = await units.remove_head(repos, person_id=deputy.id, unit_id=economy.id, by=None, now=NOW)
    assert gone.left == []
    assert not await units.tell_removed(repos, gone, "đã gỡ", NOW)
    assert [row.chat_id for row in await repos.outbox.with_key_prefix("head_removed:")] == [11]


async def test_lichsu_finds_each_task_of_the_replied_message_once(repos):
    _, _, _, assignments = await _world(repos)
    one = _by_unit_and_task(assignments, "Phòng Kinh tế", "Một")
    also_one = _by_unit_and_task(assignments, "Phòng Y tế", "Một")
    two = _by_unit_and_task(assignments, "Phòng Kinh tế", "Hai")
    await repos.links.add(11, 70, one.notice_id, [two.id, one.id, also_one.id], "tasks_list", NOW)
    await repos.links.add(11, 71, one.notice_id, [one.id, also_one.id], "delivery", NOW)

    assert sorted(await task_history.tasks_replied_to(repos, 11, 70)) == sorted([two.task_id, one.task_id])
    assert await task_history.tasks_replied_to(repos, 11, 71) == [one.task_id]
    assert await task_history.tasks_replied_to(repos, 11, 72) == []
    assert await task_history.tasks_replied_to(repos, 11, None) == []


async def test_a_reply_concerns_the_committee_of_the_message_it_answers(repos):
    deployment = Deployment(repos.db)
    first = (await deployment.tenants.all())[0]
    second = await deployment.tenants.add("UBND phường Bình", now=NOW)
    person = await repos.people.upsert_from_telegram(77, 77, "Nam", NOW)
    other = Repositories(repos.db, second.id)
    for tenant_repos in (repos, other):
        await tenant_repos.roles.grant(person.id, RoleName.leader, granted_by=None, now=NOW)
    await other.links.add(77, 900, None, [], "delivery", NOW)
    await deployment.chat_tenants.choose(77, first.id, NOW)

    async def tenant_of(answered):
        found = await identify(deployment, telegram_user_id=77, chat_id=77, display_name="Nam", admin_ids=[],
                               now=NOW, answered=answered)
        assert isinstance(found, Actor | TenantChoice)
        return found.tenant.id if isinstance(found, Actor) else None

    assert await tenant_of((77, 900)) == second.id  # a reply to the second committee's message
    assert await tenant_of((77, 901)) == first.id  # a message the bot keeps nothing about: the chat's choice
    assert await tenant_of(None) == first.id
