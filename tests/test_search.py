"""Full-text search (requests_app/selectors/search.py): what it finds, the stored documents
it reads (PostgreSQL) staying equal to a from-scratch computation, and the plans."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.urls import reverse

from requests_app.models import Exemption, FOIRequest, RequestSearch
from requests_app.selectors.search import search_requests, search_requests_probed
from requests_app.services.corrections import response_delete, response_update
from requests_app.services.requests import foi_request_delete, foi_request_update
from requests_app.services.responses import CitationInput, response_record
from requests_app.services.search_documents import (
    search_documents_rebuild,
    search_documents_refresh_exemption,
)
from tests.search_check import assert_search_documents_are_right
from tests.web.conftest import make_request, refuse_s24

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def postgresql(require_services):
    if connection.vendor != "postgresql":
        assert not require_services, "CI runs the suite on PostgreSQL"
        pytest.skip("the stored documents exist on PostgreSQL only; SQLite uses icontains")


def found(words: str, *, authority_names: bool = False) -> set[str]:
    queryset = search_requests(FOIRequest.objects.all(), words, authority_names=authority_names)
    return set(queryset.values_list("title", flat=True))


@pytest.fixture
def world(user, coventry, glasgow):
    refused = make_request(
        user, coventry, title="Prevent referrals of children", authority_reference="FOI/22-17"
    )
    refuse_s24(refused)
    lib = make_request(
        user, glasgow, title="Library closures", text="How many libraries closed in 2021?"
    )
    response_record(
        foi_request=lib,
        received_on=D(2022, 6, 20),
        kind="substantive",
        outcome="refused",
        letter_text="We do not hold records of branch closures; Warwickshire may.",
        citations=[
            CitationInput(exemption=Exemption.objects.get(code="foisa-s25"), cited_as="section 25"),
        ],
    )
    return {"refused": refused, "library": lib}


@pytest.mark.parametrize(
    "words, expected",
    [
        ("s24", {"Prevent referrals of children"}),
        ("s.24", {"Prevent referrals of children"}),
        ("section 24", {"Prevent referrals of children"}),
        ("national security", {"Prevent referrals of children"}),  # s24's title
        ("foia-s24", {"Prevent referrals of children"}),
        ("FOI/22-17", {"Prevent referrals of children"}),  # the reference, whole
        ("foi/22-17", {"Prevent referrals of children"}),
        ("22", set()),  # a piece of a reference is not the reference
        ("libraries", {"Library closures"}),  # the question's text
        ("Warwickshire", {"Library closures"}),  # the letter
        ("closures Warwickshire", {"Library closures"}),
        ("by", set()),  # a stop word alone matches nothing
        ("nothing-like-this", set()),
    ],
)
def test_what_a_search_finds(world, words, expected):
    assert found(words) == expected


@pytest.mark.parametrize(
    "words, expected",
    [
        ('"branch closures"', {"Library closures"}),  # a phrase
        ('"closures branch"', set()),
        ("closures -Warwickshire", set()),  # -word
        ("referrals OR libraries", {"Prevent referrals of children", "Library closures"}),
        # The words of one document: a citation and a word of the letter.
        ("s25 Warwickshire", {"Library closures"}),
    ],
)
def test_web_search_syntax(postgresql, world, words, expected):
    assert found(words) == expected


def test_the_api_search_also_finds_the_authority_by_name(world):
    assert found("glasgow city", authority_names=True) == {"Library closures"}
    assert found("glasgow city") == set()


def test_documents_stay_right_after_every_kind_of_write(postgresql, world, user, coventry):
    check = assert_search_documents_are_right
    check()
    refused, lib = world["refused"], world["library"]
    letter = lib.responses.get()
    response_update(response=letter, letter_text="Records are held by Warwickshire archives.")
    check()
    response_update(
        response=letter,
        citations=[CitationInput(exemption=Exemption.objects.get(code="foisa-s38"), cited_as="38")],
    )
    check()
    assert found("s25") == set() and found("s38") == {"Library closures"}
    foi_request_update(foi_request=refused, title="Prevent data", text="Numbers, please.")
    check()
    foi_request_update(foi_request=refused, authority_reference="REF 9")
    check()
    assert found("REF 9") == {"Prevent data"} and found("FOI/22-17") == set()
    foi_request_update(foi_request=refused, authority=coventry, visibility="private")
    check()
    response_delete(response=letter)
    check()
    assert found("Warwickshire") == set()
    # An answer quoting a reference gives the request one (services/responses.py).
    fresh = make_request(user, coventry, title="Grit bins")
    response_record(
        foi_request=fresh,
        received_on=D(2022, 6, 20),
        kind="acknowledgement",
        reference="CCC-4455",
    )
    check()
    assert found("CCC-4455") == {"Grit bins"}
    foi_request_delete(foi_request=fresh)
    check()


def test_an_edited_exemption_title_is_found(postgresql, world):
    s24 = Exemption.objects.get(code="foia-s24")
    s24.title = "Defence of the realm"
    s24.save()
    search_documents_refresh_exemption(s24)  # what the admin's save does
    assert_search_documents_are_right()
    assert found("realm") == {"Prevent referrals of children"}


def test_an_exemption_renamed_in_the_admin_is_found_by_its_new_title(postgresql, world, client):
    # Through the admin's form, not the service: the save must refresh the citing requests'
    # documents in its own transaction (ExemptionAdmin.save_model).
    client.force_login(
        get_user_model().objects.create_superuser("curator", "curator@example.org", "pw")
    )
    s24 = Exemption.objects.get(code="foia-s24")
    form = {k: v for k, v in model_to_dict(s24).items() if v is not None and k != "id"}
    form["absolute"] = "on" if s24.absolute else ""
    answer = client.post(
        reverse("admin:requests_app_exemption_change", args=[s24.pk]),
        {**form, "title": "Defence of the realm", "_save": "Save"},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert found("realm") == {"Prevent referrals of children"}
    assert_search_documents_are_right()


def test_rows_written_around_the_services_are_rebuilt_by_the_command(postgresql, world):
    FOIRequest.objects.filter(pk=world["library"].pk).update(title="Bus lanes")
    RequestSearch.objects.filter(request=world["refused"]).delete()
    call_command("recompute_deadlines", "--no-progress", stdout=None)
    assert_search_documents_are_right()
    assert found("bus") == {"Bus lanes"}


def test_a_rebuild_writes_only_the_documents_that_differ(postgresql, world):
    assert search_documents_rebuild() == 0  # the services kept every document right
    FOIRequest.objects.filter(pk=world["library"].pk).update(title="Bus lanes")
    with connection.cursor() as cursor:
        cursor.execute("SELECT request_id, xmin::text FROM requests_app_requestsearch")
        before = dict(cursor.fetchall())
    assert search_documents_rebuild() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT request_id, xmin::text FROM requests_app_requestsearch")
        after = dict(cursor.fetchall())
    # The untouched request's row was not rewritten; the changed one was.
    assert after[world["refused"].pk] == before[world["refused"].pk]
    assert after[world["library"].pk] != before[world["library"].pk]
    assert found("bus") == {"Bus lanes"}
    assert_search_documents_are_right()


def test_an_empty_table_or_a_full_rebuild_refills_every_document(postgresql, world):
    RequestSearch.objects.all().delete()
    assert search_documents_rebuild() == 2
    assert search_documents_rebuild(full=True) == 2
    assert_search_documents_are_right()
    assert found("referrals") == {"Prevent referrals of children"}


def test_a_large_search_is_not_counted(postgresql, world, monkeypatch):
    monkeypatch.setattr("requests_app.selectors.search.PROBE", 1)
    both = "referrals OR libraries"
    queryset, large = search_requests_probed(FOIRequest.objects.all(), both)
    assert large and queryset.count() == 2
    assert search_requests_probed(FOIRequest.objects.all(), "libraries")[1] is False


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Tiny test tables are cheaper to scan: make the planner show whether it *can* use
        # the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_search_reads_the_stored_documents_by_their_gin_index(postgresql, world):
    # A common word: every request is tested against its stored document, never re-tokenised.
    monkeypatch_free = FOIRequest.objects.public().order_by("-received_on", "-id")
    text = plan(search_requests_probed(monkeypatch_free, "national security")[0])
    assert "to_tsvector" not in text
    from requests_app.selectors.search import matching_request_ids

    ids = matching_request_ids("national security", authority_names=True)
    assert "requestsearch_document_gin" in plan(ids)


def test_the_authorities_named_by_a_search_are_found_by_index(postgresql, world):
    # Every word of a name, anywhere in it: a trigram index (0026), not a read of every body.
    from requests_app.selectors.search import _named_authorities

    assert "authority_name_trgm_idx" in plan(_named_authorities(["glasgow", "city"]))
    assert set(_named_authorities(["glasgow", "city"]).values_list("name", flat=True)) == {
        "Glasgow City Council"
    }
