"""Bytes in, text out: BOM, then UTF-8, then a charset detector; binary files refused."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

__all__ = ["DecodeError", "decode", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in text (tab, line feed, form feed, CR and ESC do).
_CONTROL = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}) | {0x7F}
_SAMPLE = 8192
_MAX_CONTROL_RATIO = 0.05
_CHAOS_TIE = 0.01
_PREFERRED = ("cp1252", "iso8859_15", "latin_1", "mac_roman")


class DecodeError(ValueError):
    """The bytes are not text: ``reason`` is ``binary`` or ``encoding``."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def looks_binary(data: bytes) -> bool:
    """True when ``data`` (without a BOM) has a NUL byte or many control bytes.

    >>> looks_binary(b"PK\\x03\\x04\\x00\\x00")
    True
    >>> looks_binary("Séoul".encode())
    False
    """
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return bool(sample) and controls / len(sample) > _MAX_CONTROL_RATIO


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` for ``data``; raise :class:`DecodeError` when it is not text.

    A byte-order mark decides; otherwise UTF-8 is tried, then charset-normalizer
    (for Latin-1 / cp1252 and other legacy encodings).

    >>> decode("Séoul".encode("cp1252"))
    ('Séoul', 'cp1252')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise DecodeError("encoding", f"invalid {encoding} after its BOM: {err}") from None
    if looks_binary(data):
        raise DecodeError("binary", "binary file (NUL or control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    best = _best_legacy(data)
    if best is None:
        raise DecodeError(
            "encoding",
            f"undecodable bytes: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            "and no other encoding fits",
        )
    return best


def _best_legacy(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's least chaotic reading, ties going to Western European encodings.

    On short texts the detector cannot tell cp1252 from cp1250 or cp1006: they
    all read without chaos. The pipeline reads French, so among equally good
    readings a Western European encoding wins, in a fixed order.
    """
    results = list(from_bytes(data))
    if not results:
        return None
    least = min(m.chaos for m in results)
    tied = {
        encoding
        for m in results
        if m.chaos <= least + _CHAOS_TIE
        for encoding in m.could_be_from_charset
    }
    for encoding in _PREFERRED:
        if encoding in tied:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    # Without a BOM, a UTF-16/32 guess on NUL-free bytes is noise, not text.
    matches = [m for m in results if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        return None
    best = min(matches, key=lambda m: (m.chaos, -m.coherence, m.encoding))
    return str(best), best.encoding
