"""Repairs for what character recognition typically gets wrong in a notice, in general ways.

- List markers: a digit read as a letter ("l." or "I," for "1.", "2.l." for "2.1."), a comma for
  the dot ("3, Phòng"), a space before it ("3 . "), a long dash, tilde or underscore for the "- " of
  a bullet. Only at the start of a line and before a capital, where the parser looks for markers (a
  wrapped line starting "15, các phòng" is left alone); a Roman "I." stays.
- Dates: letters read for digits inside a date ("0l/7/2026", "3O/6/2O26"), spaces around the
  slashes ("30 / 6 / 2026", "15/6/ 2026" across a line break), a dot or a dash read for a slash
  between day and month when the year follows ("30.6/2026").
Unit names are not repaired here: the parser's directory matcher already compares them loosely.
"""

from __future__ import annotations

import re

# Characters Tesseract reads for the digits they look like.
_AS_DIGIT = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "i": "1", "!": "1"})
_DIGITISH = "0-9OolIi|!"

# "l." "I," "2.l." "1 ." at the start of a line, before a capitalised word: a decimal list marker.
_MARKER = re.compile(
    rf"^(?=[{_DIGITISH}]*\d|[l|])([{_DIGITISH}]{{1,2}}(?:\s?[.,][{_DIGITISH}]{{1,2}})*)\s?[.,]\s+(?=[^\W\d_])"
)
_ROMAN = re.compile(r"^[IVXLC]{1,6}\.\s")
_DASH_BULLET = re.compile(r"^[—–~_‒―−](?=\s)")

_DAY = rf"[0-3{_DIGITISH}]?[{_DIGITISH}]"
_MONTH = rf"[01{_DIGITISH}]?[{_DIGITISH}]"
_YEAR = rf"(?:19|2[0O])[{_DIGITISH}]{{2}}"
_DATE = re.compile(rf"(?<![\w/])({_DAY})\s?[/.\-]\s?({_MONTH})\s?/\s?({_YEAR})(?![\w/])")
# "15/6/ 2026", "15 /6/2026": spaces inside a date whose parts are digits already.
_SPACED_DATE = re.compile(r"(?<![\w/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?!\w)")
_SPACED_MONTH = re.compile(r"\b(tháng\s+\d{1,2})\s*/\s*(\d{4})\b", re.IGNORECASE)


def repair_line_start(line: str) -> str:
    """A recognised line with a misread list marker at its start set right."""
    if _DASH_BULLET.match(line):
        return "-" + line[1:]
    match = _MARKER.match(line)
    if match is None or _ROMAN.match(line) or not line[match.end()].isupper():
        return line
    digits = [part.translate(_AS_DIGIT) for part in re.split(r"\s?[.,]", match.group(1))]
    if not all(d.isdigit() and 0 < int(d) < 100 for d in digits):
        return line
    return ".".join(digits) + ". " + line[match.end():]


def repair_text(text: str) -> str:
    text = _DATE.sub(_date, text)
    text = _SPACED_DATE.sub(r"\1/\2/\3", text)
    return _SPACED_MONTH.sub(lambda m: f"{' '.join(m.group(1).split())}/{m.group(2)}", text)


def _date(match: re.Match[str]) -> str:
    day, month, year = (part.translate(_AS_DIGIT) for part in match.groups())
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        return match.group(0)
    if not (1 <= int(day) <= 31 and 1 <= int(month) <= 12):
        return match.group(0)
    return f"{day}/{month}/{year}"
