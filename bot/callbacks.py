"""callback_data for every inline button, in one place.

Telegram caps callback_data at 64 bytes and hands it back verbatim, so it is untrusted input: a button
carries only an action and integer ids, and every handler re-checks on the server that the presser may
act on those ids (a forged or stale button changes nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

MAX_BYTES = 64


class Action(StrEnum):
    acknowledge = "ack"  # ack:<notice_id>:<unit_id>
    progress = "prog"  # prog:<assignment_id>
    done = "done"  # done:<assignment_id>
    done_without_note = "dnn"  # dnn:<assignment_id> ("Không có ghi chú" under the done prompt)
    extension = "ext"  # ext:<assignment_id>
    snooze = "snz"  # snz:<assignment_id>
    pick_task = "pick"  # pick:<assignment_id>:<reply_message_id> (which task a reply was about)
    approve_extension = "exok"  # exok:<extension_id>
    decline_extension = "exno"  # exno:<extension_id>
    return_assignment = "ret"  # ret:<assignment_id>
    source_file = "file"  # file:<notice_id>
    publish = "pub"  # pub:<notice_id>
    cancel = "cxl"  # cxl:<notice_id>
    edit = "edit"  # edit:<notice_id>
    edit_task = "etask"  # etask:<task_id>
    edit_deadline = "edl"  # edl:<task_id> (ForceReply prompt for the task's deadline)
    edit_units = "eun"  # eun:<task_id> (ForceReply prompt for the task's units)
    delivery_report = "rep"  # rep:<notice_id> (refresh the office's delivery report)
    task_page = "tpg"  # tpg:<notice_id>:<page> (the draft's tasks, a page at a time)
    add_task = "add"  # add:<notice_id> (ForceReply prompt for a new task's text)
    edit_text = "etx"  # etx:<task_id> (ForceReply prompt for the task's new text)
    remove_ask = "rmq"  # rmq:<task_id> (asks to confirm the removal)
    remove_task = "rmt"  # rmt:<task_id>
    split_task = "spl"  # spl:<task_id> (the sentences the task may be split at)
    split_at = "spa"  # spa:<task_id>:<boundary>:<text check> (check: the text has not changed since)
    split_paste = "spp"  # spp:<task_id> (ForceReply prompt for the second part's text)
    pick_units = "pku"  # pku:<task_id>:<page> (the unit picker)
    toggle_unit = "tgu"  # tgu:<task_id>:<unit_id>:<page>
    take_candidate = "ctk"  # ctk:<candidate_id>:<page> (page 0: pressed in the preview itself)
    dismiss_candidate = "cdm"  # cdm:<candidate_id>:<page>
    candidate_page = "cpg"  # cpg:<notice_id>:<page>
    map_unit = "map"  # map:<notice_id>:<name_index>:<unit_id>
    create_unit = "mk"  # mk:<notice_id>:<name_index>
    skip_unit = "skip"  # skip:<notice_id>:<name_index>
    invite_confirm = "inv"  # inv:<invite_id>:<check> (check: from the token hash, so ids cannot be guessed)
    remove_head = "rmh"  # rmh:<person_id>:<unit_id>
    task_detail = "tdet"  # tdet:<task_id> (a task's units, latest progress, attachments)
    task_history = "thist"  # thist:<task_id>
    task_file = "tfile"  # tfile:<task_id>:<attachment number>
    set_title = "ttl"  # ttl:<person_id>:<1 chairman | 2 vice-chairman> (/chucdanh)
    chart = "chart"  # chart:<unit_id or 0>:<notice_id or 0>:<start yyyymmdd or 0>:<end yyyymmdd>
    workbook = "xlsx"  # xlsx:<unit_id or 0>:<notice_id or 0>:<start yyyymmdd or 0>:<end yyyymmdd>
    correct = "fix"  # fix:<notice_id> (the office's corrections after Gửi: the task list)
    tenant = "tn"  # tn:<tenant_id> (which People's Committee the chat's commands apply to)
    correct_task = "fixt"  # fixt:<task_id>
    withdraw_task = "wdt"  # wdt:<task_id> (asks to confirm)
    withdraw_task_yes = "wdty"  # wdty:<task_id>
    withdraw_notice = "wdn"  # wdn:<notice_id> (asks to confirm)
    withdraw_notice_yes = "wdny"  # wdny:<notice_id>
    add_missed_task = "addt"  # addt:<notice_id> (ForceReply prompt for a task missed before Gửi)
    fix_deadline = "fdl"  # fdl:<task_id> (ForceReply prompt: a published task's new deadline)
    fix_units = "fun"  # fun:<task_id> (ForceReply prompt: a published task's units)


# How many ids each action carries; anything else is forged.
ARITY = {
    Action.acknowledge: 2, Action.pick_task: 2, Action.map_unit: 3, Action.create_unit: 2,
    Action.skip_unit: 2, Action.remove_head: 2, Action.invite_confirm: 2, Action.task_page: 2,
    Action.split_at: 3, Action.pick_units: 2, Action.toggle_unit: 3, Action.take_candidate: 2,
    Action.dismiss_candidate: 2, Action.candidate_page: 2,
    Action.task_file: 2, Action.chart: 4, Action.workbook: 4, Action.set_title: 2,
}

_PATTERN = re.compile(r"^([a-z]{2,5})((?::\d{1,12}){0,4})$")


@dataclass(frozen=True)
class Callback:
    action: Action
    ids: tuple[int, ...]

    def encode(self) -> str:
        if len(self.ids) != ARITY.get(self.action, 1):
            raise ValueError(f"{self.action.value} takes {ARITY.get(self.action, 1)} ids")
        data = ":".join([self.action.value, *(str(i) for i in self.ids)])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError("callback_data longer than 64 bytes")
        return data


def make(action: Action, *ids: int) -> str:
    return Callback(action, tuple(ids)).encode()


def parse(data: str | None) -> Callback | None:
    """Decode callback_data; None for anything malformed or unknown."""
    match = _PATTERN.match(data or "")
    if match is None:
        return None
    try:
        action = Action(match.group(1))
    except ValueError:
        return None
    ids = tuple(int(part) for part in match.group(2).split(":")[1:])
    if len(ids) != ARITY.get(action, 1):
        return None
    return Callback(action, ids)


def pattern(action: Action) -> str:
    """Regex for CallbackQueryHandler(pattern=...)."""
    return rf"^{action.value}(:\d+)*$"
