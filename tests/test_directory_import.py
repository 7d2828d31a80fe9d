"""``manage.py import_authorities``: the shipped directory, WhatDoTheyKnow's CSV, re-runs."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from requests_app.directory.readers import read_shipped
from requests_app.models import FOIRequest, PublicAuthority
from requests_app.services.directory import directory_import
from requests_app.services.sample_data import sample_data_load
from tests import factories

pytestmark = pytest.mark.django_db

# The columns of WhatDoTheyKnow's all-authorities CSV, then rows in its shape.
WDTK_HEADER = (
    "Name,Short name,URL name,Tags,Home page,Publication scheme,Disclosure log,Notes,"
    "Created at,Updated at,Version\n"
)

WDTK_CSV = (
    WDTK_HEADER
    + """\
Birmingham City Council,,birmingham_city_council,local_council metropolitan_district,https://www.birmingham.gov.uk,,,,2008-01-01,2024-01-01,12
Leeds Grammar Academy,,leeds_grammar_academy,school academy,http://www.example-school.org.uk,,,,2012-01-01,2024-01-01,3
Highland Council,,highland_council,local_council scotland,https://www.highland.gov.uk,,,,2008-01-01,2024-01-01,9
Aberystwyth University,AU,aberystwyth_university,university wales,https://www.aber.ac.uk,,,,2008-01-01,2024-01-01,4
Department for Widgets,DfW,department_for_widgets,ministerial_department defunct,,,,,,,2
Gwent Police,,gwent_police,police wales,https://www.gwent.police.uk,,,,2008-01-01,2024-01-01,5
Canal Heritage Trust,,canal_heritage_trust,charity,not a url,,,,2015-01-01,2024-01-01,1
"""
)


def run(*args) -> str:
    out = StringIO()
    call_command("import_authorities", *args, stdout=out)
    return out.getvalue()


def by(field: str, **filters) -> dict:
    rows = PublicAuthority.objects.filter(**filters).values(field).annotate(n=Count("id"))
    return {row[field]: row["n"] for row in rows}


def test_shipped_directory_counts_by_nation_and_type():
    assert "593 created" in run()
    councils = {"register_code__gt": ""}
    # mySociety's register: 470 councils, 397 current (README of shared/data).
    assert PublicAuthority.objects.filter(**councils).count() == 470
    assert by("nation", active=True, **councils) == {
        "england": 332,
        "scotland": 32,
        "wales": 22,
        "northern_ireland": 11,
    }
    assert by("detailed_type", active=True, **councils) == {
        "Non-metropolitan district": 164,
        "Unitary authority": 63,
        "London borough": 32,
        "Metropolitan district": 36,
        "County": 21,
        "Scottish unitary authority": 32,
        "Welsh unitary authority": 22,
        "NI district": 11,
        "Combined authority": 14,
        "Strategic Regional Authority": 1,
        "City corporation": 1,
    }
    assert set(by("authority_type", **councils)) == {"local_council"}
    forces = by("nation", detailed_type="Territorial police force")
    assert forces == {"england": 39, "wales": 4, "scotland": 1, "northern_ireland": 1}
    assert by("detailed_type", authority_type="police") == {
        "Territorial police force": 45,
        "National police force": 3,
        "Police authority": 2,
        "Police and crime commissioner": 38,
    }
    assert by("detailed_type", authority_type="central_government") == {
        "Ministerial department": 24
    }
    assert by("nation", authority_type="devolved_government") == {
        "scotland": 1,
        "wales": 1,
        "northern_ireland": 9,
    }
    for name in ("British Transport Police", "Police Service of Northern Ireland", "Home Office"):
        assert PublicAuthority.objects.filter(name=name, active=True).exists()


def test_a_council_carries_its_register_codes():
    run()
    coventry = PublicAuthority.objects.get(register_code="COV")
    assert coventry.slug == "coventry-city-council"
    assert (coventry.gss_code, coventry.govuk_slug, coventry.wdtk_id) == (
        "E08000026",
        "coventry",
        141,
    )
    assert coventry.detailed_type == "Metropolitan district"
    assert (coventry.region, coventry.nation, coventry.default_regime) == (
        "West Midlands",
        "england",
        "foia",
    )
    assert coventry.short_name == "Coventry"
    # The register lists Derbyshire in the West Midlands; it is in the East Midlands.
    derbyshire = PublicAuthority.objects.get(gss_code="E10000007")
    assert derbyshire.region == "East Midlands"
    glasgow = PublicAuthority.objects.get(register_code="GLG")
    assert glasgow.default_regime == "foisa"
    # Mis-encoded alternative names are left out, the rest kept for search.
    assert "\ufffd" not in "".join(
        PublicAuthority.objects.values_list("alternative_names", flat=True)
    )
    assert "Caerdydd" in PublicAuthority.objects.get(register_code="CRF").alternative_names


def test_abolished_councils_are_inactive_and_point_at_their_successor():
    run()
    allerdale = PublicAuthority.objects.get(register_code="ALL")
    assert not allerdale.active
    assert allerdale.ended_on == datetime.date(2023, 4, 1)
    assert allerdale.replaced_by == PublicAuthority.objects.get(register_code="CBD")
    assert PublicAuthority.objects.filter(active=False).count() == 73


def test_a_rerun_changes_nothing(django_assert_num_queries):
    run()
    before = list(PublicAuthority.objects.order_by("pk").values_list())
    history = PublicAuthority.history.count()
    # The stored authorities (locked) and the savepoint around the import: nothing written.
    with django_assert_num_queries(3):
        result = directory_import(read_shipped())
    assert (result.created, result.updated, result.unchanged) == (0, 0, 593)
    assert list(PublicAuthority.objects.order_by("pk").values_list()) == before
    assert PublicAuthority.history.count() == history


def test_existing_authorities_and_their_requests_are_kept(user):
    coventry = factories.AuthorityFactory(
        name="Coventry City Council", slug="coventry-city-council", email="foi@coventry.example"
    )
    renamed = factories.AuthorityFactory(name="My Westminster", slug="westminster-foi")
    renamed.gss_code = "E09000033"
    renamed.save()
    foi_request = factories.FOIRequestFactory(owner=user, authority=coventry)
    due = foi_request.response_due
    run()
    coventry.refresh_from_db()
    assert coventry.register_code == "COV"
    assert coventry.email == "foi@coventry.example"  # the register has none: kept
    renamed.refresh_from_db()
    # Found by its GSS code: takes the register's name but keeps its slug (its URLs).
    assert (renamed.name, renamed.slug) == ("City of Westminster", "westminster-foi")
    assert PublicAuthority.objects.filter(name="Coventry City Council").count() == 1
    foi_request.refresh_from_db()
    assert (foi_request.authority_id, foi_request.response_due) == (coventry.pk, due)


def test_a_suggestion_found_in_the_register_is_listed(user):
    suggested = factories.AuthorityFactory(
        name="Leeds City Council", slug="leeds", approved=False, suggested_by=user
    )
    run()
    suggested.refresh_from_db()
    assert suggested.approved and suggested.register_code == "LDS"


def test_sample_data_links_to_the_directory():
    run()
    count = PublicAuthority.objects.count()
    sample_data_load()
    assert PublicAuthority.objects.count() == count
    asked = PublicAuthority.objects.filter(foi_requests__isnull=False).distinct()
    assert asked.exists()
    assert not asked.filter(register_code="", detailed_type="").exists()


def test_whatdotheyknow_csv(tmp_path):
    run()
    path = tmp_path / "all-authorities.csv"
    path.write_text(WDTK_CSV, encoding="utf-8")
    assert "5 created, 2 updated" in run(str(path))
    birmingham = PublicAuthority.objects.get(register_code="BIR")
    assert birmingham.wdtk_url_name == "birmingham_city_council"
    assert birmingham.website == "https://www.birmingham.gov.uk"
    assert PublicAuthority.objects.filter(name="Birmingham City Council").count() == 1

    def row(url_name):
        return PublicAuthority.objects.get(wdtk_url_name=url_name)

    school = row("leeds_grammar_academy")
    assert (school.authority_type, school.nation, school.slug) == (
        "school",
        "england",
        "leeds-grammar-academy",
    )
    highland = row("highland_council")
    assert (highland.nation, highland.default_regime) == ("scotland", "foisa")
    assert (row("aberystwyth_university").authority_type, row("aberystwyth_university").nation) == (
        "university",
        "wales",
    )
    widgets = row("department_for_widgets")
    assert (widgets.authority_type, widgets.nation, widgets.active) == (
        "central_government",
        "uk_wide",
        False,
    )
    # Already shipped: found by its name, not duplicated.
    gwent = row("gwent_police")
    assert (gwent.slug, gwent.detailed_type) == ("gwent-police", "Territorial police force")
    charity = row("canal_heritage_trust")
    assert (charity.authority_type, charity.website) == ("other", "")
    assert "0 created, 0 updated, 7 unchanged" in run(str(path))


def test_an_unknown_file_is_refused_and_nothing_is_saved(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("council,where\nLeeds,England\n", encoding="utf-8")
    with pytest.raises(CommandError, match="unrecognised header"):
        run(str(path))
    bad_row = tmp_path / "bad-row.csv"
    bad_row.write_text(
        "slug,name,authority_type,nation\nok,Fine Body,other,england\nx,Bad,castle,england\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="line 3: authority_type 'castle'"):
        run(str(bad_row))
    assert not PublicAuthority.objects.exists()


def test_requests_keep_working_after_import(user):
    run()
    force = PublicAuthority.objects.get(slug="west-midlands-police")
    foi_request = factories.FOIRequestFactory(owner=user, authority=force)
    run()
    assert FOIRequest.objects.get(pk=foi_request.pk).authority == force
