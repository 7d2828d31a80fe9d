"""The text of a DOCX, read without trusting the file (standard library only).

A DOCX is a zip of XML parts; anyone who can sign up can upload one, so it is read as hostile:

- the zip directory is checked before anything is inflated: how many entries, how big each
  part claims to be and how far it inflates (a 1 MB file whose ``document.xml`` inflates to
  500 MB is a zip bomb); only stored or deflated, unencrypted entries are read;
- the part is inflated a chunk at a time and never past ``MAX_PART_BYTES``, whatever the
  directory claims;
- each chunk goes straight to expat, which builds no tree: the handlers below keep only the
  text. A DTD, entity declaration or reference to an undeclared entity ends the read (Word
  never writes one; they are how billion-laughs and external-entity attacks start);
- reading stops as soon as the text passes ``max_chars``.

So a hostile file costs at most one part's worth of inflating and parsing, in a few MB of
memory. Every failure is a ``DocxUnreadable`` whose message says why, for the user.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import NoReturn
from xml.parsers import expat

MAX_ENTRIES = 2_000
MAX_DIRECTORY_BYTES = 1024 * 1024
# A long, heavily formatted letter's document.xml is a few MB; 20 MB is far past any letter.
MAX_PART_BYTES = 20 * 1024 * 1024
# Word's XML deflates 5-20 times; a bomb inflates thousands of times.
MAX_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024
MAX_DEPTH = 256
CHUNK_BYTES = 64 * 1024

MAIN_PART = "word/document.xml"
RELS_PART = "_rels/.rels"
OFFICE_DOCUMENT = "/officeDocument"
READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
EOCD = b"PK\x05\x06"


class DocxUnreadable(ValueError):
    """The DOCX cannot be read safely; the message says why."""


class TooMuchText(DocxUnreadable):
    def __init__(self, limit: int) -> None:
        super().__init__(f"it holds more than {limit:,} characters of text; the limit is {limit:,}")


def docx_text(data: bytes, max_chars: int) -> str:
    """Paragraphs and table rows (``| a | b |``) of the document body, in order."""
    _check_directory_size(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, struct.error) as exc:
        raise DocxUnreadable("it is not a valid Word file (the zip is damaged)") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ENTRIES:
            raise DocxUnreadable(f"it holds more than {MAX_ENTRIES} parts")
        body = _BodyText(max_chars)
        _read_part(archive, _main_part_name(archive), body.handlers())
        return body.text()


def _check_directory_size(data: bytes) -> None:
    """Refuse a central directory too big for any Word file before zipfile loads it whole."""
    end = data.rfind(EOCD, max(0, len(data) - 65_557))
    if end < 0 or end + 22 > len(data):
        raise DocxUnreadable("it is not a valid Word file (no zip directory)")
    entries, size = struct.unpack_from("<HI", data, end + 10)
    if entries != 0xFFFF and entries > MAX_ENTRIES:
        raise DocxUnreadable(f"it holds more than {MAX_ENTRIES} parts")
    if size != 0xFFFFFFFF and size > MAX_DIRECTORY_BYTES:
        raise DocxUnreadable("its zip directory is too large for a letter")


def _main_part_name(archive: zipfile.ZipFile) -> str:
    """The part the package's relationships call the office document (Word: word/document.xml)."""
    names = set(archive.namelist())
    target = ""
    if RELS_PART in names:
        found: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            if name.endswith("Relationship") and attrs.get("Type", "").endswith(OFFICE_DOCUMENT):
                found.append(attrs.get("Target", ""))

        _read_part(archive, RELS_PART, {"StartElementHandler": start})
        target = found[0] if found else ""
    name = posixpath.normpath(target.lstrip("/")) if target else MAIN_PART
    if name not in names:
        raise DocxUnreadable("it has no document body (word/document.xml)")
    return name


def _read_part(archive: zipfile.ZipFile, name: str, handlers: dict[str, Callable]) -> None:
    info = archive.getinfo(name)
    _check_entry(info)
    parser = _hardened_parser()
    for event, handler in handlers.items():
        setattr(parser, event, handler)
    inflated = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                inflated += len(chunk)
                if inflated > MAX_PART_BYTES:  # the directory lied about the size
                    raise DocxUnreadable(f"{name} inflates past {MAX_PART_BYTES // 2**20} MB")
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except DocxUnreadable:
        raise
    except expat.ExpatError as exc:
        reason = expat.ErrorString(exc.code) if exc.code else str(exc)
        raise DocxUnreadable(f"{name} is not well-formed XML ({reason})") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise DocxUnreadable(f"{name} is damaged ({exc.__class__.__name__})") from exc


def _check_entry(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise DocxUnreadable("it is encrypted (password-protected)")
    if info.compress_type not in READABLE_METHODS:
        raise DocxUnreadable("it uses a compression method Word never writes")
    if info.file_size > MAX_PART_BYTES:
        raise DocxUnreadable(
            f"{info.filename} inflates to {info.file_size // 2**20} MB; "
            f"the limit is {MAX_PART_BYTES // 2**20} MB"
        )
    if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_RATIO * max(
        info.compress_size, 1
    ):
        raise DocxUnreadable(f"{info.filename} inflates over {MAX_RATIO} times (a zip bomb?)")


def _hardened_parser() -> expat.XMLParserType:
    """An expat parser that refuses any DTD or entity: a Word part never has one."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args) -> NoReturn:
        raise DocxUnreadable("it declares a DTD or entities, which Word never writes")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SkippedEntityHandler = refuse
    parser.buffer_text = True
    return parser


# Characters a run holds as elements rather than text: Word's soft line break (Shift+Enter,
# also how a page or column break is written), the carriage return and the tab. Only as the
# child of a run (``w:r``): ``w:tab`` in a paragraph's properties is a tab stop, not text.
RUN_BREAKS = {"br": "\n", "cr": "\n", "tab": "\t"}


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


class _BodyText:
    """Collects the body's paragraphs and table rows as expat reports them.

    A top-level paragraph is the text of every ``w:t`` in it, with its runs' soft line breaks
    and tabs. A table row becomes
    ``| cell | cell |``, a cell being its paragraphs joined by spaces; a row's slot is taken
    when it opens, so an outer row still comes before the rows of a table nested in it.
    """

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.chars = 0
        self.parts: list[str | None] = []
        self.stack: list[str] = []
        self.paragraph: list[str] | None = None  # the open top-level paragraph
        self.rows: list[tuple[int, list[str]]] = []  # open rows: (slot, finished cells)
        self.cells: list[list[str]] = []  # open cells: their paragraphs, the last one open
        self.in_text = 0

    def handlers(self) -> dict[str, Callable]:
        return {
            "StartElementHandler": self.start,
            "EndElementHandler": self.end,
            "CharacterDataHandler": self.data,
        }

    def _count(self, n: int) -> None:
        self.chars += n
        if self.chars > self.max_chars:
            raise TooMuchText(self.max_chars)

    def start(self, name: str, _attrs) -> None:
        tag = _local(name)
        depth = len(self.stack)
        self.stack.append(tag)
        if depth >= MAX_DEPTH:
            raise DocxUnreadable("its XML is nested too deeply")
        if tag == "t":
            self.in_text += 1
        elif tag in RUN_BREAKS and depth and self.stack[-2] == "r":
            self._break(tag)
        elif depth == 2 and tag == "p" and self.stack[1] == "body":
            self.paragraph = []
        elif tag == "tr" and (self.rows or (depth == 3 and self.stack[1:3] == ["body", "tbl"])):
            self._separate()
            self.parts.append(None)
            self.rows.append((len(self.parts) - 1, []))
        elif tag == "tc" and self.rows and self.stack[-2] == "tr":
            self.cells.append([])
        elif tag == "p" and self.cells:
            self.cells[-1].append("")

    def end(self, name: str) -> None:
        tag = self.stack.pop()
        depth = len(self.stack)
        if tag == "t":
            self.in_text -= 1
        elif depth == 2 and tag == "p" and self.paragraph is not None:
            self._emit("".join(self.paragraph))
            self.paragraph = None
        elif tag == "tc" and self.cells and self.stack[-1] == "tr":
            cell = " ".join(self.cells.pop()).strip()
            self.rows[-1][1].append(cell)
        elif tag == "tr" and self.rows:
            slot, cells = self.rows.pop()
            row = "| " + " | ".join(cells) + " |"
            self._count(len(row) - sum(map(len, cells)))  # the cells' text is counted
            self.parts[slot] = row

    def data(self, text: str) -> None:
        if not self.in_text:
            return
        self._add(text)

    def _break(self, tag: str) -> None:
        # A soft line break inside a table cell would split the ``| a | b |`` row: a space.
        self._add(" " if self.cells and self.cells[-1] else RUN_BREAKS[tag])

    def _add(self, text: str) -> None:
        self._count(len(text))
        if self.cells and self.cells[-1]:
            self.cells[-1][-1] += text
        elif self.paragraph is not None:
            self.paragraph.append(text)

    def _emit(self, part: str) -> None:
        self._separate()
        self.parts.append(part)

    def _separate(self) -> None:
        if self.parts:
            self._count(2)  # "\n\n" between parts

    def text(self) -> str:
        text = "\n\n".join(part for part in self.parts if part is not None).strip()
        if len(text) > self.max_chars:
            raise TooMuchText(self.max_chars)
        return text
