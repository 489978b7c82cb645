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


class DocumentError(Exception):
    """A document that cannot be turned into text; never a traceback for the user."""

    def __init__(self, reason: DocumentErrorReason | str, filename: str, detail: str = "") -> None:
        self.reason = DocumentErrorReason(reason)
        self.filename = filename
        # For logs only (library message, sizes); never shown to a user.
        self.detail = detail
        super().__init__(f"{self.reason}: {filename}" + (f" ({detail})" if detail else ""))
