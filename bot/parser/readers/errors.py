"""Why a document could not be read, as a machine-readable reason.

No Vietnamese here: the bot and the CLI render the message from
`messages/templates/errors/document_error.*.j2` using `reason` and `filename`.
"""

from __future__ import annotations

from enum import StrEnum


class DocumentErrorReason(StrEnum):
    unsupported_type = "unsupported_type"
    no_text_layer = "no_text_layer"
    empty = "empty"
    unreadable = "unreadable"
    too_large = "too_large"
    # TCVN3 / VNI text: readable bytes, but not Unicode Vietnamese.
    legacy_encoding = "legacy_encoding"
    # A scan (image-only PDF, photo) in which character recognition found no text.
    no_text_recognised = "no_text_recognised"
    # A scan longer than readers.scan.MAX_SCAN_PAGES: character recognition would take minutes.
    scan_too_long = "scan_too_long"
    # The server lacks a program the format needs (see readers.tools).
    ocr_missing = "ocr_missing"
    ocr_language_missing = "ocr_language_missing"
    converter_missing = "converter_missing"


class DocumentError(Exception):
    """A document that cannot be turned into text; never a traceback for the user."""

    def __init__(self, reason: DocumentErrorReason | str, filename: str, detail: str = "") -> None:
        self.reason = DocumentErrorReason(reason)
        self.filename = filename
        # For logs only (library message, sizes); never shown to a user.
        self.detail = detail
        super().__init__(f"{self.reason}: {filename}" + (f" ({detail})" if detail else ""))
