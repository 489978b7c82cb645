"""Decoding a Bot API request body (form, multipart or JSON) into typed parameters."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from aiohttp import web

from bot.testing.recorded import Upload

# Form fields are strings on the wire; these are decoded the way the Bot API itself types them.
_JSON_FIELDS = {
    "reply_markup", "entities", "caption_entities", "allowed_updates", "commands", "scope",
    "link_preview_options", "reply_parameters", "media",
}
_INT_FIELDS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "reply_to_message_id", "from_chat_id",
    "max_connections", "cache_time", "user_id", "message_thread_id",
}
_BOOL_FIELDS = {
    "disable_notification", "protect_content", "drop_pending_updates", "show_alert",
    "disable_web_page_preview", "allow_sending_without_reply", "disable_content_type_detection",
}


async def decode_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    if request.content_type == "application/json":
        return dict(await request.json()), {}
    raw: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.can_read_body:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                uploads[key] = Upload(value.filename, value.content_type, value.file.read())
            else:
                raw[key] = value
    return {key: _typed(key, value) for key, value in raw.items()}, uploads


def _typed(key: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if key in _JSON_FIELDS:
        return json.loads(value)
    if key in _INT_FIELDS:
        with contextlib.suppress(ValueError):
            return int(value)
    if key in _BOOL_FIELDS:
        return value.lower() == "true"
    return value
