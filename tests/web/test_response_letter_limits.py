"""The response form's letter limits (issue 11 items 1-3): pasted or uploaded, saved or analysed.

The same 100,000-character cap applies to pasted text and to an uploaded letter's text, and
a letter that is too long, a file too big or one that cannot be read is an error on its
field (400, nothing saved), never a server error.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.letters import MAX_LETTER_CHARS
from requests_app.models import Response
from tests.letters import hostile_docx as hostile
from tests.letters.hostile_docx import UNREADABLE
from tests.web.conftest import make_request

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMPTY_FORMSET = {"cit-TOTAL_FORMS": "0", "cit-INITIAL_FORMS": "0"}


@pytest.fixture
def foi_request(campaigner, coventry):
    return make_request(campaigner, coventry)


def _post(client, foi_request, fields, *, analyse=False):
    data = {**EMPTY_FORMSET, **fields}
    if analyse:
        data["analyse"] = "1"
    else:
        data |= {"response-received_on": "2022-07-13", "response-outcome": "refused"}
    return client.post(f"/requests/{foi_request.pk}/response/", data)


def _errors(page, field):
    item = next(a for a in page.context["actions"] if a["action"].slug == "response")
    return item["form"].errors.get(field, [])


def test_an_uploaded_letter_over_the_cap_is_a_form_error_and_nothing_is_saved(
    campaigner_client, foi_request, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    long_letter = ("We do not hold this information. " * 100_000).encode()  # 3.3 M characters
    upload = SimpleUploadedFile("long.txt", long_letter, "text/plain")
    page = _post(campaigner_client, foi_request, {"response-attachment": upload})
    assert page.status_code == 400
    assert _errors(page, "attachment") == [
        "“long.txt” holds 3,300,000 characters of text; the limit is 100,000. "
        "Paste the letter's text instead."
    ]
    assert not Response.objects.exists()


def test_pasted_text_over_the_cap_is_a_form_error(campaigner_client, foi_request):
    page = _post(
        campaigner_client, foi_request, {"response-letter_text": "x" * (MAX_LETTER_CHARS + 1)}
    )
    assert page.status_code == 400
    assert _errors(page, "letter_text")
    assert not Response.objects.exists()


def test_a_docx_zip_bomb_is_a_form_error(campaigner_client, foi_request):
    # That it is refused without inflating is tests/letters/test_docx_text.py's memory check.
    upload = SimpleUploadedFile("bomb.docx", hostile.zip_bomb(150), DOCX)
    page = _post(campaigner_client, foi_request, {"response-attachment": upload})
    assert page.status_code == 400
    assert _errors(page, "attachment")[0].startswith("“bomb.docx” cannot be read")
    assert not Response.objects.exists()


def test_analysing_a_pasted_letter_over_the_cap_is_a_form_error(campaigner_client, foi_request):
    page = _post(
        campaigner_client,
        foi_request,
        {"response-letter_text": "x" * (MAX_LETTER_CHARS + 1)},
        analyse=True,
    )
    assert page.status_code == 400
    assert _errors(page, "letter_text") == [
        "The letter is 100,001 characters long; the limit is 100,000"
    ]
    assert 'aria-invalid="true"' in page.content.decode()


def test_analysing_a_file_over_10_mb_is_a_form_error(campaigner_client, foi_request):
    upload = SimpleUploadedFile("big.txt", b"a" * (10 * 1024 * 1024 + 1), "text/plain")
    page = _post(campaigner_client, foi_request, {"response-attachment": upload}, analyse=True)
    assert page.status_code == 400
    assert _errors(page, "attachment") == ["The file is larger than 10 MB"]


def test_analysing_a_long_uploaded_letter_is_a_form_error(campaigner_client, foi_request):
    upload = SimpleUploadedFile("long.txt", b"a" * (MAX_LETTER_CHARS + 1), "text/plain")
    page = _post(campaigner_client, foi_request, {"response-attachment": upload}, analyse=True)
    assert page.status_code == 400
    assert "holds 100,001 characters" in _errors(page, "attachment")[0]


@pytest.mark.parametrize("case", [c for c in UNREADABLE if c != "comment inside a paragraph"])
def test_analysing_an_unreadable_docx_is_a_form_error_naming_it(
    campaigner_client, foi_request, case
):
    upload = SimpleUploadedFile("reply.docx", UNREADABLE[case][0], DOCX)
    page = _post(campaigner_client, foi_request, {"response-attachment": upload}, analyse=True)
    assert page.status_code == 400
    assert _errors(page, "attachment")[0].startswith("“reply.docx” cannot be read")
