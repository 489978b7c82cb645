"""Office and admin commands: /moi (invite links), /donvi (units and who receives their tasks) and
the "Gỡ" button that removes a head at once."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import Action, make, parse, pattern
from bot.context import Context
from bot.handlers.guards import refuse, requires
from bot.handlers.menu import refresh_person_commands
from bot.handlers.update_parts import message_of
from bot.sending import answer_query, reply_html
from bot.services.identity import Actor
from bot.services.registration import issue_invite, parse_invite_request
from bot.services.units import UnitsOverview, find_unit, remove_head, tell_removed, units_overview
from messages.render import TELEGRAM_LIMIT, clip
from storage.models import UNIT_ROLES, RoleName

# Telegram rejects very large inline keyboards; a long /donvi continues in the next message.
MAX_BUTTONS = 50
WITHOUT_CHUNK = 30  # unit names per block in the "nobody receives tasks" list
Page = tuple[str, list[InlineKeyboardButton]]


@requires(RoleName.office)
async def invite(update: Update, context: Context, actor: Actor) -> None:
    data, message, chat = context.bot_data, message_of(update), update.effective_chat
    if chat is None or chat.type != "private":
        await reply_html(message, data.render("registration/invite_private_only.html.j2"))
        return
    request = parse_invite_request(context.args or [])
    if request is None:
        await reply_html(message, data.render("registration/invite_usage.html.j2", is_admin=actor.is_admin))
        return
    if request.role not in UNIT_ROLES and not actor.is_admin:
        await refuse(update, context, "role")
        return
    unit = None
    if request.unit_query is not None:
        match = await find_unit(context.repos, request.unit_query)
        if match.unit is None:
            text = data.render("registration/invite_unit_unknown.html.j2", typed=request.unit_query,
                               candidates=match.candidates, ambiguous=match.ambiguous)
            await reply_html(message, text)
            return
        unit = match.unit
    issued = await issue_invite(
        context.repos, role=request.role, unit_id=unit.id if unit else None, created_by=actor.person.id,
        ttl_hours=context.settings.invite_ttl_hours, now=datetime.now(UTC), title=request.title,
    )
    text = data.render("registration/invite_link.html.j2", role=request.role, unit=unit,
                       url=issued.url(context.bot.username), expires_at=issued.invite.expires_at,
                       title=issued.invite.title)
    await reply_html(message, text)


def _entries(context: Context, overview: UnitsOverview) -> list[Page]:
    render = context.bot_data.render
    header = render(
        "units/overview_header.html.j2", total=len(overview.staffed) + len(overview.without_anyone),
        staffed=len(overview.staffed), without_head=overview.without_head, unreachable=overview.unreachable,
    )
    entries: list[Page] = [(header, [])]
    for staff in overview.staffed:
        buttons = [
            InlineKeyboardButton(
                render("units/remove_button.txt.j2", member=member, unit=staff.unit),
                callback_data=make(Action.remove_head, member.person.id, staff.unit.id),
            )
            for member in staff.members
        ]
        entries.append((render("units/overview_unit.html.j2", staff=staff), buttons))
    without = overview.without_anyone
    for start in range(0, len(without), WITHOUT_CHUNK):
        text = render("units/overview_without.html.j2", units=without[start:start + WITHOUT_CHUNK],
                      count=len(without), first=start == 0)
        entries.append((text, []))
    return entries


def paginate(entries: list[Page], limit: int = TELEGRAM_LIMIT, max_buttons: int = MAX_BUTTONS) -> list[Page]:
    """Pack blocks with their buttons into messages below Telegram's limits, never splitting a block
    (split_blocks' rule, plus the buttons that belong to each block)."""
    pages: list[Page] = []
    text = ""
    buttons: list[InlineKeyboardButton] = []
    for block, block_buttons in entries:
        candidate = f"{text}\n\n{block}" if text else block
        if text and (len(candidate) > limit or len(buttons) + len(block_buttons) > max_buttons):
            pages.append((text, buttons))
            candidate, buttons = block, []
        # clip only ever cuts a single block longer than the limit (a unit with hundreds of heads).
        text, buttons = clip(candidate, limit), [*buttons, *block_buttons]
    if text:
        pages.append((text, buttons))
    return pages


@requires(RoleName.office)
async def units(update: Update, context: Context, actor: Actor) -> None:
    overview = await units_overview(context.repos)
    for text, buttons in paginate(_entries(context, overview)):
        markup = InlineKeyboardMarkup([[b] for b in buttons]) if buttons else None
        await reply_html(message_of(update), text, markup)


@requires(RoleName.office)
async def remove(update: Update, context: Context, actor: Actor) -> None:
    query, data = update.callback_query, context.bot_data
    button = parse(query.data if query else None)
    if query is None or button is None or button.action is not Action.remove_head:
        await refuse(update, context, "stale")
        return
    now = datetime.now(UTC)
    person_id, unit_id = button.ids
    removal = await remove_head(context.repos, person_id=person_id, unit_id=unit_id, by=actor.person.id,
                                now=now)
    if removal is None:
        await refuse(update, context, "stale")
        return
    text = data.render("units/head_removed.html.j2", removal=removal, left=removal.left)
    await answer_query(query)
    if update.effective_message is not None:
        await reply_html(update.effective_message, text)
    notice = data.render("units/head_removed_notice.html.j2", removal=removal)
    await tell_removed(context.repos, removal, notice, now)
    await refresh_person_commands(context.bot, context.repos, context.tenant, removal.person,
                                  context.settings.admin_ids)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("moi", invite))
    app.add_handler(CommandHandler("donvi", units))
    app.add_handler(CallbackQueryHandler(remove, pattern=pattern(Action.remove_head)))
