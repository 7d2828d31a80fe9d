"""Reading a hostile DOCX (issue 11 items 1 and 2): refused fast, in little memory, never a crash.

Every file is built here, byte by byte (``hostile_docx``). Before the reader was hardened,
python-docx inflated a bomb whole (150 MB in memory, many seconds) and each malformed file
below escaped as an exception other than ``UnreadableDocument``, which the API answered 500.
"""

from __future__ import annotations

import io
import tracemalloc

import docx
import pytest

from requests_app.letters import MAX_LETTER_CHARS, UnreadableDocument, extract_text
from requests_app.letters.docx_text import MAX_PART_BYTES
from tests.letters import hostile_docx as hostile
from tests.letters.hostile_docx import UNREADABLE

MB = 2**20


def _measured(data: bytes, name: str = "bomb.docx") -> tuple[str, float]:
    """(the error message, peak MB of Python allocations) of reading ``data``. Memory, not
    time, shows the part was never inflated whole: a timed assertion would fail on a loaded
    machine and prove nothing on a fast one."""
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableDocument) as error:
            extract_text(name, data)
        return str(error.value), tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_from_its_directory_in_little_memory():
    bomb = hostile.zip_bomb(150)  # 150 MiB of text in 150 KB
    assert len(bomb) < 2 * MB
    message, peak = _measured(bomb)
    assert "“bomb.docx”" in message
    assert "word/document.xml inflates to 150 MB" in message
    assert peak < 20


def test_a_bomb_whose_directory_lies_about_its_size_is_cut_off_at_the_declared_size():
    bomb = hostile.zip_bomb(150, declared_size=10 * 1024)
    message, peak = _measured(bomb)
    assert "“bomb.docx” cannot be read" in message
    assert peak < 20


def test_a_part_just_under_the_size_limits_stops_at_the_character_limit():
    # 19 MiB of text deflates about 1,000 times: refused by ratio before inflating.
    message, _ = _measured(hostile.zip_bomb(19))
    assert "inflates over 100 times" in message
    # An honest part (stored, not compressed) under 20 MB: read only until 100,000 characters.
    text = b"<w:p><w:r><w:t>" + b"a" * (MAX_PART_BYTES - 200) + b"</w:t></w:r></w:p>"
    stored = hostile.raw_zip([hostile.stored("word/document.xml", hostile.document(text))])
    message, peak = _measured(stored)
    assert f"more than {MAX_LETTER_CHARS:,} characters of text" in message
    assert peak < 60  # the 20 MB upload itself is most of it


def test_text_at_the_limit_is_read_and_one_character_more_is_not():
    body = b"x" * MAX_LETTER_CHARS
    data = hostile.package(hostile.document(b"<w:p><w:r><w:t>" + body + b"</w:t></w:r></w:p>"))
    assert extract_text("long.docx", data) == body.decode()
    data = hostile.package(
        hostile.document(b"<w:p><w:r><w:t>" + body + b"y</w:t></w:r></w:p>"),
    )
    with pytest.raises(UnreadableDocument, match="more than 100,000 characters"):
        extract_text("long.docx", data)


def test_many_empty_paragraphs_count_towards_the_limit():
    data = hostile.package(hostile.document(b"<w:p/>" * 60_000))
    with pytest.raises(UnreadableDocument, match="more than 100,000 characters"):
        extract_text("blank.docx", data)


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_an_unreadable_docx_is_refused_with_a_reason_naming_the_file(case):
    data, reason = UNREADABLE[case]
    if case == "comment inside a paragraph":
        # Comments are not text: the paragraph reads as if they were not there.
        assert extract_text("letter.docx", data) == "Dear"
        return
    with pytest.raises(UnreadableDocument) as error:
        extract_text("letter.docx", data)
    assert "“letter.docx” cannot be read" in str(error.value)
    if reason:
        assert reason in str(error.value)


def test_word_documents_still_read_in_order_with_tables_and_nested_tables():
    document = docx.Document()
    document.add_paragraph("Our ref: X-1")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Question 1"
    table.cell(0, 1).text = "Exempt under s43(2)"
    table.cell(1, 0).text = "Question 2"
    table.cell(1, 1).add_paragraph("Second paragraph")
    table.cell(1, 1).paragraphs[0].text = "Not held"
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "inner"
    document.add_paragraph("Yours sincerely, \u00a3 & <co>")
    buffer = io.BytesIO()
    document.save(buffer)
    assert extract_text("letter.docx", buffer.getvalue()).split("\n\n") == [
        "Our ref: X-1",
        "| Question 1 | Exempt under s43(2) |",
        "| Question 2 | Not held Second paragraph |",
        "| inner |",
        "Yours sincerely, \u00a3 & <co>",
    ]
