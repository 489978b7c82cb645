"""How much a reader accepts: beyond this a document is refused as too_large."""

MAX_BYTES = 20 * 1024 * 1024
# A small .docx can unpack to gigabytes (a zip bomb); a text-only notice unpacks to a few MB.
UNPACK_FACTOR = 5
# About 60 ms a page: a longer PDF would hold the reader for many seconds, and no notice is that long.
MAX_PAGES = 300
# Character recognition takes 2–4 s a page: a longer scan would keep the office waiting for minutes,
# and a notice that long is better sent as .docx.
MAX_SCAN_PAGES = 30
