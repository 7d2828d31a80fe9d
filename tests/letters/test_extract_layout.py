"""Layout survives extraction: a PDF's paragraph breaks are only vertical gaps, and a DOCX's
soft line breaks and tabs are elements, not text. The analyser reads paragraphs and lines, so
a letter must read the same from its PDF or DOCX as from its text."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.shared import Pt

from requests_app.letters import analyse_letter, extract_text
from tests.letters.pdf import minimal_pdf, paragraph_pdf

CORPUS = Path(__file__).resolve().parent / "corpus"
# Where a finding sits moves with the layout (a PDF wraps lines); what is found must not.
OFFSETS = {"spans", "span", "mentions", "evidence", "held_by_span"}


def coventry() -> str:
    return (CORPUS / "01_coventry_s24.txt").read_text()


def findings(text: str) -> dict:
    def without_offsets(value):
        if isinstance(value, dict):
            return {k: without_offsets(v) for k, v in value.items() if k not in OFFSETS}
        if isinstance(value, list):
            return [without_offsets(v) for v in value]
        return value

    return without_offsets(analyse_letter(text).to_dict())


def paragraphs(text: str) -> list[str]:
    return [p.strip("\n") for p in text.split("\n\n") if p.strip()]


def test_pdf_with_spaced_paragraphs_reads_like_its_text():
    # Laid out as a word processor exports it: wrapped lines, a 6 pt gap after each paragraph,
    # and no blank or space-only lines in the text layer; the letter runs to two pages.
    text = extract_text("response.pdf", paragraph_pdf(coventry()))
    assert "\n\n" in text and "\f" in text
    analysis = analyse_letter(text)
    assert analysis.outcome == "refused"
    assert [e.code for e in analysis.exemptions] == ["foia-s24"]
    assert analysis.reference == "FOI429836404"
    assert findings(text) == findings(coventry())


def test_pdf_paragraphs_are_split_at_gaps_and_wrapped_lines_kept_together():
    text = extract_text("r.pdf", paragraph_pdf("Dear Sir\n\nOne two three four five six", 13))
    assert text == "Dear Sir\n\nOne two three\nfour five six"


def test_pdf_with_blank_lines_in_its_text_layer_gets_no_extra_breaks():
    assert extract_text("r.pdf", minimal_pdf(["a", "b", " ", "c"])) == "a\nb\n \nc"


def coventry_docx(soft_breaks: bool = True) -> bytes:
    """Each paragraph of the letter a Word paragraph, its lines joined by Shift+Enter."""
    document = docx.Document()
    for paragraph in paragraphs(coventry()):
        run = document.add_paragraph().add_run()
        for i, line in enumerate(paragraph.split("\n")):
            if i and soft_breaks:
                run.add_break()
            run.add_text(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_soft_line_breaks_read_like_the_text():
    text = extract_text("response.docx", coventry_docx())
    assert "Postal Address:\nCoventry City Council\nPO Box 15" in text
    assert paragraphs(text) == paragraphs(coventry())
    assert findings(text) == findings(coventry())


def test_docx_tabs_are_text_but_tab_stops_are_not():
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(72))
    run = paragraph.add_run("Our ref:")
    run.add_tab()
    run.add_text("FOI-1")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("Question 1").add_break()
    cell.paragraphs[0].add_run("Exempt")
    buffer = io.BytesIO()
    document.save(buffer)
    # A soft break in a cell would split the row over two lines: it reads as a space there.
    assert extract_text("r.docx", buffer.getvalue()).split("\n\n") == [
        "Our ref:\tFOI-1",
        "| Question 1 Exempt |",
    ]
