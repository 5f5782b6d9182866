"""Decoding: BOMs, UTF-8, legacy encodings via charset-normalizer, binary refused."""

from __future__ import annotations

import codecs

import pytest

from newskg.io import DecodeError, decode
from newskg.io.decode import looks_binary

FRENCH = "Le ministère syldave a confirmé l'arrivée des renforts « dès jeudi » à Klow."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (FRENCH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "utf-8-sig"),
        (FRENCH.encode("utf-16"), "utf-16"),
        (FRENCH.encode("cp1252"), "cp1252"),
        (FRENCH.encode("latin-1"), "cp1252"),
    ],
)
def test_decode(data, encoding):
    assert decode(data) == (FRENCH, encoding)


def test_binary():
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert looks_binary(bytes(range(1, 9)) * 10)
    with pytest.raises(DecodeError) as info:
        decode(b"abc\x00def")
    assert info.value.reason == "binary"


def test_undecodable():
    with pytest.raises(DecodeError) as info:
        decode(bytes(range(0x80, 0x100)) * 3)
    assert info.value.reason == "encoding"
