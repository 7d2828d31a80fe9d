"""Staff's daily check of review windows: open, closing, closed; CSV download."""

import csv
import datetime
import io

import pytest

from requests_app.services.responses import response_record
from tests import factories
from tests.web.conftest import make_request, refuse_s24

pytestmark = pytest.mark.django_db


@pytest.fixture
def windows(campaigner, coventry, glasgow, organisation):
    campaign = factories.CampaignFactory(slug="prevent", name="Prevent", owner=campaigner)
    # Review window closes 9 Sep 2022 (40 WD after 13 July; foi-law.md "Time limits").
    refused = make_request(campaigner, coventry, organisation=organisation, campaign=campaign)
    refuse_s24(refused)
    # FOISA, received 3 May and answered early on 20 May: the 40 Scottish WD run from the end
    # of the 20-WD response period, 31 May (FOISA s20(5)(a); foi-law.md "Time limits",
    # Correction), so the window closed on 28 July.
    closed = make_request(
        campaigner,
        glasgow,
        organisation=organisation,
        title="Old one",
        sent_on=datetime.date(2022, 5, 3),
    )
    response_record(
        foi_request=closed,
        received_on=datetime.date(2022, 5, 20),
        kind="substantive",
        outcome="partial",
    )
    # Another organisation's request never shows.
    outsider = make_request(factories.UserFactory(), coventry, title="Elsewhere")
    refuse_s24(outsider)
    return {"refused": refused, "closed": closed}


def test_staff_see_their_organisations_open_windows(
    client, staff_user, windows, django_assert_num_queries
):
    client.force_login(staff_user)
    # session, user, filter menus (campaigns, authorities), proclaimed days, the requests.
    with django_assert_num_queries(6):
        page = client.get("/review-windows/")
    assert page.status_code == 200
    rows = page.context["windows"]
    assert [(w.foi_request.title, w.deadline, w.days_left) for w in rows] == [
        ("Prevent referrals 2015-2021", datetime.date(2022, 9, 9), 18)
    ]
    html = page.content.decode()
    assert "9 Sep 2022" in html and "Elsewhere" not in html


def test_closing_and_expired(client, staff_user, windows):
    client.force_login(staff_user)
    assert client.get("/review-windows/?state=closing&within_days=10").context["windows"] == []
    closing = client.get("/review-windows/?state=closing&within_days=18").context["windows"]
    assert [w.days_left for w in closing] == [18]
    expired = client.get("/review-windows/?state=expired").context["windows"]
    assert [(w.foi_request.title, w.deadline) for w in expired] == [
        ("Old one", datetime.date(2022, 7, 28))
    ]
    assert "closed" in client.get("/review-windows/?state=expired").content.decode()


def test_filters_by_authority_and_campaign(client, staff_user, windows, glasgow):
    client.force_login(staff_user)
    assert client.get(f"/review-windows/?state=expired&authority={glasgow.slug}").context["windows"]
    assert not client.get("/review-windows/?authority=" + glasgow.slug).context["windows"]
    assert client.get("/review-windows/?campaign=prevent").context["windows"]
    assert not client.get("/review-windows/?state=expired&campaign=prevent").context["windows"]


def test_bad_filter_values_are_reported(client, staff_user, windows):
    client.force_login(staff_user)
    page = client.get("/review-windows/?state=closing&within_days=-3")
    assert page.status_code == 400
    assert "Ensure this value is greater than or equal to 0" in page.content.decode()


def test_a_bad_state_is_an_error_not_the_open_list(client, staff_user, windows):
    client.force_login(staff_user)
    page = client.get("/review-windows/?state=bogus")
    assert page.status_code == 400
    assert page.context["form"].errors["state"]
    assert "bogus" in page.content.decode()
    assert page.context["windows"] == []  # not the open windows under a filter that failed
    download = client.get("/review-windows/?format=csv&state=bogus")
    assert download.status_code == 400
    assert download["Content-Type"].startswith("text/plain")
    assert download.content.decode().startswith("state: Select a valid choice. bogus")


def test_csv_download(client, staff_user, windows):
    client.force_login(staff_user)
    page = client.get("/review-windows/?state=open&format=csv")
    assert page["Content-Type"].startswith("text/csv")
    assert 'filename="review-windows-open-2022-08-15.csv"' in page["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(page.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["authority"] == "Coventry City Council"
    assert row["review_request_deadline"] == "2022-09-09"
    assert row["working_days_left"] == "18"
    assert row["url"] == f"http://testserver/requests/{windows['refused'].pk}/"


def test_csv_defuses_formulas(client, staff_user, organisation, coventry):
    foi_request = make_request(staff_user, coventry, title="=HYPERLINK(1)")
    refuse_s24(foi_request)
    client.force_login(staff_user)
    rows = list(
        csv.DictReader(io.StringIO(client.get("/review-windows/?format=csv").content.decode()))
    )
    assert rows[0]["title"] == "'=HYPERLINK(1)"
