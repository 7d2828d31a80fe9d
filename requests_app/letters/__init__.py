"""The response-letter analyser: pure Python, no Django.

``analyse_letter(text, regime=None)`` suggests the outcome, exemptions, not-held parts and the
letter's particulars; ``extract_text(filename, data)`` reads an uploaded PDF, DOCX or text file.
"""

from requests_app.letters.analyser import MAX_LETTER_CHARS, analyse_letter
from requests_app.letters.extract import MAX_DOCUMENT_BYTES, UnreadableDocument, extract_text
from requests_app.letters.model import (
    ExemptionFinding,
    LetterAnalysis,
    NotHeldFinding,
    QuestionFinding,
    ReviewWindow,
)

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_LETTER_CHARS",
    "ExemptionFinding",
    "LetterAnalysis",
    "NotHeldFinding",
    "QuestionFinding",
    "ReviewWindow",
    "UnreadableDocument",
    "analyse_letter",
    "extract_text",
]
