"""Telegram HTML as a terminal shows it: tags become ANSI styles (or plain markers), entities are
unescaped, links keep their address, quotes and preformatted blocks are indented."""

from __future__ import annotations

from html.parser import HTMLParser

_ANSI = {"b": ("\x1b[1m", "\x1b[22m"), "strong": ("\x1b[1m", "\x1b[22m"), "i": ("\x1b[3m", "\x1b[23m"),
         "em": ("\x1b[3m", "\x1b[23m"), "u": ("\x1b[4m", "\x1b[24m"), "s": ("\x1b[9m", "\x1b[29m")}
# Without colour only strike-through keeps a marker: plain text would say the opposite of the message.
_PLAIN = {"s": ("~~", "~~"), "del": ("~~", "~~"), "strike": ("~~", "~~")}
QUOTE_BAR = "▎ "


class _TelegramHtml(HTMLParser):
    def __init__(self, color: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.color = color
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.quote_start: list[int] = []

    def _style(self, tag: str) -> tuple[str, str]:
        return (_ANSI if self.color else _PLAIN).get(tag, ("", ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs).get("href"))
        elif tag == "blockquote":
            self.quote_start.append(len(self.parts))
        elif tag == "br":
            self.parts.append("\n")
        else:
            self.parts.append(self._style(tag)[0])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            href = self.links.pop() if self.links else None
            if href:
                self.parts.append(f" <{href}>")
        elif tag == "blockquote" and self.quote_start:
            start = self.quote_start.pop()
            quoted = "".join(self.parts[start:]).strip("\n")
            self.parts[start:] = ["\n".join(QUOTE_BAR + line for line in quoted.split("\n"))]
        else:
            self.parts.append(self._style(tag)[1])

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_terminal(text: str, *, color: bool = False) -> str:
    parser = _TelegramHtml(color)
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def buttons_line(rows: list[list[dict]]) -> list[str]:
    """One line per keyboard row: [Đã nhận] [Tải văn bản gốc]."""
    return [" ".join(f"[{button.get('text', '')}]" for button in row) for row in rows if row]
