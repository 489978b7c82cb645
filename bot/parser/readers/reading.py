"""What reading a document gives: its text and, for a scan, how sure the character recognition was."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel

# Below this mean word confidence (0–100) a page is named to the office as one to check closely.
# Clean 300-dpi scans read at 90–96; blurred or dark photos fall to the 60s and 70s.
LOW_CONFIDENCE = 80.0

# Called from the reading thread as scanned pages finish: (pages done, pages in the document).
PageProgress = Callable[[int, int], None]


class PageConfidence(BaseModel):
    page: int  # 1-based, as the office counts pages
    confidence: float  # mean word confidence 0–100; 0 for a page that could not be read
    read: bool = True  # False: recognition gave up (time limit) and the page's text is missing


class ScanQuality(BaseModel):
    confidence: float  # mean word confidence over the whole document, 0–100
    pages: list[PageConfidence]

    @property
    def weak_pages(self) -> list[PageConfidence]:
        return [p for p in self.pages if not p.read or p.confidence < LOW_CONFIDENCE]


class Reading(BaseModel):
    text: str
    scan: ScanQuality | None = None  # set when the text came from character recognition
