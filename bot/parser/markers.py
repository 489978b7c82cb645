"""Inline cleanup and list markers: what a line is once markdown, tags and footnote marks are gone."""

from __future__ import annotations

import re
import unicodedata

_TAG = re.compile(r"</?(?:p|br|span|div|b|i|strong|em|u)\b[^>]*>", re.IGNORECASE)
_IMAGE = re.compile(r"<image>.*?</image>|!\[[^\]]*\]\([^)]*\)", re.DOTALL)
_FOOTNOTE_MARKS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")

# Marker styles, from the outermost numbering a notice uses to the innermost bullet.
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("roman", re.compile(r"^((?:X{0,3})(?:IX|IV|V?I{0,3}))[.)]\s+(?=\S)")),
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


def clean_inline(text: str) -> str:
    text = _TAG.sub(" ", text)
    text = re.sub(r"^\s*#{1,6}\s+", "", text)
    text = re.sub(r"[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}|\*+", "", text)
    text = text.replace("\\", "")
    text = _FOOTNOTE_MARKS.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = _IMAGE.sub("", text)
    return text.replace("\xa0", " ")


def split_marker(text: str) -> tuple[str | None, str, str]:
    for style, pattern in _MARKERS:
        m = pattern.match(text)
        if m and (style != "roman" or m.group(1)):
            return style, m.group(1), text[m.end() :].strip()
    return None, "", text
