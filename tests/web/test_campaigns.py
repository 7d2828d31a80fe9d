"""``/campaigns/``: the list, and the campaign page as the campaigner's desk."""

import datetime

import pytest

from requests_app.models import FOIRequest, Response
from requests_app.services.responses import response_record
from tests import factories
from tests.web.conftest import make_request, refuse_s24

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(campaigner, coventry, glasgow):
    campaign = factories.CampaignFactory(name="Prevent referrals", slug="prevent", owner=campaigner)
    police = factories.AuthorityFactory(
        name="West Midlands Police", slug="west-midlands-police", authority_type="police"
    )
    # Refused 13 July, inside the FOIA deadline of 14 July (s10(1); 12 July NI holiday).
    refused = make_request(campaigner, coventry, campaign=campaign)
    refuse_s24(refused)
    granted = make_request(campaigner, police, campaign=campaign, title="Second ask")
    # Answered 15 July: one working day after the 14 July deadline.
    response_record(
        foi_request=granted,
        received_on=datetime.date(2022, 7, 15),
        kind="substantive",
        outcome="granted",
    )
    # FOISA s10(1), sent 4 July: due 2 Aug (Scotland's 1 August holiday skipped); no
    # answer by 15 Aug: overdue (FOISA has no extension, so never "very overdue").
    overdue = make_request(
        campaigner, glasgow, campaign=campaign, sent_on=datetime.date(2022, 7, 4), title="Third"
    )
    waiting = make_request(
        campaigner,
        factories.AuthorityFactory(name="Aberdeen City Council", nation="scotland"),
        campaign=campaign,
        sent_on=datetime.date(2022, 8, 1),
        title="Fourth",
    )
    hidden = make_request(
        campaigner, glasgow, campaign=campaign, visibility="private", title="Hidden"
    )
    return {
        "campaign": campaign,
        "refused": refused,
        "granted": granted,
        "overdue": overdue,
        "waiting": waiting,
        "hidden": hidden,
    }


def authorities(page) -> list[str]:
    assert page.status_code == 200, page.content.decode()[:800]
    return [row["request"].authority.name for row in page.context["rows"]]


# --- the list -------------------------------------------------------------------------


def test_list_shows_public_campaigns_and_your_own(client, campaigner, desk):
    secret = factories.CampaignFactory(name="Secret plan", slug="secret", owner=campaigner)
    make_request(campaigner, desk["refused"].authority, campaign=secret, visibility="private")
    page = client.get("/campaigns/")
    assert [c.name for c in page.context["page"]] == ["Prevent referrals"]
    [row] = page.context["page"]
    # Visitors count the public requests only: 4 of 5, 2 answered, 1 past its deadline.
    assert (row.requests, row.answered, row.past_deadline) == (4, 2, 1)
    client.force_login(campaigner)
    page = client.get("/campaigns/")
    # Their own count their private requests too: the hidden one and the secret plan's,
    # both sent in 2022 and unanswered, so past their deadline.
    counts = {c.name: (c.requests, c.answered, c.past_deadline) for c in page.context["page"]}
    assert counts == {"Prevent referrals": (5, 2, 2), "Secret plan": (1, 0, 1)}
    assert "Yours" in page.content.decode()
    assert [c.name for c in client.get("/campaigns/?q=secret").context["page"]] == ["Secret plan"]


def test_list_query_count_is_constant(
    client, campaigner, coventry, desk, django_assert_num_queries
):
    # count, the page of campaigns with their figures (a subquery per figure, in the page's
    # one query).
    with django_assert_num_queries(2):
        client.get("/campaigns/")
    for i in range(3):
        other = factories.CampaignFactory(owner=campaigner)
        make_request(campaigner, coventry, campaign=other, title=f"More {i}")
    with django_assert_num_queries(2):
        client.get("/campaigns/")


# --- the desk -------------------------------------------------------------------------


def test_desk_one_row_per_authority_with_status_outcome_and_deadlines(client, desk):
    page = client.get("/campaigns/prevent/")
    assert authorities(page) == [
        "Aberdeen City Council",
        "Coventry City Council",
        "Glasgow City Council",
        "West Midlands Police",
    ]  # the private request is not shown to visitors
    rows = {row["request"].authority.name: row for row in page.context["rows"]}
    glasgow = rows["Glasgow City Council"]
    assert glasgow["request"].status == "overdue"
    # Due 2 Aug 2022 under FOISA: 3 Aug to 15 Aug is 9 working days.
    assert glasgow["days_late"] == 9
    aberdeen = rows["Aberdeen City Council"]
    # FOISA s10(1), received on Scotland's 1 August holiday: day 1 is 2 Aug (foi-law.md
    # "Counting"), day 20 is 29 Aug.
    assert aberdeen["request"].next_deadline == datetime.date(2022, 8, 29)
    assert aberdeen["days_left"] == 10
    html = page.content.decode()
    assert "Section 24(1)</a> (PIT)" in html
    assert "9 working days late" in html
    assert 'name="requests"' not in html  # visitors cannot act


def test_desk_summary(client, desk):
    page = client.get("/campaigns/prevent/")
    summary = page.context["summary"]
    assert summary["requests"] == 4
    assert (summary["answered"], summary["on_time"], summary["refused"]) == (2, 1, 1)
    assert summary["past_deadline"] == 1
    assert page.context["on_time_pct"] == "50%"
    [s24] = page.context["exemptions"]
    assert (s24["exemption__code"], s24["requests"]) == ("foia-s24", 1)
    assert "past the deadline with no answer" in page.content.decode()


def test_owner_sees_private_rows_and_tick_boxes(campaigner_client, desk):
    page = campaigner_client.get("/campaigns/prevent/")
    assert len(page.context["rows"]) == 5
    assert page.context["summary"]["requests"] == 5
    assert page.content.decode().count('name="requests"') == 5


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=overdue", ["Glasgow City Council"]),
        ("outcome=granted", ["West Midlands Police"]),
        ("exemption=foia-s24", ["Coventry City Council"]),
        ("nation=scotland", ["Aberdeen City Council", "Glasgow City Council"]),
        (
            "authority=city",
            ["Aberdeen City Council", "Coventry City Council", "Glasgow City Council"],
        ),
        (
            "sort=-authority",
            [
                "West Midlands Police",
                "Glasgow City Council",
                "Coventry City Council",
                "Aberdeen City Council",
            ],
        ),
        # Soonest next deadline first; none ahead (the overdue FOISA request) last.
        ("sort=next_deadline&nation=scotland", ["Aberdeen City Council", "Glasgow City Council"]),
    ],
)
def test_desk_filters_and_sorts(client, desk, query, expected):
    assert authorities(client.get(f"/campaigns/prevent/?{query}")) == expected


def test_desk_bad_filter_is_400(client, desk):
    page = client.get("/campaigns/prevent/?sort=colour")
    assert page.status_code == 400
    assert "Sort by: Select a valid choice" in page.content.decode()
    assert client.get("/campaigns/prevent/?sort=colour&format=csv").status_code == 400


def test_desk_paginates(campaigner_client, campaigner, desk, monkeypatch):
    monkeypatch.setattr("requests_app.web.views.campaigns.PAGE_SIZE", 2)
    first = campaigner_client.get("/campaigns/prevent/?sort=authority")
    assert authorities(first) == ["Aberdeen City Council", "Coventry City Council"]
    third = campaigner_client.get("/campaigns/prevent/?sort=authority&page=3")
    assert authorities(third) == ["West Midlands Police"]
    assert "Page 3 of 3" in third.content.decode()


def test_desk_csv(client, desk):
    response = client.get("/campaigns/prevent/?format=csv&sort=authority")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.getvalue().decode().splitlines()
    assert lines[0].startswith("request_id,authority,nation,regime,")
    assert len(lines) == 5
    assert lines[2].split(",")[1:3] == ["Coventry City Council", "england"]
    assert "foia-s24" in lines[2]


def test_desk_query_count_is_constant(
    campaigner_client, campaigner, coventry, desk, django_assert_num_queries
):
    # session, user, campaign (with "may manage"), does the reader see private requests of
    # it (yes: the exemption counts are theirs, not the cached public ones), exemption
    # counts, proclaimed days, count, the page of rows, their substantive responses, their
    # citations, the summary.
    with django_assert_num_queries(11):
        campaigner_client.get("/campaigns/prevent/")
    for i in range(5):
        refuse_s24(make_request(campaigner, coventry, campaign=desk["campaign"], title=f"{i}"))
    with django_assert_num_queries(11):
        campaigner_client.get("/campaigns/prevent/")


def test_visitors_read_the_exemption_counts_from_the_statistics_cache(
    client, campaigner, coventry, desk, django_assert_num_queries
):
    # campaign, data fingerprint, the page's figures (none yet), whether the data is small
    # (yes: computed at once), exemption counts, the figures stored, proclaimed days, count,
    # the page of rows, their substantive responses, their citations, the summary.
    with django_assert_num_queries(12):
        page = client.get("/campaigns/prevent/")
    assert [(e["exemption__code"], e["requests"]) for e in page.context["exemptions"]] == [
        ("foia-s24", 1)
    ]
    with django_assert_num_queries(9):  # the counts come from the page's figures
        client.get("/campaigns/prevent/")
    for i in range(60):
        refuse_s24(make_request(campaigner, coventry, campaign=desk["campaign"], title=f"{i}"))
    with django_assert_num_queries(12):  # the data changed: counted again, once
        page = client.get("/campaigns/prevent/")
    assert page.context["exemptions"][0]["requests"] == 61
    assert len(page.context["rows"]) == 50  # a page, not every request
    with django_assert_num_queries(9):
        client.get("/campaigns/prevent/")


def test_private_campaign_is_404_to_visitors(client, campaigner):
    factories.CampaignFactory(slug="secret", owner=campaigner)
    assert client.get("/campaigns/secret/").status_code == 404
    client.force_login(campaigner)
    assert client.get("/campaigns/secret/").status_code == 200


# --- bulk actions ---------------------------------------------------------------------


def bulk(client, desk, action, on, *requests, query=""):
    return client.post(
        "/campaigns/prevent/bulk/",
        {
            "action": action,
            "on": on,
            "requests": [r.pk for r in requests],
            "return_query": query,
        },
    )


def test_bulk_acknowledgement(campaigner_client, desk):
    done = bulk(
        campaigner_client,
        desk,
        "acknowledgement",
        "12/08/2022",
        desk["waiting"],
        desk["overdue"],
        query="nation=scotland",
    )
    assert done.status_code == 302
    assert done["Location"] == "/campaigns/prevent/?nation=scotland"
    kinds = Response.objects.filter(kind="acknowledgement").values_list("request_id", flat=True)
    assert set(kinds) == {desk["waiting"].pk, desk["overdue"].pk}
    page = campaigner_client.get(done["Location"])
    assert "Recorded an acknowledgement for 2 requests (12 Aug 2022)." in page.content.decode()


def test_bulk_not_held_answers_the_request(campaigner_client, desk):
    bulk(campaigner_client, desk, "not_held", "15/08/2022", desk["overdue"])
    overdue = FOIRequest.objects.get(pk=desk["overdue"].pk)
    assert (overdue.initial_outcome, overdue.answered_on) == (
        "not_held",
        datetime.date(2022, 8, 15),
    )


def test_bulk_mark_sent_moves_the_deadlines(campaigner_client, desk):
    bulk(campaigner_client, desk, "mark_sent", "08/08/2022", desk["waiting"])
    waiting = FOIRequest.objects.get(pk=desk["waiting"].pk)
    assert (waiting.sent_on, waiting.received_on) == (datetime.date(2022, 8, 8),) * 2
    # FOISA s10(1): 20 working days from 8 Aug 2022.
    assert waiting.response_due == datetime.date(2022, 9, 5)


def test_bulk_is_all_or_nothing(campaigner_client, desk):
    # The refused request was answered on 13 July: it cannot have been sent on 1 August.
    page = bulk(
        campaigner_client, desk, "mark_sent", "01/08/2022", desk["waiting"], desk["refused"]
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Coventry City Council: received on cannot be after the first response" in html
    assert FOIRequest.objects.get(pk=desk["waiting"].pk).sent_on == datetime.date(2022, 8, 1)
    assert FOIRequest.objects.get(pk=desk["refused"].pk).sent_on == datetime.date(2022, 6, 15)
    # The ticks survive the error, so the campaigner can untick the culprit and retry.
    assert (
        f'value="{desk["waiting"].pk}" id="tick-{desk["waiting"].pk}" class="row-tick" checked'
        in html
    )


def test_bulk_form_errors_name_the_field(campaigner_client, desk):
    page = bulk(campaigner_client, desk, "acknowledgement", "31/02/2022", desk["waiting"])
    assert page.status_code == 400
    assert "February 2022 has 28 days" in page.content.decode()
    page = bulk(campaigner_client, desk, "acknowledgement", "15/08/2022")
    assert "Tick at least one request" in page.content.decode()
    page = bulk(campaigner_client, desk, "acknowledgement", "16/08/2022", desk["waiting"])
    assert "On: Cannot be in the future" in page.content.decode()
    assert not Response.objects.filter(kind="acknowledgement").exists()


def test_bulk_only_on_requests_you_manage(client, campaigner, desk):
    stranger = factories.UserFactory()
    client.force_login(stranger)
    assert bulk(client, desk, "not_held", "15/08/2022", desk["overdue"]).status_code == 404
    # A request of another campaign, smuggled into the ticks, is refused by name.
    other = make_request(campaigner, desk["refused"].authority, title="Elsewhere")
    client.force_login(campaigner)
    page = bulk(client, desk, "not_held", "15/08/2022", desk["overdue"], other)
    assert page.status_code == 400
    assert f"Request {other.pk} is not one of this campaign" in page.content.decode()
    assert not FOIRequest.objects.filter(initial_outcome="not_held").exists()


def test_column_headers_sort_both_ways(client, desk):
    page = client.get("/campaigns/prevent/?nation=scotland")
    html = page.content.decode()
    # Sorted by authority (the default): its header says so and reverses the order.
    assert (
        '<th scope="col" aria-sort="ascending"><a href="?nation=scotland&amp;sort=-authority">'
        in html
    )
    assert '<a href="?nation=scotland&amp;sort=next_deadline">Next deadline</a>' in html
    page = client.get("/campaigns/prevent/?nation=scotland&sort=-authority")
    assert authorities(page) == ["Glasgow City Council", "Aberdeen City Council"]
    assert 'aria-sort="descending"><a href="?nation=scotland&amp;sort=authority">' in (
        page.content.decode()
    )


def test_list_csv(client, desk):
    lines = client.get("/campaigns/?format=csv").getvalue().decode().splitlines()
    assert lines[0] == "slug,name,organisation,requests,answered,past_deadline,url"
    assert lines[1].startswith("prevent,Prevent referrals,,4,2,1,http://testserver/campaigns/")
