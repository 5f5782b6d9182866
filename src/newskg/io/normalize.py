"""Text clean-up that keeps a map from the clean text back to the original.

Normalisation only ever *deletes* characters or *rewrites whitespace*: every
non-space character of the result is a character of the original, at the
position ``offsets`` gives. The steps, in order:

1. characters: line endings to ``\\n``, no-break and other spaces to ``" "``,
   invisible characters (zero-width, soft hyphen, BOM, controls, bidirectional
   marks and embeddings) deleted;
2. a header line ``date 2024-12`` at the very start is consumed (its value is
   kept for the publication date);
3. a number broken across a line break inside its digit grouping is rejoined
   (``1.`` / ``100`` -> ``1.100``);
4. boilerplate lines are removed: tables of contents, hashtag lines, photo
   credits, "À lire aussi" and the link list after it, and, in the lines before
   the first sentence, a dateline and a lone agency name (both kept as metadata);
5. a line broken inside a sentence is joined back: a quote alone on its line,
   a line starting with closing punctuation, a line ending with an apostrophe,
   a line continuing in lower case;
6. an inline section title (``.- Traité historique -"Cela``) becomes a
   paragraph of its own;
7. a missing space after sentence-final punctuation glued to a capital or an
   opening quote is added (``(JCS).L'état`` -> ``(JCS). L'état``), sparing
   initials, decimals and URLs;
8. a paragraph identical to an earlier one (a repeated photo caption) is removed;
9. whitespace: one space between words, ``"\\n\\n"`` between paragraphs.

The whole is repeated until nothing changes, so ``normalize`` is idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from newskg.io.offsets import OffsetMap, RunBuilder
from newskg.io.published import parse_dateline, wire_dateline_end

__all__ = ["Normalized", "Removed", "clean_line", "headline", "normalize", "storable"]

_MAX_PASSES = 10

# Unicode's 66 noncharacters (U+FDD0..U+FDEF and the last two code points of every
# plane): not text. Raptor (rapper) rejects U+FFFE and U+FFFF in a literal.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_DELETE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e"
    f"\u2060-\u2064\u2066-\u206f\ufeff{_NONCHARACTERS}]"
)
_LINEBREAK = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_SPACE = re.compile("[\t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# What C tools (Raptor, anything reading C strings) cannot hold: NUL truncates a literal.
_UNSTORABLE = re.compile(f"[\x00{_NONCHARACTERS}]")
_HEADER_DATE = re.compile(
    r"\A[ \n]*date *:? *(\d{4}(?:-\d{2}){0,2})(?![\d-])(?: +|(?=\n)|\Z)", re.I
)
_BROKEN_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3})\.( *\n[ \n]*)(\d{3})(?![\d])")
# "près de 1\n000 chars": a space-grouped figure whose group separator became a single
# line break (a blank line, or a digit or letter glued on either side, is no group).
_BROKEN_SPACED_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3})( *\n *)(\d{3})(?![\w])(?!,\d)")
_CONTENTS = re.compile(r"(?:table of contents|contents|table des matières|sommaire)\s*:?", re.I)
_HASHTAGS = re.compile(r"#[^\W_][^\n]{0,99}")
_CREDIT = re.compile(
    r"(?:(?:crédits?|credits?)(?: photos?)?|photos?|illustration|image)\s*:.{0,100}|©.{0,100}",
    re.I,
)
_READ_ALSO = re.compile(
    r"(?:[àa] lire (?:également|aussi|encore)|(?:lire|voir) aussi)\s*(?::.*)?", re.I
)
_LINK = re.compile(r"(?:https?://|www\.)\S+")
_AGENCY = re.compile(
    r"\(?(?:AFP|Reuters|AP|Associated Press|Yonhap|DPA|ANSA|EFE|Belga|ATS|Xinhua|TASS|"
    r"RIA Novosti|Kyodo|Anadolu|Belta|APS|MAP)(?:\s*/\s*[A-Z][\w ]{1,20})?\)?",
)
_SENTENCE_END = re.compile(r"[.!?…](?:[\"»”’')\]]+)?$")
_OPEN_QUOTES = '"«“'
_CLOSE_QUOTES = '"»”'
_SOFT_BREAK = re.compile(r"(?<=[^\n ]) *\n *(?=[^\n ])")
_INLINE_TITLE = re.compile(
    r"(?<=[.!?…\"»”]) *- +([^\W\d_][^\n.!?;:\"«»“”]{1,80}?) +- *(?=[\"«“\w])"
)
_GLUED = re.compile(r"(?<=\S)([.!?…]+)([\"«“]?)(?=[^\W\d_](?:[^\W\d_]|['’]))")
_TITLES = frozenset({"M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr", "Me", "Mgr"})
# A run of spaces and line breaks that _whitespace may have to rewrite: two or more
# characters, a lone line break, or a lone space at either end of the text (a lone
# space between words, the most common run by far, is never matched: it stays).
_WS_RUN = re.compile(r"(?<![ \n])(?:[ \n]{2,}|\n|\A | (?=\Z))")


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the original taken out of the text: ``kind`` and its text.

    Kinds: ``header-date`` (the value, e.g. ``2024-12``), ``dateline``,
    ``agency``, ``contents``, ``hashtags``, ``credit``, ``read-also``,
    ``repeated``.
    """

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Normalized:
    """The clean ``text``, its ``offsets`` into the original, and what was removed."""

    text: str
    offsets: OffsetMap
    removed: tuple[Removed, ...] = ()

    def removed_of(self, kind: str) -> tuple[str, ...]:
        """The texts of the removed pieces of ``kind``, in order."""
        return tuple(r.text for r in self.removed if r.kind == kind)


# An edit replaces text[start:end] by a whitespace-only string (or nothing).
_Edit = tuple[int, int, str]


class _Buffer:
    """A text with, for each character, its index in the original (as runs)."""

    __slots__ = ("offsets", "text")

    def __init__(self, text: str, offsets: OffsetMap) -> None:
        self.text = text
        self.offsets = offsets

    def apply(self, edits: Iterable[_Edit]) -> _Buffer:
        text, offs = self.text, self.offsets
        parts: list[str] = []
        runs = RunBuilder()
        pos = 0
        for start, end, repl in sorted(edits):
            if start < pos or (repl and not repl.isspace()):
                continue  # overlapping edits keep the first; never insert non-space
            parts.append(text[pos:start])
            for stretch in offs.stretches(pos, start):
                runs.extend(*stretch)
            if repl and offs:
                anchor = offs[start] if start < len(offs) else offs[-1]
                parts.append(repl)
                runs.extend(anchor, 0, len(repl))
            pos = max(pos, end)
        if not parts:
            return self  # no edit: the same text and map
        parts.append(text[pos:])
        for stretch in offs.stretches(pos, len(text)):
            runs.extend(*stretch)
        return _Buffer("".join(parts), runs.build())


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, stripped line)`` for every line of ``text``."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line.strip()
        start += len(line) + 1


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 4 and bool(_SENTENCE_END.search(line))


def _clean_characters(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    edits: list[_Edit] = [(m.start(), m.end(), "") for m in _DELETE.finditer(buf.text)]
    edits += [(m.start(), m.end(), "\n") for m in _LINEBREAK.finditer(buf.text)]
    edits += [(m.start(), m.end(), " ") for m in _SPACE.finditer(buf.text)]
    return buf.apply(edits)


def _header_date(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    m = _HEADER_DATE.match(buf.text)
    if not m:
        return buf
    removed.append(Removed("header-date", m.group(1)))
    return buf.apply([(0, m.end(), "")])


def _broken_numbers(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    text = buf.text
    edits: list[_Edit] = []
    for m in _BROKEN_NUMBER.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start : m.start()].strip():  # "1." alone on its line is a list marker
            edits.append((m.start(2), m.end(2), ""))
    for m in _BROKEN_SPACED_NUMBER.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if text[line_start : m.start()].strip():  # a number alone on its line is no group
            edits.append((m.start(2), m.end(2), " "))
    return buf.apply(edits)


def _boilerplate_lines(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    lines = list(_lines(buf.text))
    content = [i for i, (_, _, line) in enumerate(lines) if line]
    first_prose = next((i for i in content if _is_prose(lines[i][2])), len(lines))
    last = content[-1] if content else -1
    drop: dict[int, str] = {}
    i = 0
    while i < len(lines):
        line = lines[i][2]
        if not line:
            i += 1
            continue
        kind = None
        if _CONTENTS.fullmatch(line):
            kind = "contents"
        elif _HASHTAGS.fullmatch(line) and not _SENTENCE_END.search(line):
            kind = "hashtags"
        elif _CREDIT.fullmatch(line):
            kind = "credit"
        elif (i < first_prose or i == last) and _AGENCY.fullmatch(line):
            kind = "agency"
        elif i < first_prose and parse_dateline(line) is not None:
            kind = "dateline"
        elif _READ_ALSO.fullmatch(line):
            drop[i] = "read-also"
            i = _drop_link_list(lines, i + 1, drop)
            continue
        if kind is not None:
            drop[i] = kind
        i += 1
    for i in sorted(drop):
        removed.append(Removed(drop[i], lines[i][2]))
    return buf.apply((lines[i][0], lines[i][1], "") for i in drop)


def _drop_link_list(lines: list[tuple[int, int, str]], i: int, drop: dict[int, str]) -> int:
    """Mark the link list after "À lire aussi": short title-like lines in one block."""
    while i < len(lines) and not lines[i][2]:
        i += 1
    while i < len(lines) and lines[i][2] and _is_link_like(lines[i][2]):
        drop[i] = "read-also"
        i += 1
    return i


def _is_link_like(line: str) -> bool:
    if _LINK.fullmatch(line) or _HASHTAGS.fullmatch(line):
        return True
    return len(line.split()) <= 20 and not line.endswith((".", ",", ";", ":"))


def _whole_quote(line: str) -> bool:
    return len(line) >= 2 and line[0] in _OPEN_QUOTES and line[-1] in _CLOSE_QUOTES


def _soft_breaks(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    text = buf.text
    edits: list[_Edit] = []
    for m in _SOFT_BREAK.finditer(text):
        a_start = text.rfind("\n", 0, m.start()) + 1
        a = text[a_start : m.start()].strip()
        b_end = text.find("\n", m.end())
        b = text[m.end() : b_end if b_end >= 0 else len(text)].strip()
        c = ""
        if b_end >= 0 and text[b_end + 1 : b_end + 2] != "\n":
            c_end = text.find("\n", b_end + 1)
            c = text[b_end + 1 : c_end if c_end >= 0 else len(text)].strip()
        if b[0] in ".,)]…" or a.endswith(("'", "’")):
            edits.append((m.start(), m.end(), ""))
        elif b[0] in ";:!?»":
            edits.append((m.start(), m.end(), " "))
        elif _SENTENCE_END.search(a) or a.endswith(":"):
            continue
        elif (_whole_quote(b) and c and (c[0].islower() or c[0] in ".,;:)")) or b[0].islower():
            edits.append((m.start(), m.end(), " "))
    return buf.apply(edits)


def _inline_titles(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    edits: list[_Edit] = []
    for m in _INLINE_TITLE.finditer(buf.text):
        title = m.group(1)
        after = buf.text[m.end() : m.end() + 1]
        opens = after in _OPEN_QUOTES or after.isupper()
        if title[0].isupper() and len(title.split()) <= 10 and opens:
            edits.append((m.start(), m.start(1), "\n\n"))
            edits.append((m.end(1), m.end(), "\n\n"))
    return buf.apply(edits)


def _glued_sentences(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    text = buf.text
    edits: list[_Edit] = []
    for m in _GLUED.finditer(text):
        if not text[m.end()].isupper():
            continue
        punct_start, quote, quote_start = m.start(1), m.group(2), m.end(1)
        token_start = max(text.rfind(" ", 0, punct_start), text.rfind("\n", 0, punct_start)) + 1
        token = text[token_start:].split(maxsplit=1)[0]
        if "://" in token or "www." in token.casefold() or "@" in token:
            continue
        word = text[token_start:punct_start].rstrip(")]\"»”'’")
        word = re.sub(r"^.*[^\w-]", "", word)
        before = text[punct_start - 1]
        if before.isalpha() and len(word) < 2 and word not in _TITLES:
            continue  # an initial: "J.K.", "U.S."
        if word in _TITLES or before.isalnum() or before in ")]\"»”'’%":
            if quote == '"':
                paragraph_start = text.rfind("\n", 0, quote_start) + 1
                opening = text.count('"', paragraph_start, quote_start) % 2 == 0
                at = quote_start if opening else quote_start + 1
            else:
                at = quote_start
            edits.append((at, at, " "))
    return buf.apply(edits)


def _repeated_paragraphs(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    seen: set[str] = set()
    edits: list[_Edit] = []
    for start, end, line in _lines(buf.text):
        key = " ".join(line.split())
        if len(key) < 40 or not any(c.isalpha() for c in key):
            continue
        if key in seen:
            removed.append(Removed("repeated", key))
            edits.append((start, end, ""))
        seen.add(key)
    return buf.apply(edits)


def _wire_dateline(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    """Take the wire dateline ("KIEV, 14 janvier 2025 (AFP) -") off the lead paragraph.

    It is metadata (place, date, agency), not part of the first sentence; the
    publication date is read from it (``dateline``).
    """
    text = buf.text
    starts = [0, *(m.end() for m in _PARAGRAPH_BREAK.finditer(text))][:3]
    for start in starts:
        end = wire_dateline_end(text[start:])
        if end is not None:
            removed.append(Removed("dateline", text[start : start + end]))
            stop = start + end
            while stop < len(text) and text[stop] == " ":
                stop += 1
            return buf.apply([(start, stop, "")])
    return buf


def _whitespace(buf: _Buffer, removed: list[Removed]) -> _Buffer:
    text = buf.text
    edits: list[_Edit] = []
    for m in _WS_RUN.finditer(text):
        run = m.group(0)
        at_edge = m.start() == 0 or m.end() == len(text)
        want = "" if at_edge else "\n\n" if "\n" in run else " "
        if run != want:
            edits.append((m.start(), m.end(), want))
    return buf.apply(edits)


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")

_STEPS: tuple[Callable[[_Buffer, list[Removed]], _Buffer], ...] = (
    _clean_characters,
    _header_date,
    _broken_numbers,
    _boilerplate_lines,
    _wire_dateline,
    _soft_breaks,
    _inline_titles,
    _glued_sentences,
    _repeated_paragraphs,
    _whitespace,
)


def normalize(original: str) -> Normalized:
    """Clean ``original`` for the NLP stage, keeping a map back to it.

    >>> n = normalize("Plus de 1.\\n\\n100 soldats (JCS).L'armée")
    >>> n.text
    "Plus de 1.100 soldats (JCS). L'armée"
    >>> original = "Plus de 1.\\n\\n100 soldats (JCS).L'armée"
    >>> original[n.offsets[n.text.index("100")]]
    '1'
    """
    buf = _Buffer(original, OffsetMap((len(original), 0, 0, 1) if original else ()))
    removed: list[Removed] = []
    for _ in range(_MAX_PASSES):
        before = buf.text
        for step in _STEPS:
            buf = step(buf, removed)
        if buf.text == before:
            break
    return Normalized(buf.text, buf.offsets, tuple(removed))


def storable(text: str) -> str:
    """``text`` with NUL and noncharacters replaced by U+FFFD, one for one.

    What the graph keeps verbatim (an article's original text, its identifier)
    goes through this: Raptor ends a literal at a NUL and rejects U+FFFE. The
    length is unchanged, so offsets into the text stay valid.

    >>> storable("a\\x00b\\uffff")
    'a\ufffdb\ufffd'
    """
    return _UNSTORABLE.sub("\ufffd", text)


def clean_line(text: str | None) -> str | None:
    """A one-line metadata value (title, publisher): no invisible characters, single spaces.

    ``None`` when nothing is left.

    >>> clean_line(" Séoul\\u200f\\n  accuse\\x00 ")
    'Séoul accuse'
    """
    if text is None:
        return None
    return " ".join(_DELETE.sub("", text).split()) or None


def headline(text: str) -> str | None:
    """The first paragraph of a normalised ``text`` when it reads as a headline.

    A headline is short, has no final period, and is followed by more text.

    >>> headline("La Corée du Nord renforce son soutien\\n\\nLe texte suit.")
    'La Corée du Nord renforce son soutien'
    >>> headline("Une phrase complète.\\n\\nLe texte suit.") is None
    True
    """
    first, sep, rest = text.partition("\n\n")
    if not sep or not rest.strip():
        return None
    words = first.split()
    if not 2 <= len(words) <= 25 or len(first) > 200:
        return None
    if first.endswith((".", ",", ";", ":", "…")) or _CONTENTS.fullmatch(first):
        return None
    return first
