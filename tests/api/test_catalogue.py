"""``authorities/`` (site staff write) and ``exemptions/`` (read-only statutory catalogue)."""

import csv
import io

import pytest

from requests_app.api.authorities import AuthoritySerializer, AuthorityViewSet
from requests_app.api.renderers import CSVRenderer
from requests_app.law.exemptions import CATALOGUE
from requests_app.models import PublicAuthority
from tests import factories
from tests.api.conftest import client_for, make_request

AUTHORITIES = "/api/v1/authorities/"
EXEMPTIONS = "/api/v1/exemptions/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_anyone_lists_and_filters_authorities(anon, coventry, glasgow):
    factories.AuthorityFactory(
        name="West Midlands Police", slug="west-midlands-police", authority_type="police"
    )
    assert slugs(anon.get(AUTHORITIES)) == [
        "coventry-city-council",
        "glasgow-city-council",
        "west-midlands-police",
    ]
    assert slugs(anon.get(AUTHORITIES, {"nation": "scotland"})) == ["glasgow-city-council"]
    assert slugs(anon.get(AUTHORITIES, {"authority_type": "police"})) == ["west-midlands-police"]
    assert slugs(anon.get(AUTHORITIES, {"search": "city coventry"})) == ["coventry-city-council"]
    assert slugs(anon.get(AUTHORITIES, {"regime": "foisa"})) == ["glasgow-city-council"]
    detail = anon.get(f"{AUTHORITIES}glasgow-city-council/").json()
    assert detail["default_regime"] == "foisa"
    rows = list(
        csv.DictReader(io.StringIO(anon.get(AUTHORITIES, {"format": "csv"}).getvalue().decode()))
    )
    assert rows[0]["slug"] == "coventry-city-council"
    assert anon.get(AUTHORITIES, {"nation": "wessex"}).status_code == 400


def test_only_site_staff_write_authorities(anon, alice, site_staff, coventry):
    payload = {"slug": "leeds-city-council", "name": "Leeds City Council"}
    payload |= {"authority_type": "local_council", "nation": "england"}
    assert anon.post(AUTHORITIES, payload).status_code == 401
    assert client_for(alice).post(AUTHORITIES, payload).status_code == 403
    staff = client_for(site_staff)
    created = staff.post(AUTHORITIES, payload)
    assert created.status_code == 201, created.content
    assert created.json()["default_regime"] == "foia"
    clash = staff.post(AUTHORITIES, {**payload, "name": "Another"})
    assert clash.status_code == 400
    assert "already taken" in clash.json()["slug"][0]
    bad = staff.post(AUTHORITIES, {**payload, "slug": "x", "nation": "wessex"})
    assert bad.status_code == 400
    assert "nation" in bad.json()
    edited = staff.patch(f"{AUTHORITIES}leeds-city-council/", {"name": "Leeds CC"})
    assert edited.json()["name"] == "Leeds CC"
    assert client_for(alice).delete(f"{AUTHORITIES}leeds-city-council/").status_code == 403
    assert staff.delete(f"{AUTHORITIES}leeds-city-council/").status_code == 204


def test_an_authority_with_requests_cannot_be_deleted(site_staff, alice, coventry):
    make_request(alice, coventry)
    response = client_for(site_staff).delete(f"{AUTHORITIES}{coventry.slug}/")
    assert response.status_code == 400
    assert "1 request(s)" in response.json()["slug"][0]
    assert PublicAuthority.objects.filter(pk=coventry.pk).exists()


def test_a_schools_requests_move_when_its_type_changes(site_staff, alice, coventry):
    foi_request = make_request(alice, coventry)
    before = foi_request.response_due_latest
    client_for(site_staff).patch(f"{AUTHORITIES}{coventry.slug}/", {"authority_type": "school"})
    foi_request.refresh_from_db()
    # Schools: the latest date is 60 working days (SI 2004/3364, foi-law.md "Clock rules").
    assert foi_request.response_due_latest > before


def test_the_catalogue_is_read_only_and_complete(anon, site_staff, db):
    response = anon.get(EXEMPTIONS, {"page_size": 500})
    assert response.json()["count"] == len(CATALOGUE)
    eir = anon.get(EXEMPTIONS, {"regime": "eir"}).json()["results"]
    assert {row["code"] for row in eir} >= {"eir-r12-5-e", "eir-r13"}
    s24 = anon.get(f"{EXEMPTIONS}foia-s24/").json()
    assert s24 == {
        "code": "foia-s24",
        "regime": "foia",
        "section": "24",
        "title": "National security",
        "absolute": False,
        "kind": "exemption",
        "note": "",
    }
    absolute = anon.get(EXEMPTIONS, {"regime": "foia", "absolute": "true"}).json()["results"]
    assert {row["section"] for row in absolute} >= {"21", "23", "32", "41", "44"}
    staff = client_for(site_staff)
    assert staff.post(EXEMPTIONS, {"code": "foia-s99"}).status_code == 405
    assert staff.patch(f"{EXEMPTIONS}foia-s24/", {"title": "x"}).status_code == 405
    assert staff.delete(f"{EXEMPTIONS}foia-s24/").status_code == 405
    assert anon.get(EXEMPTIONS, {"regime": "gdpr"}).status_code == 400


@pytest.mark.parametrize("code", ["foia-s99", "nonsense"])
def test_unknown_exemption_is_404(anon, db, code):
    assert anon.get(f"{EXEMPTIONS}{code}/").status_code == 404


def test_the_authorities_csv_is_streamed_with_the_json_cells(anon, coventry, glasgow):
    """Every column as the renderer wrote it from the serializer, streamed (on PostgreSQL
    written by its COPY): formulas defused, blanks and nulls empty, booleans true/false."""
    factories.AuthorityFactory(
        name="=Old Council", slug="old-council", active=False, replaced_by=coventry, wdtk_id=7
    )
    PublicAuthority.objects.filter(slug="glasgow-city-council").update(email="", website="")
    response = anon.get(AUTHORITIES, {"format": "csv"})
    assert response.streaming
    streamed = response.getvalue().decode()
    data = AuthoritySerializer(PublicAuthority.objects.order_by("name", "id"), many=True).data
    view = AuthorityViewSet(action="list")
    assert streamed == CSVRenderer().render(data, renderer_context={"view": view}).decode()
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(streamed))}
    old = rows["old-council"]
    assert (old["name"], old["active"], old["replaced_by"], old["wdtk_id"]) == (
        "'=Old Council",
        "false",
        "coventry-city-council",
        "7",
    )
    assert (rows["glasgow-city-council"]["email"], rows["glasgow-city-council"]["website"]) == (
        "",
        "",
    )
