"""Plain text and Markdown files: decode, normalise, keep the lines as they are."""

from __future__ import annotations

import codecs

from bot.parser.readers.cleanup import clean_text
from bot.parser.readers.errors import DocumentError, DocumentErrorReason

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, filename: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DocumentError(DocumentErrorReason.unreadable, filename, str(exc)) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Legacy encodings (TCVN3, VNI, cp1258) decode to plausible-looking garbage; refusing is kinder
        # than handing the parser mojibake.
        raise DocumentError(DocumentErrorReason.unreadable, filename, "not UTF-8") from exc
    if "\x00" in text:
        raise DocumentError(DocumentErrorReason.unreadable, filename, "binary content")
    return text


def read_text(data: bytes, filename: str) -> str:
    return clean_text(decode_text(data, filename))
