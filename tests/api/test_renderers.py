"""The CSV renderer and the error translation, on their own."""

import csv
import io

from django.core.exceptions import ValidationError
from rest_framework.exceptions import ValidationError as DRFValidationError

from requests_app.api.errors import api_exception_handler
from requests_app.api.renderers import CSVRenderer


def parse(data, **context) -> list[dict]:
    text = CSVRenderer().render(data, renderer_context=context).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_nested_objects_become_dotted_columns_and_lists_are_joined():
    (row,) = parse(
        {
            "count": 1,
            "results": [
                {
                    "id": 1,
                    "deadlines": {"response_due": "2022-09-30", "next_deadline": None},
                    "citations": [{"cited_as": "s24(1)"}, {"cited_as": "s40(2)"}],
                    "can_manage": False,
                }
            ],
        }
    )
    assert row == {
        "id": "1",
        "deadlines.response_due": "2022-09-30",
        "deadlines.next_deadline": "",
        "citations": "s24(1); s40(2)",
        "can_manage": "false",
    }


def test_cells_a_spreadsheet_would_run_as_formulas_are_defused():
    (row,) = parse([{"title": '=HYPERLINK("http://evil")', "note": "@SUM(A1)", "days_left": -3}])
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["note"] == "'@SUM(A1)"
    assert row["days_left"] == "-3"  # numbers are left alone


def test_service_validation_errors_become_400s_naming_the_field():
    class View:
        service_field_names = {"citations": "exemptions"}

    response = api_exception_handler(
        ValidationError({"citations": "foia-s24 is cited twice"}), {"view": View()}
    )
    assert response.status_code == 400
    assert response.data == {"exemptions": ["foia-s24 is cited twice"]}
    response = api_exception_handler(ValidationError("no field"), {"view": None})
    assert response.data == {"non_field_errors": ["no field"]}
    # DRF's own errors pass through untouched.
    response = api_exception_handler(DRFValidationError({"title": ["bad"]}), {"view": None})
    assert response.data == {"title": ["bad"]}
