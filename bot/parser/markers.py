"""Inline cleanup and list markers: what a line is once markdown, tags and footnote marks are gone."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TAG = re.compile(r"</?(?:p|br|span|div|b|i|strong|em|u)\b[^>]*>", re.IGNORECASE)
_IMAGE = re.compile(r"<image>.*?</image>|!\[[^\]]*\]\([^)]*\)", re.DOTALL)
_FOOTNOTE_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_HEADING_MARK = re.compile(r"^\s*#{1,6}\s+")
_EMPHASIS = re.compile(r"[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}|\*+")
_SPACES = re.compile(r"\s+")

# Marker styles, from the outermost numbering a notice uses to the innermost bullet.
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(r"^((?:X{0,3})(?:IX|IV|V?I{0,3}))[.)]\s+(?=\S)")),
    # "Hoạt động 3: Truyền thông …", "Nhiệm vụ 2. …": a plan's numbered activity titles.
    (
        "activity",
        re.compile(
            r"^(?:Hoạt động|Nhiệm vụ|Chương trình|Dự án|Đề án|Giải pháp|Chuyên đề)"
            r"\s+(\d{1,2})\s*[:.]\s*(?=\S)"
        ),
    ),
    ("multi", re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)(?![\d/])\.?\s*(?=\S)")),
    ("num", re.compile(r"^(\d{1,2})\.(?!\d)\s*(?=\S)")),
    ("numparen", re.compile(r"^(\d{1,2})\)\s*(?=\S)")),
    ("paren", re.compile(r"^\((\d{1,2}|[a-zđ])\)\s*(?=\S)")),
    ("alpha", re.compile(r"^([a-zđ])\)\s*(?=\S)")),
    ("dash", re.compile(r"^()[-–—]\s*(?=\S)")),
    ("plus", re.compile(r"^()\+\s*(?=\S)")),
    ("bullet", re.compile(r"^()[•·●▪◦]\s*(?=\S)")),
]
MARKER_ONLY = re.compile(r"^(?:[IVX]+[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?|\(\d{1,2}\)|[a-zđ]\)|[-–—+•])$")


_NEEDS_CLEANING = re.compile(r"[<#*_\\¹²³⁴⁵⁶⁷⁸⁹⁰]")


@lru_cache(maxsize=8192)
def clean_inline(text: str) -> str:
    if not _NEEDS_CLEANING.search(text):  # most lines: plain words
        return " ".join(text.split())
    text = _TAG.sub(" ", text)
    text = _HEADING_MARK.sub("", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\\", "")
    text = _FOOTNOTE_MARKS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = _IMAGE.sub("", text)
    return text.replace("\xa0", " ")


# Every character a marker can open with (besides digits): most lines open with none of them, and
# need not be tried against each marker pattern.
_MARKER_FIRSTS = frozenset("IVX" + "HNCDĐG" + "(" + "abcdefghijklmnopqrstuvwxyzđ" + "-–—+•·●▪◦")


@lru_cache(maxsize=8192)
def split_marker(text: str) -> tuple[str | None, str, str]:
    if text[:1] not in _MARKER_FIRSTS and not text[:1].isdecimal():
        return None, "", text
    for style, pattern in _MARKERS:
        m = pattern.match(text)
        if m and (style != "roman" or m.group(1)):
            return style, m.group(1), text[m.end() :].strip()
    return None, "", text
