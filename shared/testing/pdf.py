"""Reading the text of the PDFs our services render, for tests that check what they say."""

from __future__ import annotations

import re
import zlib


def pdf_text(document: bytes) -> str:
    """The text an fpdf2 PDF shows, decoded through each font's ToUnicode map.

    Enough of a PDF reader for our own reports: Flate streams, Type0 fonts with 2-byte
    codes in literal strings (``Tj``), one ToUnicode CMap per font.
    """
    objects = {int(n): body for n, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", document, re.S)}

    def stream(body: bytes) -> bytes:
        head, _, rest = body.partition(b"stream")
        rest = rest[2:] if rest.startswith(b"\r\n") else rest[1:]  # the EOL after "stream"
        # /Length, not a strip of line ends: compressed data may itself end in \n or \r
        # (its checksum is random), and stripping it made this reader lose pages now and then
        length = re.search(rb"/Length (\d+)", head)
        raw = rest[: int(length.group(1))] if length else rest[: rest.rindex(b"endstream")]
        return zlib.decompress(raw) if b"FlateDecode" in head else raw

    def cmap(number: int) -> dict[bytes, str]:
        mapping = {}
        for code, char in re.findall(
            rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", stream(objects[number])
        ):
            mapping[bytes.fromhex(code.decode())] = bytes.fromhex(char.decode()).decode("utf-16-be")
        return mapping

    fonts = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", document):
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
        if to_unicode:
            fonts[name] = cmap(int(to_unicode.group(1)))
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def literal(raw: bytes) -> bytes:
        return re.sub(
            rb"\\([0-7]{1,3}|.)",
            lambda m: (
                bytes([int(m.group(1), 8)])
                if m.group(1)[:1].isdigit()
                else escapes.get(m.group(1), m.group(1))
            ),
            raw,
            flags=re.S,
        )

    lines = []
    for body in objects.values():
        if b"stream" not in body or b"/Length1" in body:
            continue
        try:
            content = stream(body)
        except zlib.error:
            continue
        font: dict[bytes, str] = {}
        for token in re.finditer(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", content, re.S):
            if token.group(1):
                font = fonts.get(token.group(1), {})
                continue
            codes = literal(token.group(2))
            lines.append("".join(font.get(codes[i : i + 2], "?") for i in range(0, len(codes), 2)))
    return "\n".join(lines)
