"""The Bot API methods the fake server implements, each a function of (server, params, uploads)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bot.testing import objects
from bot.testing.api_errors import ApiError
from bot.testing.html_check import parse_html

if TYPE_CHECKING:
    from bot.testing.fake_bot_api import FakeBotApi
    from bot.testing.recorded import Upload

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64


class ApiFailure(Exception):
    def __init__(self, error: ApiError) -> None:
        super().__init__(error.description)
        self.error = error


def _fail(reason: str) -> ApiFailure:
    return ApiFailure(ApiError.bad_request(reason))


def _check_text(text: str | None, parse_mode: str | None, limit: int, empty_reason: str | None) -> None:
    if not text:
        if empty_reason:
            raise _fail(empty_reason)
        return
    visible = text
    if parse_mode and parse_mode.upper() == "HTML":
        visible, error = parse_html(text)
        if error:
            raise _fail(error)
    if len(visible) > limit:
        raise _fail("message is too long" if limit == TEXT_LIMIT else "message caption is too long")


def _check_markup(markup: dict[str, Any] | None) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            if not button.get("text"):
                raise _fail("BUTTON_TEXT_EMPTY")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= CALLBACK_DATA_LIMIT:
                raise _fail("BUTTON_DATA_INVALID")


def _chat_id(params: dict[str, Any]) -> int | str:
    chat_id = params.get("chat_id")
    if chat_id is None or chat_id == "":
        raise _fail("chat_id is empty")
    return chat_id


def _with_content(api: FakeBotApi, params: dict[str, Any], *, caption: bool) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    # PTB 22 sends reply_parameters; older clients reply_to_message_id.
    replied_id = (params.get("reply_parameters") or {}).get("message_id") or params.get("reply_to_message_id")
    replied = api.messages.get((_chat_id(params), replied_id)) if replied_id else None
    if replied is not None:
        extra["reply_to_message"] = {k: v for k, v in replied.items() if k != "reply_to_message"}
    # Telegram returns only inline keyboards on a Message; ForceReply and reply keyboards are not kept.
    if (params.get("reply_markup") or {}).get("inline_keyboard") is not None:
        extra["reply_markup"] = params["reply_markup"]
    if caption and params.get("caption"):
        extra["caption"] = params["caption"]
    return extra


def get_me(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    return api.bot_user | {
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def send_message(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    chat_id = _chat_id(params)
    _check_text(params.get("text"), params.get("parse_mode"), TEXT_LIMIT, "message text is empty")
    _check_markup(params.get("reply_markup"))
    return api.store_bot_message(chat_id, text=params["text"], **_with_content(api, params, caption=False))


def _file_param(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload], name: str):
    if name in uploads:
        upload = uploads[name]
        return api.add_file(upload.content, upload.filename, upload.content_type)
    reference = params.get(name)
    if not isinstance(reference, str) or reference not in api.files:
        raise _fail("wrong file identifier/HTTP URL specified")
    return reference


def send_document(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    chat_id = _chat_id(params)
    _check_text(params.get("caption"), params.get("parse_mode"), CAPTION_LIMIT, None)
    _check_markup(params.get("reply_markup"))
    stored = api.files[_file_param(api, params, uploads, "document")]
    doc = objects.document(stored.file_id, stored.unique_id, stored.file_name, stored.mime_type,
                           len(stored.content))
    return api.store_bot_message(chat_id, document=doc, **_with_content(api, params, caption=True))


def send_photo(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    chat_id = _chat_id(params)
    _check_text(params.get("caption"), params.get("parse_mode"), CAPTION_LIMIT, None)
    _check_markup(params.get("reply_markup"))
    stored = api.files[_file_param(api, params, uploads, "photo")]
    sizes = objects.photo_sizes(stored.file_id, stored.unique_id, len(stored.content))
    return api.store_bot_message(chat_id, photo=sizes, **_with_content(api, params, caption=True))


def _edited(api: FakeBotApi, params: dict[str, Any], changes: dict[str, Any]) -> Any:
    if params.get("inline_message_id"):
        return True
    message_id = params.get("message_id")
    if message_id is None:
        raise _fail("message identifier is not specified")
    key = (_chat_id(params), message_id)
    current = api.messages.get(key)
    if current is None:
        raise _fail("message to edit not found")
    updated = {k: v for k, v in current.items() if k != "reply_markup"} | changes
    if params.get("reply_markup"):
        updated["reply_markup"] = params["reply_markup"]
    if json.dumps({**updated, "edit_date": 0}, sort_keys=True) == json.dumps(
        {**current, "edit_date": 0}, sort_keys=True
    ):
        raise _fail(
            "message is not modified: specified new message content and reply markup are exactly "
            "the same as a current content and reply markup of the message"
        )
    updated["edit_date"] = api.now()
    api.messages[key] = updated
    return updated


def edit_message_text(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    _check_text(params.get("text"), params.get("parse_mode"), TEXT_LIMIT, "message text is empty")
    _check_markup(params.get("reply_markup"))
    return _edited(api, params, {"text": params["text"]})


def edit_message_reply_markup(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    _check_markup(params.get("reply_markup"))
    return _edited(api, params, {})


def answer_callback_query(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    if params.get("callback_query_id") not in api.callback_ids:
        raise _fail("query is too old and response timeout expired or query ID is invalid")
    return True


def get_file(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    stored = api.files.get(params.get("file_id", ""))
    if stored is None:
        raise _fail("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.unique_id,
        "file_size": len(stored.content),
        "file_path": stored.path,
    }


def set_webhook(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    api.webhook_url = params.get("url") or None
    api.webhook_secret = params.get("secret_token") or None
    if params.get("drop_pending_updates"):
        api.drop_pending_updates()
    return True


def delete_webhook(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    api.webhook_url = None
    api.webhook_secret = None
    if params.get("drop_pending_updates"):
        api.drop_pending_updates()
    return True


def get_webhook_info(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    return {
        "url": api.webhook_url or "",
        "has_custom_certificate": False,
        "pending_update_count": len(api.pending_updates),
    }


def set_my_commands(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    scope = params.get("scope") or {}
    if scope.get("type") == "chat":
        api.chat_commands[scope["chat_id"]] = list(params.get("commands") or [])
    else:
        api.commands = list(params.get("commands") or [])
    return True


def get_my_commands(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    scope = params.get("scope") or {}
    if scope.get("type") == "chat":
        return api.chat_commands.get(scope["chat_id"], api.commands)
    return api.commands


def no_op(api: FakeBotApi, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
    return True


METHODS = {
    "getMe": get_me,
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "answerCallbackQuery": answer_callback_query,
    "getFile": get_file,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": no_op,
    "sendChatAction": no_op,
    "close": no_op,
    "logOut": no_op,
}
