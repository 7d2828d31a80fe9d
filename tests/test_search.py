"""Full-text search (requests_app/selectors/search.py): what it finds, the stored documents
it reads (PostgreSQL) staying equal to a from-scratch computation, and the plans."""

import datetime
import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.forms.models import model_to_dict
from django.urls import reverse

from requests_app.models import Exemption, FOIRequest, RequestSearch, Response
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


def row_versions() -> dict[int, str]:
    """Each stored row's ``xmin``: it changes only when the row is written."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT request_id, xmin::text FROM requests_app_requestsearch")
        return dict(cursor.fetchall())


def test_a_rebuild_writes_only_the_documents_whose_source_differs(postgresql, world, user):
    assert search_documents_rebuild() == 0  # the services kept every document right
    kept = make_request(user, world["library"].authority, title="Grit bins")
    FOIRequest.objects.filter(pk=world["library"].pk).update(title="Bus lanes")
    # A digest lost (NULL: unknown) is recomputed, though the document itself is right.
    RequestSearch.objects.filter(request=world["refused"]).update(source_digest=None)
    before = row_versions()
    assert search_documents_rebuild() == 2
    after = row_versions()
    assert after[kept.pk] == before[kept.pk]  # its source is unchanged: not rewritten
    assert after[world["library"].pk] != before[world["library"].pk]
    assert after[world["refused"].pk] != before[world["refused"].pk]
    assert found("bus") == {"Bus lanes"}
    assert_search_documents_are_right()
    assert search_documents_rebuild() == 0


def test_a_stale_digest_is_recomputed_and_the_check_reads_no_document(postgresql, world):
    refused = world["refused"]
    RequestSearch.objects.filter(request=refused).update(
        source_digest=uuid.UUID(int=1),
        document="",  # as if made from another source
    )
    assert found("referrals") == set()
    assert search_documents_rebuild() == 1
    assert found("referrals") == {"Prevent referrals of children"}
    # A wrong document under a right digest is not seen (only the digests are compared):
    # full=True re-tokenises everything, as after a change to the configuration.
    RequestSearch.objects.filter(request=refused).update(document="")
    assert search_documents_rebuild() == 0
    assert found("referrals") == set()
    assert search_documents_rebuild(full=True) == 2
    assert found("referrals") == {"Prevent referrals of children"}
    assert_search_documents_are_right()


def insert_copy(model, pk: int, **values) -> int:
    """A copy of one row written by SQL alone, as a bulk load or a restore would: no
    service, no signal. ``values`` are SQL literals for the columns they name."""
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    table = model._meta.db_table
    chosen = ", ".join(values.get(c, c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {chosen} FROM {table} WHERE id = %s RETURNING id",
            [pk],
        )
        return cursor.fetchone()[0]


def test_rows_loaded_around_the_services_are_found_by_the_rebuild(postgresql, world):
    lib = world["library"]
    request_id = insert_copy(
        FOIRequest, lib.pk, title="'Potholes on the ring road'", reply_token="'loaded-1'"
    )
    letter = lib.responses.get()
    insert_copy(
        Response, letter.pk, request_id=str(world["refused"].pk), letter_text="'Gritting rota'"
    )
    assert found("potholes") == set() and found("gritting") == set()
    before = row_versions()
    assert search_documents_rebuild() == 2  # the new request, and the one the letter answers
    assert found("potholes") == {"Potholes on the ring road"}
    assert found("gritting") == {"Prevent referrals of children"}
    assert row_versions()[lib.pk] == before[lib.pk]
    assert request_id in row_versions()
    assert_search_documents_are_right()


def test_an_empty_table_or_a_full_rebuild_refills_every_document(postgresql, world):
    RequestSearch.objects.all().delete()
    assert search_documents_rebuild() == 2
    before = row_versions()
    assert search_documents_rebuild(full=True) == 2
    after = row_versions()
    assert all(after[pk] != before[pk] for pk in before)
    assert_search_documents_are_right()
    assert found("referrals") == {"Prevent referrals of children"}


def test_the_command_re_tokenises_every_document_when_asked(postgresql, world):
    before = row_versions()
    call_command("recompute_deadlines", "--no-progress", stdout=None)
    assert row_versions() == before  # nothing differed: nothing written
    out = io.StringIO()
    call_command("recompute_deadlines", "--no-progress", "--full-search", stdout=out)
    assert "Search documents checked: 2 rewritten." in out.getvalue()
    assert all(row_versions()[pk] != before[pk] for pk in before)
    assert_search_documents_are_right()


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
