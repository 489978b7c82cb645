"""Uploaded documents to plain text for the parser: `read(data, filename)` gives a Reading (the text,
and for a scan the recognition's confidence); `read_document(data, filename)` just the text.

Formats: .docx; .pdf with a text layer, or without one (a scan: character recognition, scan.py);
photos and scan files .jpg/.jpeg/.png/.tif/.tiff (scan.py); .doc/.rtf/.odt converted to .docx by
LibreOffice (office.py); .txt/.md. Recognition and conversion need programs outside Python (tools.py).

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
- scans: the PDF rules above applied to the recognised lines, plus OCR repairs (ocr_repair.py); no bold.
Anything unreadable raises DocumentError with a machine-readable `reason` (errors.py); callers
render `errors/document_error.{txt,html}.j2` with it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import PurePath

from bot.parser.readers.errors import DocumentError, DocumentErrorReason
from bot.parser.readers.legacy import looks_legacy_encoded
from bot.parser.readers.limits import MAX_BYTES, MAX_PAGES, MAX_SCAN_PAGES, UNPACK_FACTOR
from bot.parser.readers.reading import PageProgress, Reading, ScanQuality
from bot.parser.readers.text import read_text

__all__ = [
    "IMAGE_SUFFIXES",
    "MAX_BYTES",
    "MAX_PAGES",
    "MAX_SCAN_PAGES",
    "SUPPORTED_SUFFIXES",
    "DocumentError",
    "DocumentErrorReason",
    "PageProgress",
    "Reading",
    "ScanQuality",
    "read",
    "read_document",
    "read_photos",
]

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
# Read by the docx reader once LibreOffice has converted them.
CONVERTED_SUFFIXES = (".doc", ".rtf", ".odt")
SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md", *CONVERTED_SUFFIXES, *IMAGE_SUFFIXES)


def read(
    data: bytes, filename: str, *, max_bytes: int = MAX_BYTES, on_page: PageProgress | None = None
) -> Reading:
    """`on_page(done, total)` is called as scanned pages are recognised (from the calling thread)."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(DocumentErrorReason.unsupported_type, filename, suffix or "no extension")
    if len(data) > max_bytes:
        raise DocumentError(DocumentErrorReason.too_large, filename, f"{len(data)} > {max_bytes} bytes")
    if not data.strip():
        raise DocumentError(DocumentErrorReason.empty, filename)
    return _checked(lambda: _read(data, filename, suffix, max_bytes, on_page), filename)


def read_document(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> str:
    return read(data, filename, max_bytes=max_bytes).text


def read_photos(
    photos: list[bytes], filename: str, *, max_bytes: int = MAX_BYTES, on_page: PageProgress | None = None
) -> Reading:
    """Several photos, the pages of one notice in order (a Telegram album), read as one scan."""
    size = sum(map(len, photos))
    if size > max_bytes:
        raise DocumentError(DocumentErrorReason.too_large, filename, f"{size} > {max_bytes} bytes")
    from bot.parser.readers.scan import read_images

    return _checked(lambda: read_images(photos, filename, on_page), filename)


def _checked(reader: Callable[[], Reading], filename: str) -> Reading:
    try:
        reading = reader()
    except DocumentError:
        raise
    except Exception as exc:
        # Broken files make the libraries fail in many ways (BadZipFile, KeyError on a missing part,
        # PDFSyntaxError, lxml errors, PIL.UnidentifiedImageError...); all of them mean the same thing
        # to the person who sent it.
        raise DocumentError(DocumentErrorReason.unreadable, filename, f"{type(exc).__name__}: {exc}") from exc
    if not reading.text.strip():
        raise DocumentError(DocumentErrorReason.empty, filename)
    if looks_legacy_encoded(reading.text):
        raise DocumentError(DocumentErrorReason.legacy_encoding, filename)
    return reading


def _read(
    data: bytes, filename: str, suffix: str, max_bytes: int, on_page: PageProgress | None
) -> Reading:
    if suffix in (".txt", ".md"):
        return Reading(text=read_text(data, filename))
    if suffix in IMAGE_SUFFIXES:
        from bot.parser.readers.scan import read_images

        return read_images([data], filename, on_page)
    if suffix in CONVERTED_SUFFIXES:
        from bot.parser.readers.office import convert_to_docx

        return Reading(text=_read_docx(convert_to_docx(data, filename, suffix), filename, max_bytes))
    if suffix == ".docx":
        return Reading(text=_read_docx(data, filename, max_bytes))
    if not data.lstrip().startswith(b"%PDF"):
        raise DocumentError(DocumentErrorReason.unreadable, filename, "no PDF header")
    from bot.parser.readers.pdf import read_pdf

    try:
        return Reading(text=read_pdf(data, filename))
    except DocumentError as error:
        if error.reason is not DocumentErrorReason.no_text_layer:
            raise
    from bot.parser.readers.scan import read_scanned_pdf

    return read_scanned_pdf(data, filename, on_page)


def _read_docx(data: bytes, filename: str, max_bytes: int) -> str:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError(DocumentErrorReason.unreadable, filename, "not a zip container")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > UNPACK_FACTOR * max_bytes:
        raise DocumentError(DocumentErrorReason.too_large, filename, f"unpacks to {unpacked} bytes")
    from bot.parser.readers.docx import read_docx

    return read_docx(data)
