"""Bytes to text: refuse binaries and PDFs, decode UTF-8, fall back to common legacy encodings.

The rule for invalid UTF-8 is deliberately strict so that output is never silent mojibake:
a file whose every non-ASCII byte is invalid as UTF-8 is a consistent legacy file (Windows-1252,
Windows-1251, ...) and is decoded with the encoding charset-normalizer finds; a file that mixes
valid UTF-8 sequences with invalid bytes is corrupt and is refused.
"""

from __future__ import annotations

import codecs
import logging

from parley.errors import InputError

log = logging.getLogger("parley.read")

# Magic numbers of formats people drop into news folders by mistake: name them in the message.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office document"),
    (b"{\\rtf", "RTF document"),
    (b"\x7fELF", "executable"),
)

# Encodings real news sites used before UTF-8; charset-normalizer's exotic guesses on short
# texts (cp1257 for French, mac_latin2, ...) are passed over in favour of these.
COMMON_LEGACY = {
    "cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "cp1250", "iso8859_2", "cp1256",
    "cp1253", "cp1254", "cp1255", "iso8859_9", "gb18030", "gbk", "gb2312", "big5", "shift_jis",
    "cp932", "euc_jp", "euc_kr", "cp949", "iso8859_5", "mac_roman",
}

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_TEXT_CONTROLS = {9, 10, 12, 13, 27}
_OTHER_CONTROLS = bytes(b for b in range(32) if b not in _TEXT_CONTROLS)


def sniff_binary(data: bytes, *, allow_gzip: bool = False) -> str | None:
    """Why ``data`` is not text (a short reason), or None when it may be text.

    >>> sniff_binary(b"%PDF-1.7 ...")
    'PDF is not supported; extract its text first (for example with pdftotext) and read the .txt'
    """
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            if kind == "PDF":
                return "PDF is not supported; extract its text first (for example with pdftotext) and read the .txt"
            if kind.startswith("gzip") and allow_gzip:
                return None
            if kind.startswith("gzip"):
                return "gzip-compressed file; only .jsonl.gz and .warc.gz are read compressed"
            return f"binary file ({kind}), not text"
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in BOMS[1:]):
        return None  # UTF-16/32 text has NUL bytes by design
    if b"\x00" in head:
        return "binary file (contains NUL bytes), not text"
    if head:
        controls = len(head) - len(head.translate(None, _OTHER_CONTROLS))
        if controls / len(head) > 0.05:
            return "binary file (control bytes), not text"
    return None


def decode_bytes(data: bytes, input_name: str) -> str:
    """Text of ``data``; raises :class:`InputError` for binaries and undecodable bytes.

    >>> decode_bytes("Kabul – talks".encode("utf-8"), "a.txt")
    'Kabul – talks'
    """
    reason = sniff_binary(data)
    if reason:
        raise InputError(input_name, reason, code="E103")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(input_name, f"bad {encoding} text ({exc.reason})", code="E104") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    legacy = _decode_legacy(data)
    if legacy is None:
        bad = data[first_error.start]
        raise InputError(
            input_name,
            f"not valid UTF-8 (byte 0x{bad:02x} at offset {first_error.start}) and not a consistent legacy encoding",
            hint="re-save the file as UTF-8", code="E104",
        )
    text, encoding = legacy
    log.info("%s: not UTF-8, decoded as %s", input_name, encoding)
    return text


def _has_valid_utf8_multibyte(data: bytes) -> bool:
    """True when some non-ASCII run decodes as UTF-8 (the file is UTF-8 with damage)."""
    text = data.decode("utf-8", errors="replace")
    return any(ord(ch) > 127 and ch != "\ufffd" for ch in text)


def _decode_legacy(data: bytes) -> tuple[str, str] | None:
    if _has_valid_utf8_multibyte(data):
        return None
    import charset_normalizer

    matches = [m for m in charset_normalizer.from_bytes(data[:200_000])
               if codecs.lookup(m.encoding).name.replace("-", "_") in COMMON_LEGACY]
    if not matches:
        return None
    best_chaos = min(m.chaos for m in matches)
    # Short Western texts fit several code pages equally well; Windows-1252 is by far the most
    # common, so it wins whenever it fits as well and yields only Latin letters and typography.
    if any(m.encoding == "cp1252" and m.chaos <= best_chaos + 0.1 for m in matches):
        text = data.decode("cp1252", errors="replace")
        if all(_western(ch) for ch in text if ord(ch) > 127):
            return text, "cp1252"
    for match in matches:
        try:
            text = data.decode(match.encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if sniff_binary(text.encode("utf-8")) is None:
            return text, match.encoding
    return None


def _western(ch: str) -> bool:
    return ch.isalpha() or ch in "’‘“”–—…€«»°"
