"""Uploaded documents to plain text for the parser: `read_document(data, filename)`.

The text every reader returns:
- NFC, LF newlines, one paragraph per line; blank lines may separate paragraphs (.txt/.md keep
  their lines as written, only decoded and normalised);
- bold as `**…**` (docx runs; PDF words set in a bold font); list numbers rendered as text
  ("2.8. ", "a) ", "II. "), every bullet as "- " ("+ " when the list itself uses "+");
- a table row is one line, cells separated by TAB; a cell's paragraphs (docx) or wrapped lines
  (PDF) are joined with "; " when they are separate items and with " " when the text continues;
  a merged cell appears once; header rows repeated after a page break are kept;
- docx: a borderless table of one or two columns (issuer/motto header, signature block) is read
  as plain lines; headers, footers, footnotes and text boxes are not read;
- PDF: page numbers and running headers/footers dropped, footnotes moved after the body,
  superscript footnote marks and rotated stamps dropped, words far apart on one baseline TAB-
  separated, hyphenation repaired only where a non-Vietnamese word was split.
Anything unreadable raises DocumentError with a machine-readable `reason` (errors.py); callers
render `errors/document_error.{txt,html}.j2` with it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from bot.parser.readers.errors import DocumentError, DocumentErrorReason
from bot.parser.readers.legacy import looks_legacy_encoded
from bot.parser.readers.limits import MAX_BYTES, MAX_PAGES, UNPACK_FACTOR
from bot.parser.readers.text import read_text

__all__ = [
    "MAX_BYTES",
    "MAX_PAGES",
    "SUPPORTED_SUFFIXES",
    "DocumentError",
    "DocumentErrorReason",
    "read_document",
]

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
        if unpacked > UNPACK_FACTOR * max_bytes:
            raise DocumentError(DocumentErrorReason.too_large, filename, f"unpacks to {unpacked} bytes")
        from bot.parser.readers.docx import read_docx

        return read_docx(data)
    if not data.lstrip().startswith(b"%PDF"):
        raise DocumentError(DocumentErrorReason.unreadable, filename, "no PDF header")
    from bot.parser.readers.pdf import read_pdf

    return read_pdf(data, filename)

