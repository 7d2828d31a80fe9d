"""Hostile .docx files, built byte by byte (zipfile cannot write lying or encrypted entries).

``raw_zip`` writes local headers, data and the central directory itself, so a test can give
an entry any compression method, flag or declared size. ``zip_bomb`` deflates one 1 MiB
block of text once and repeats its compressed bytes: after a full flush deflate starts
afresh, so the copies are a valid stream that inflates to ``mib`` MiB from a few hundred KB.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
DOC_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
DOC_TAIL = b"</w:body></w:document>"


@dataclass
class Entry:
    name: str
    data: bytes  # as stored: already compressed for DEFLATED
    crc: int
    size: int  # what the directory claims it inflates to
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def deflated(name: str, content: bytes, **overrides) -> Entry:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = packer.compress(content) + packer.flush()
    return Entry(name, data, zlib.crc32(content), len(content), **overrides)


def stored(name: str, content: bytes) -> Entry:
    return Entry(name, content, zlib.crc32(content), len(content), method=zipfile.ZIP_STORED)


def raw_zip(entries: list[Entry]) -> bytes:
    out, directory = bytearray(), bytearray()
    for entry in entries:
        name = entry.name.encode()
        offset = len(out)
        sizes = (entry.crc, len(entry.data), entry.size)
        out += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, entry.flags, entry.method, 0, 0x21, *sizes, len(name), 0
        )
        out += name + entry.data
        directory += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            entry.flags,
            entry.method,
            0,
            0x21,
            *sizes,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        directory += name
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def document(body: bytes) -> bytes:
    return DOC_HEAD + body + DOC_TAIL


def package(document_xml: bytes, **overrides) -> bytes:
    """A minimal Word package around ``document_xml``; ``overrides`` go to its Entry."""
    return raw_zip(
        [
            deflated("[Content_Types].xml", CONTENT_TYPES),
            deflated("_rels/.rels", RELS),
            deflated("word/document.xml", document_xml, **overrides),
        ]
    )


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def zip_bomb(mib: int, *, declared_size: int | None = None) -> bytes:
    """``mib`` MiB of 1 KiB paragraphs of "a"; the directory may claim another size."""
    head, tail = DOC_HEAD, DOC_TAIL
    block = paragraph("a" * (1024 - len(paragraph("")))) * 1024
    assert len(block) == 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    repeated = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    assert packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH) == repeated
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + mib * len(block) + len(tail)
    body = Entry("word/document.xml", first + repeated * mib + last, crc, declared_size or size)
    return raw_zip(
        [deflated("[Content_Types].xml", CONTENT_TYPES), deflated("_rels/.rels", RELS), body]
    )


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + f']><w:document xmlns:w="{W}"><w:body>'.encode()
    + paragraph("&lol9;")
    + DOC_TAIL
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    + f'<w:document xmlns:w="{W}"><w:body>'.encode()
    + paragraph("&xxe;")
    + DOC_TAIL
)


def _deflate64(content: bytes) -> bytes:
    # Windows writes Deflate64 (method 9) for large files; zipfile cannot inflate it.
    return package(content, method=9)


# Each unreadable file, and words its refusal must give (None: any reason will do).
UNREADABLE = {
    "comment inside a paragraph": (
        package(document(b"<w:p><!-- tracked --><w:r><w:t>Dear</w:t></w:r></w:p>")),
        None,
    ),
    "malformed XML": (
        package(DOC_HEAD + b"<w:p><w:r><w:t>Dear</w:r></w:p>"),
        "not well-formed XML",
    ),
    "encrypted entry": (
        package(document(paragraph("Dear")), flags=0x1),
        "encrypted",
    ),
    "unsupported compression method": (
        _deflate64(document(paragraph("Dear"))),
        "compression method",
    ),
    "entity expansion": (package(BILLION_LAUGHS), "DTD or entities"),
    "external entity": (package(EXTERNAL_ENTITY), "DTD or entities"),
    "undeclared entity reference": (
        package(document(paragraph("&nbsp;Dear"))),
        "undefined entity",
    ),
    "no document part": (
        raw_zip([deflated("[Content_Types].xml", CONTENT_TYPES)]),
        "no document body",
    ),
    "damaged deflate stream": (
        raw_zip(
            [
                deflated("_rels/.rels", RELS),
                Entry("word/document.xml", b"\xff" * 64, 0, 500),
            ]
        ),
        "damaged",
    ),
    "wrong checksum": (
        raw_zip(
            [
                deflated("_rels/.rels", RELS),
                Entry(
                    "word/document.xml",
                    document(paragraph("Dear")),
                    12345,
                    len(document(paragraph("Dear"))),
                    method=zipfile.ZIP_STORED,
                ),
            ]
        ),
        "damaged",
    ),
    "truncated zip": (package(document(paragraph("Dear")))[:-30], None),
    "thousands of entries": (
        raw_zip([deflated(f"x/{n}.xml", b"") for n in range(3_000)]),
        "more than 2000 parts",
    ),
    "deeply nested XML": (
        package(document(b"<w:p>" * 1_000 + b"</w:p>" * 1_000)),
        "nested too deeply",
    ),
}
