"""POST /api/v1/letters/analyse/: the response-letter analyser over HTTP (issue 7)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from requests_app.api.letters import MAX_UPLOAD_BYTES, LetterAnalysisSerializer
from requests_app.letters import MAX_LETTER_CHARS
from tests.factories import UserFactory
from tests.letters import hostile_docx as hostile
from tests.letters.hostile_docx import UNREADABLE
from tests.letters.pdf import minimal_pdf

URL = "/api/v1/letters/analyse/"
SEED = Path("/work/shared/seeds/002_10e580f5a6844f19.txt")
if not SEED.exists():  # the repository's own copy when the shared folder is not mounted
    SEED = Path(__file__).resolve().parent.parent / "letters" / "corpus" / "01_coventry_s24.txt"

REFUSAL_LINES = [
    "Our ref: FOI/2023/0456",
    "Date: 3 March 2023",
    "Freedom of Information Act 2000",
    "The contract is held but is exempt under section 43(2) (commercial interests).",
    "We have considered the public interest test and it favours withholding the information.",
    "If you are unhappy you may ask for an internal review within 40 working days.",
]


@pytest.fixture
def client(db):
    api = APIClient()
    api.force_authenticate(UserFactory(username="analyst"))
    return api


def _docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_json_text_gives_the_seed_letters_findings(client):
    text = SEED.read_text()
    response = client.post(URL, {"text": text}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["regime"] == "foia"
    assert body["regime_inferred"] is True
    assert body["outcome"] == "refused"
    assert body["reference"] == "FOI429836404"
    assert body["date"] == "2022-07-13"
    assert body["regulator"] == "ico"
    assert body["review_window"] == {"amount": 40, "unit": "days", "text": "within 40 days"}
    (s24,) = body["exemptions"]
    assert s24["code"] == "foia-s24"
    assert s24["subsection"] == "24(1)"
    assert s24["public_interest_test"] is True
    assert s24["ncnd"] is False
    start, end = s24["span"]
    assert body["text"][start:end].startswith("Section 24(1)")
    (not_held,) = body["not_held"]
    assert not_held["questions"] == [3]
    assert not_held["held_by"] == "West Midlands Police"
    statuses = {q["number"]: q["status"] for q in body["questions"]}
    assert statuses == {1: "refused", 2: "refused", 3: "not_held"}


def test_response_has_exactly_the_documented_keys(client):
    body = client.post(URL, {"text": SEED.read_text()}, format="json").json()
    documented = LetterAnalysisSerializer()
    assert set(body) == set(documented.fields)
    nested = documented.fields["exemptions"].child.fields
    assert set(body["exemptions"][0]) == set(nested)


def test_the_given_regime_is_used_and_not_inferred(client):
    text = "Our ref: EIR-22-1\nThe information is exempt under regulation 12(5)(e)."
    response = client.post(URL, {"text": text, "regime": "eir"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["regime"] == "eir"
    assert body["regime_inferred"] is False
    assert [e["code"] for e in body["exemptions"]] == ["eir-r12-5-e"]


def test_pdf_upload_is_read_and_analysed(client):
    upload = SimpleUploadedFile("letter.pdf", minimal_pdf(REFUSAL_LINES), "application/pdf")
    response = client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reference"] == "FOI/2023/0456"
    assert body["date"] == "2023-03-03"
    assert body["outcome"] == "refused"
    assert [(e["code"], e["public_interest_test"]) for e in body["exemptions"]] == [
        ("foia-s43", True)
    ]
    assert body["review_window"]["unit"] == "working_days"
    assert "section 43(2)" in body["text"]


def test_docx_upload_reads_paragraphs_and_tables(client):
    data = _docx(
        [
            "Environmental Information Regulations 2004",
            "Our reference: EIR 2023-045",
            "12 April 2023",
            "Please find the information you requested in the table below.",
        ],
        table=[["Year", "Complaints"], ["2021", "143"], ["2022", "167"]],
    )
    upload = SimpleUploadedFile(
        "reply.docx",
        data,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response = client.post(URL, {"file": upload, "regime": "eir"}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["outcome"] == "granted"
    assert body["exemptions"] == []
    assert body["reference"] == "EIR 2023-045"
    assert body["date"] == "2023-04-12"
    assert "| 2022 | 167 |" in body["text"]


def test_plain_text_upload(client):
    upload = SimpleUploadedFile("letter.txt", "\n".join(REFUSAL_LINES).encode(), "text/plain")
    response = client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 200
    assert response.json()["exemptions"][0]["code"] == "foia-s43"


def test_missing_letter_is_a_400_naming_text(client):
    response = client.post(URL, {"regime": "foia"}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()


def test_blank_text_is_a_400(client):
    response = client.post(URL, {"text": "   \n "}, format="json")
    assert response.status_code == 400
    assert response.json()["text"] == ["the letter is empty"]


def test_text_and_file_together_is_a_400(client):
    upload = SimpleUploadedFile("letter.txt", b"Our ref: 1", "text/plain")
    response = client.post(URL, {"text": "a letter", "file": upload}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()


def test_unknown_regime_is_a_400_naming_regime(client):
    response = client.post(URL, {"text": "a letter", "regime": "gdpr"}, format="json")
    assert response.status_code == 400
    assert "regime" in response.json()


def test_text_over_the_limit_is_a_400(client):
    response = client.post(URL, {"text": "x" * (MAX_LETTER_CHARS + 1)}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()


def test_oversized_upload_is_a_400(client):
    upload = SimpleUploadedFile("big.txt", b"a" * (MAX_UPLOAD_BYTES + 1), "text/plain")
    response = client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "limit" in response.json()["file"][0]


def test_corrupt_pdf_is_a_400_naming_file(client):
    upload = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 not really a pdf", "application/pdf")
    response = client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "PDF" in response.json()["file"][0]


def test_pdf_without_text_layer_asks_for_pasted_text(client):
    upload = SimpleUploadedFile("scan.pdf", minimal_pdf([]), "application/pdf")
    response = client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "paste the text" in response.json()["file"][0]


def test_unsupported_file_type_is_a_400(client):
    upload = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
    response = client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "PDF, DOCX or plain text" in response.json()["file"][0]


def test_anonymous_clients_are_refused(db):
    response = APIClient().post(URL, {"text": "a letter"}, format="json")
    assert response.status_code in (401, 403)


# --- Hostile uploads (issue 11 items 1 and 2) ---------------------------------------------------


def _word_upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_a_docx_zip_bomb_is_a_400(client):
    # That it is refused without inflating is tests/letters/test_docx_text.py's memory check.
    response = client.post(
        URL, {"file": _word_upload("bomb.docx", hostile.zip_bomb(150))}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["file"][0].startswith("“bomb.docx” cannot be read")


@pytest.mark.parametrize("case", [c for c in UNREADABLE if c != "comment inside a paragraph"])
def test_every_unreadable_docx_is_a_400_naming_the_file(client, case):
    data, _ = UNREADABLE[case]
    response = client.post(URL, {"file": _word_upload("reply.docx", data)}, format="multipart")
    assert response.status_code == 400, response.content
    assert "“reply.docx” cannot be read" in response.json()["file"][0]


def test_a_docx_with_a_comment_in_a_paragraph_is_read(client):
    data, _ = UNREADABLE["comment inside a paragraph"]
    response = client.post(URL, {"file": _word_upload("reply.docx", data)}, format="multipart")
    assert response.status_code == 200, response.content
    assert response.json()["text"] == "Dear"


def test_a_text_file_over_the_character_limit_is_a_400_naming_it(client):
    upload = SimpleUploadedFile("long.txt", b"x" * (MAX_LETTER_CHARS + 1), "text/plain")
    response = client.post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["file"] == [
        "“long.txt” holds 100,001 characters of text; the limit is 100,000"
    ]
