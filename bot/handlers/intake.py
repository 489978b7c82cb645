"""A notice comes in: the office sends a file or a photo, or pastes the text; the bot answers with a preview.

Only office staff (and admins) may do this; anyone else is refused before anything is downloaded or
stored. A reply to a preview continues that draft (see bot/services/intake.py for pasted pieces). A scan
or photo is read by character recognition; a message "Đang nhận dạng chữ: trang 3/7" is edited as its
pages finish."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import PurePath

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, MessageHandler, filters

from bot.context import Context
from bot.handlers.guards import current_actor, refuse, requires
from bot.handlers.notice_views import show_preview
from bot.handlers.photo_album import collect
from bot.handlers.replies import on_reply
from bot.handlers.update_parts import message_of
from bot.parser.readers import MAX_SCAN_PAGES, SUPPORTED_SUFFIXES
from bot.sending import edit_html, reply_html
from bot.services.identity import Actor
from bot.services.intake import (
    PHOTO_SOURCE_NAME,
    IntakeOutcome,
    IntakeResult,
    take_document,
    take_pasted_text,
    take_photos,
)
from bot.services.notice_state import draft_notice
from storage.models import MessageLink, NoticeStatus, RoleName

# getFile on Telegram's own Bot API server refuses files above 20 MB.
TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024


async def _answer_intake(
    message: Message, context: Context, result: IntakeResult, filename: str | None
) -> None:
    render = context.bot_data.render
    if result.outcome is IntakeOutcome.unreadable:
        max_mb = context.settings.max_upload_bytes // (1024 * 1024)
        await reply_html(message, render("errors/document_error.html.j2", reason=result.error_reason,
                                         filename=filename, max_mb=max_mb, max_scan_pages=MAX_SCAN_PAGES))
        return
    notice = result.notice
    if (result.outcome is IntakeOutcome.duplicate and notice is not None
            and notice.status is NoticeStatus.draft):
        # The office may have lost the preview: show it again with the note.
        await show_preview(context, message.chat_id, notice.id, edit_message_id=None, note="duplicate_draft")
        return
    if result.outcome in (IntakeOutcome.duplicate, IntakeOutcome.no_tasks):
        await reply_html(message, render("intake_reply.html.j2", what=result.outcome.value, notice=notice,
                                         filename=filename))
        return
    assert notice is not None
    note = "extended" if result.outcome is IntakeOutcome.extended else None
    await show_preview(context, message.chat_id, notice.id, edit_message_id=None, note=note)


class _ScanProgress:
    """The recognition's progress: one message, sent when the first page starts and edited as pages
    finish. A failed send or edit only costs the office the progress, never the notice."""

    def __init__(self, message: Message, context: Context) -> None:
        self.message, self.context = message, context
        self.shown: Message | None = None

    async def __call__(self, done: int, total: int) -> None:
        text = self.context.bot_data.render("scan/progress.html.j2", done=done, total=total)
        if self.shown is None:
            self.shown = await reply_html(self.message, text)
        else:
            await edit_html(self.shown, text)


def _one_at_a_time(context: Context) -> asyncio.Lock:
    """One upload at a time per chat: the handlers do not block the bot, but a file sent twice in a
    row must still find the first one stored (and be recognised), not be read alongside it."""
    if context.chat_data is None:
        return asyncio.Lock()
    lock: asyncio.Lock = context.chat_data.setdefault("intake_lock", asyncio.Lock())
    return lock


def _upload_limit(context: Context) -> int:
    return min(context.settings.max_upload_bytes, TELEGRAM_DOWNLOAD_LIMIT)


async def _download(
    message: Message, context: Context, files: list[tuple[str, int | None]], filename: str
) -> list[bytes] | None:
    """The files' content, or None once the office has been told why not (too large, download failed)."""
    render, limit = context.bot_data.render, _upload_limit(context)
    if sum(size or 0 for _, size in files) > limit:
        await reply_html(message, render("intake_reply.html.j2", what="too_large", filename=filename,
                                         max_mb=limit // (1024 * 1024)))
        return None
    contents = []
    try:
        for file_id, _ in files:
            file = await context.bot.get_file(file_id)
            contents.append(bytes(await file.download_as_bytearray()))
    except TelegramError:
        await reply_html(message, render("intake_reply.html.j2", what="download_failed", filename=filename))
        return None
    return contents


async def _take_file(
    message: Message, context: Context, actor: Actor, *, file_id: str, filename: str, size: int | None
) -> None:
    async with _one_at_a_time(context):
        contents = await _download(message, context, [(file_id, size)], filename)
        if contents is None:
            return
        result = await take_document(context.repos, data=contents[0], filename=filename,
                                     file_id=file_id, by=actor.person.id, max_bytes=_upload_limit(context),
                                     now=datetime.now(UTC), progress=_ScanProgress(message, context))
        await _answer_intake(message, context, result, filename)


@requires(RoleName.office)
async def on_document(update: Update, context: Context, actor: Actor) -> None:
    message = message_of(update)
    if message.document is None:  # the Document filter lets only files through; this narrows the type
        return
    document = message.document
    filename = document.file_name or "tệp"
    if PurePath(filename).suffix.lower() not in SUPPORTED_SUFFIXES:
        # Refuse before downloading: the type is known from the name.
        await reply_html(message, context.bot_data.render(
            "errors/document_error.html.j2", reason="unsupported_type", filename=filename))
        return
    await _take_file(message, context, actor, file_id=document.file_id, filename=filename,
                     size=document.file_size)


@requires(RoleName.office)
async def on_photo(update: Update, context: Context, actor: Actor) -> None:
    """A photo of the notice's page, sent as a Telegram photo: its largest size is read. The photos of
    an album are the pages of one notice, read together when the last has arrived."""
    message = message_of(update)
    if not message.photo:  # the PHOTO filter lets only photos through
        return
    largest = max(message.photo, key=lambda size: size.width * size.height)
    photos = await collect(context, message, largest)
    if photos is None:
        return  # another photo of the album: its first photo's handler reads it
    if len(photos) == 1:
        await _take_file(message, context, actor, file_id=largest.file_id, filename=PHOTO_SOURCE_NAME,
                         size=largest.file_size)
        return
    files = [(photo.file_id, photo.file_size) for photo in photos]
    async with _one_at_a_time(context):
        contents = await _download(message, context, files, PHOTO_SOURCE_NAME)
        if contents is None:
            return
        result = await take_photos(context.repos, photos=contents, by=actor.person.id,
                                   max_bytes=_upload_limit(context), now=datetime.now(UTC),
                                   progress=_ScanProgress(message, context))
        await _answer_intake(message, context, result, PHOTO_SOURCE_NAME)


async def on_text(update: Update, context: Context) -> None:
    message = message_of(update)
    if not message.text:
        return
    actor = await current_actor(update, context)
    if actor is None or not actor.is_office:
        # Plain text from anyone else is not a notice; /start and the other flows answer them.
        return
    result = await take_pasted_text(context.repos, text=message.text, by=actor.person.id,
                                    now=datetime.now(UTC))
    await _answer_intake(message, context, result, None)


@on_reply("preview")
async def on_preview_reply(update: Update, context: Context, link: MessageLink) -> None:
    """Text sent as a reply to a preview is the next piece of that draft."""
    message = message_of(update)
    actor = await current_actor(update, context)
    if actor is None or not actor.is_office:
        await refuse(update, context, "stranger" if actor is None else "role")
        return
    draft = await draft_notice(context.repos, link.notice_id)
    if draft is None or not message.text:
        await refuse(update, context, "stale")
        return
    result = await take_pasted_text(context.repos, text=message.text, by=actor.person.id,
                                    now=datetime.now(UTC), continues=draft)
    await _answer_intake(message, context, result, None)


INTAKE_GROUP = 1


def register(app: Application) -> None:
    # Group 1, after every flow of group 0: a private file or text that no flow stopped (the reply
    # router raises ApplicationHandlerStop for replies it routes) is the office sending a notice. A
    # group-0 flow that consumes a plain message must raise ApplicationHandlerStop too.
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    # block=False: reading a scan takes seconds a page; meanwhile the bot goes on answering everyone
    # else (updates are otherwise handled one at a time). Uploads in one chat still go one at a time.
    app.add_handler(MessageHandler(private & filters.Document.ALL, on_document, block=False),
                    group=INTAKE_GROUP)
    app.add_handler(MessageHandler(private & filters.PHOTO, on_photo, block=False), group=INTAKE_GROUP)
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text), group=INTAKE_GROUP)
