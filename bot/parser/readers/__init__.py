"""Uploaded documents to plain text for the parser.

`read_document(data, filename)` returns NFC text with LF newlines, one paragraph per line
(blank lines between paragraphs may occur). Bold is marked `**…**` (docx, and PDF fonts named
Bold); list numbers and bullets are rendered as text ("2.8. ", "a) ", "- "); a table row is one
line with TAB between cells. Anything unreadable raises DocumentError with a machine-readable
`reason` (see errors.py); the caller renders `errors/document_error.*.j2`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from bot.parser.readers.errors import DocumentError, DocumentErrorReason
from bot.parser.readers.legacy import looks_legacy_encoded
from bot.parser.readers.text import read_text

__all__ = ["MAX_BYTES", "SUPPORTED_SUFFIXES", "DocumentError", "DocumentErrorReason", "read_document"]

MAX_BYTES = 20 * 1024 * 1024
UNPACK_FACTOR = 5
SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")


def read_document(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(DocumentErrorReason.unsupported_type, filename, suffix or "no extension")
    if len(data) > max_bytes:
        raise DocumentError(DocumentErrorReason.too_large, filename, f"{len(data)} > {max_bytes} bytes")
    if not data.strip():
        raise DocumentError(DocumentErrorReason.empty, filename)
    try:
        text = _read(data, filename, suffix, max_bytes)
    except DocumentError:
        raise
    except Exception as exc:
        # Broken files make the libraries fail in many ways (BadZipFile, KeyError on a missing part,
        # PDFSyntaxError, lxml errors...); all of them mean the same thing to the person who sent it.
        raise DocumentError(DocumentErrorReason.unreadable, filename, f"{type(exc).__name__}: {exc}") from exc
    if not text.strip():
        raise DocumentError(DocumentErrorReason.empty, filename)
    if looks_legacy_encoded(text):
        raise DocumentError(DocumentErrorReason.legacy_encoding, filename)
    return text


def _read(data: bytes, filename: str, suffix: str, max_bytes: int) -> str:
    if suffix in (".txt", ".md"):
        return read_text(data, filename)
    if suffix == ".docx":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise DocumentError(DocumentErrorReason.unreadable, filename, "not a zip container")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        # A small upload can unpack to gigabytes (a zip bomb); text-only notices unpack to a few MB.
        if unpacked > UNPACK_FACTOR * max_bytes:
            raise DocumentError(DocumentErrorReason.too_large, filename, f"unpacks to {unpacked} bytes")
        from bot.parser.readers.docx import read_docx

        return read_docx(data)
    if not data.lstrip().startswith(b"%PDF"):
        raise DocumentError(DocumentErrorReason.unreadable, filename, "no PDF header")
    from bot.parser.readers.pdf import read_pdf

    return read_pdf(data, filename)

