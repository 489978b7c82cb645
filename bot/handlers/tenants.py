"""Several People's Committees in one bot: /chonuyban (and its buttons) picks the one a chat's commands
apply to; /themuyban (deployment admins) creates one."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.callbacks import Action, parse, pattern
from bot.context import Context
from bot.handlers.guards import offer_tenants, refuse, requires
from bot.handlers.update_parts import message_of, query_of
from bot.sending import answer_query, reply_html
from bot.services.identity import Actor, TenantChoice, person_and_tenants
from bot.services.tenants import add_tenant, choose_tenant
from storage.models import RoleName


async def _offered(update: Update, context: Context) -> TenantChoice | None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != "private":
        return None
    data = context.bot_data
    found = await person_and_tenants(data.deployment, telegram_user_id=user.id, chat_id=chat.id,
                                     display_name=user.full_name, admin_ids=context.settings.admin_ids,
                                     now=datetime.now(UTC))
    return None if found is None else TenantChoice(person=found[0], tenants=found[1])


async def switch_command(update: Update, context: Context) -> None:
    """/chonuyban: the committees the person serves, as buttons (also with a choice already made)."""
    choice = await _offered(update, context)
    if choice is None:
        await refuse(update, context, "stranger")
        return
    await offer_tenants(update, context, choice)


async def on_choice(update: Update, context: Context) -> None:
    query = query_of(update)
    button = parse(query.data)
    choice = await _offered(update, context)
    chat = update.effective_chat
    tenant = None
    if choice is not None and button is not None and chat is not None:
        tenant = await choose_tenant(context.bot_data.deployment, offered=choice.tenants, chat_id=chat.id,
                                     tenant_id=button.ids[0], now=datetime.now(UTC))
    if tenant is None:
        await refuse(update, context, "stale" if choice is not None else "stranger")
        return
    await answer_query(query)
    await reply_html(message_of(update), context.bot_data.render("tenants/chosen.html.j2", tenant=tenant))


@requires(RoleName.admin)
async def add_command(update: Update, context: Context, actor: Actor) -> None:
    """/themuyban NAME (deployment admins): a new committee; its first office clerk is invited from it."""
    if not actor.deployment_admin:
        await refuse(update, context, "role")
        return
    render = context.bot_data.render
    tenant = await add_tenant(context.bot_data.deployment, " ".join(context.args or []), by=actor.person.id,
                              now=datetime.now(UTC))
    text = (render("tenants/added.html.j2", tenant=tenant) if tenant is not None
            else render("tenants/add_usage.html.j2"))
    await reply_html(message_of(update), text)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("chonuyban", switch_command))
    app.add_handler(CommandHandler("themuyban", add_command))
    app.add_handler(CallbackQueryHandler(on_choice, pattern=pattern(Action.tenant)))
