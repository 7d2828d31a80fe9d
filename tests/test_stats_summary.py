"""The request summary stays equal to a from-scratch computation after every kind of event.

After each step: every ``stats/refusals/`` group_by and ``stats/exemptions/`` (plain and
whole catalogue), over several filters, read from the summary, equal the old selectors run
over the base tables (``tests/stats_oracle.py``); and the rows kept on write equal the rows
``summaries_rebuild`` makes from scratch. Runs on SQLite and on PostgreSQL (CI).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from requests_app.models import Exemption, ExemptionCitation, FOIRequest, RequestSummary
from requests_app.selectors.stats import StatsFilters, refusal_stats
from requests_app.services.authorities import authority_update
from requests_app.services.campaigns import campaign_delete
from requests_app.services.corrections import (
    complaint_delete,
    response_delete,
    response_update,
    review_delete,
    review_update,
)
from requests_app.services.deadlines_bulk import deadlines_recompute_bulk
from requests_app.services.holidays import proclaimed_holiday_add
from requests_app.services.requests import (
    foi_request_create,
    foi_request_update,
    foi_request_withdraw,
)
from requests_app.services.responses import CitationInput, response_record
from requests_app.services.reviews import complaint_record, review_decide, review_record
from requests_app.services.summary_rebuild import summaries_rebuild
from tests import factories
from tests.stats_check import assert_summary_is_right, summary_rows

D = datetime.date
TODAY = D(2022, 10, 3)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2022, 10, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def world(db):
    owner = factories.UserFactory(username="alice")
    return {
        "owner": owner,
        "coventry": factories.AuthorityFactory(
            name="Coventry City Council", slug="coventry", nation="england"
        ),
        "glasgow": factories.AuthorityFactory(
            name="Glasgow City Council", slug="glasgow", nation="scotland"
        ),
        "police": factories.AuthorityFactory(
            name="West Midlands Police", slug="wmp", nation="england", authority_type="police"
        ),
        "prevent": factories.CampaignFactory(name="Prevent", slug="prevent", owner=owner),
    }


FILTERS = [
    StatsFilters(),
    StatsFilters(regime="foia"),
    StatsFilters(nation="scotland"),
    StatsFilters(authority_type="police"),
    StatsFilters(authority="coventry"),
    StatsFilters(campaign="prevent"),
    StatsFilters(received_from=D(2022, 8, 2), received_to=D(2022, 9, 30)),
]


def check(today: datetime.date = TODAY) -> None:
    assert_summary_is_right(FILTERS, today)


def cite(*codes: str) -> list[CitationInput]:
    return [
        CitationInput(exemption=Exemption.objects.get(code=code), cited_as=code) for code in codes
    ]


def new(world, authority: str, sent_on: datetime.date, **fields) -> FOIRequest:
    return foi_request_create(
        owner=world["owner"],
        authority=world[authority],
        title="Prevent referrals",
        sent_on=sent_on,
        visibility=fields.pop("visibility", "public"),
        **fields,
    )


def test_every_kind_of_event_keeps_the_summary_right(world):
    r1 = new(world, "coventry", D(2022, 8, 1), campaign=world["prevent"])
    r2 = new(world, "coventry", D(2022, 8, 1), visibility="private")
    r3 = new(world, "glasgow", D(2022, 8, 2))
    r4 = new(world, "police", D(2022, 8, 3))
    check()  # created: none answered, r4 past its deadline today

    response_record(foi_request=r1, received_on=D(2022, 8, 3), kind="acknowledgement")
    response_record(
        foi_request=r3,
        received_on=D(2022, 8, 5),
        kind="clarification_request",
        clarification_received_on=D(2022, 8, 10),
    )
    response_record(
        foi_request=r4,
        received_on=D(2022, 8, 10),
        kind="fees_notice",
        fee_amount=50,
        fee_paid_on=D(2022, 8, 15),
    )
    response_record(foi_request=r1, received_on=D(2022, 8, 20), kind="extension_notice")
    check()  # clock events only: still unanswered

    first = response_record(
        foi_request=r1,
        received_on=D(2022, 8, 25),
        kind="substantive",
        outcome="refused",
        citations=cite("foia-s24", "foia-s31"),
    )
    response_record(
        foi_request=r1,
        received_on=D(2022, 9, 5),
        kind="substantive",
        outcome="granted",
        citations=cite("foia-s40"),
    )
    response_record(
        foi_request=r2,
        received_on=D(2022, 8, 12),
        kind="substantive",
        outcome="refused",
        citations=cite("foia-s24"),
    )
    response_record(
        foi_request=r3,
        received_on=D(2022, 9, 1),
        kind="substantive",
        outcome="ncnd",
        citations=cite("foisa-s38"),
    )
    check()  # answered: outcomes, working days, citations of the first answer only

    response_update(response=first, outcome="partial", citations=cite("foia-s43"))
    check()  # a corrected letter
    response_update(response=first, received_on=D(2022, 9, 6))
    check()  # now the second letter is the first answer

    review = review_record(foi_request=r1, requested_on=D(2022, 9, 7))
    check()
    review_decide(review=review, decided_on=D(2022, 9, 20), outcome="overturned")
    check()
    review_update(
        review=review, requested_on=D(2022, 9, 7), decided_on=D(2022, 9, 20), outcome="upheld"
    )
    check()
    complaint = complaint_record(foi_request=r1, regulator="ico", submitted_on=D(2022, 9, 21))
    check()
    complaint_delete(complaint=complaint)
    review_delete(review=review)
    check()

    response_delete(response=first)
    check()  # a deleted letter

    foi_request_withdraw(foi_request=r4, withdrawn_on=D(2022, 9, 30))
    check()  # withdrawn: no longer past its deadline
    foi_request_update(foi_request=r2, visibility="public")
    check()  # published: counted
    foi_request_update(foi_request=r3, campaign=world["prevent"])
    check()  # joined a campaign
    foi_request_update(foi_request=r1, received_on=D(2022, 8, 2))
    check()  # a corrected receipt moves the working days


def test_authority_and_campaign_changes(world):
    r1 = new(world, "police", D(2022, 8, 1), campaign=world["prevent"])
    response_record(
        foi_request=r1,
        received_on=D(2022, 8, 22),
        kind="substantive",
        outcome="refused",
        citations=cite("foia-s31"),
    )
    new(world, "coventry", D(2022, 8, 1), campaign=world["prevent"])
    check()
    authority_update(authority=world["police"], nation="wales")
    check()
    authority_update(authority=world["coventry"], authority_type="school")
    check()
    authority_update(authority=world["police"], name="West Mercia Police")
    check()  # a label
    campaign_delete(campaign=world["prevent"])
    check()


def test_directory_import_retyping_an_authority(world):
    from requests_app.services.directory import DirectoryEntry, directory_import

    new(world, "coventry", D(2022, 8, 1))
    entry = DirectoryEntry(
        name="Coventry City Council", slug="coventry", authority_type="police", nation="wales"
    )
    directory_import([entry])
    assert RequestSummary.objects.get().authority_type == "police"
    check()


def test_request_delete_and_bulk_recompute(world):
    r1 = new(world, "coventry", D(2022, 8, 1))
    r2 = new(world, "coventry", D(2022, 8, 1))
    response_record(
        foi_request=r2,
        received_on=D(2022, 8, 22),
        kind="substantive",
        outcome="refused",
        citations=cite("foia-s31"),
    )
    r2.delete()
    check()
    # Rows written around the services: the bulk recomputation and the command bring both
    # the deadline columns and the summary back in step.
    FOIRequest.objects.filter(pk=r1.pk).update(response_due=D(2022, 12, 1), stage="answered")
    deadlines_recompute_bulk(FOIRequest.objects.all())
    check()
    FOIRequest.objects.filter(pk=r1.pk).update(visibility="private")
    call_command("recompute_deadlines", "--no-progress", stdout=None)
    check()


def test_a_proclaimed_holiday_recounts_the_working_days(world):
    r1 = new(world, "coventry", D(2022, 8, 1))
    response_record(
        foi_request=r1, received_on=D(2022, 8, 22), kind="substantive", outcome="granted"
    )
    before = refusal_stats("regime", StatsFilters(), TODAY)[0]["median_working_days_to_response"]
    proclaimed_holiday_add(date=D(2022, 8, 10), name="A proclaimed day")
    after = refusal_stats("regime", StatsFilters(), TODAY)[0]["median_working_days_to_response"]
    assert after == before - 1
    check()


def test_past_deadline_follows_today(world):
    new(world, "coventry", D(2022, 9, 20))
    check()
    check(today=D(2022, 10, 31))
    check(today=D(2022, 12, 31))


def test_a_bulk_recompute_moving_on_time_moves_the_authority_sums(world):
    from requests_app.models import AuthorityRefusalSummary
    from requests_app.services.summaries import request_summaries_refresh

    r1 = new(world, "coventry", D(2022, 8, 1))
    response_record(
        foi_request=r1, received_on=D(2022, 8, 22), kind="substantive", outcome="granted"
    )
    # A deadline stored wrong (loaded around the services) and summarised as it stood: late.
    FOIRequest.objects.filter(pk=r1.pk).update(response_due=D(2022, 8, 5))
    request_summaries_refresh([r1.pk])
    assert AuthorityRefusalSummary.objects.get(authority=world["coventry"]).on_time == 0
    # The bulk recomputation puts the deadline right: the answer was in time after all.
    deadlines_recompute_bulk(FOIRequest.objects.all())
    assert AuthorityRefusalSummary.objects.get(authority=world["coventry"]).on_time == 1
    check()


def test_a_rebuild_rewrites_only_the_requests_whose_rows_differ(world):
    answered = []
    for authority in ("coventry", "police", "coventry", "police"):
        foi = new(world, authority, D(2022, 8, 1))
        response_record(
            foi_request=foi,
            received_on=D(2022, 8, 22),
            kind="substantive",
            outcome="refused",
            citations=cite("foia-s31"),
        )
        answered.append(foi)
    r1, r2, r3, r4 = answered
    assert summaries_rebuild() in (0, 4)  # PostgreSQL: nothing differs; SQLite: all again
    stamps = dict(RequestSummary.objects.values_list("request_id", "refreshed_at"))
    # Written around the services: a visibility, a citation, a lost summary row.
    FOIRequest.objects.filter(pk=r1.pk).update(visibility="private")
    ExemptionCitation.objects.create(
        response=r2.responses.get(), exemption=Exemption.objects.get(code="foia-s40")
    )
    RequestSummary.objects.filter(request_id=r3.pk).delete()
    with time_machine.travel(datetime.datetime(2022, 10, 4, 9, tzinfo=datetime.UTC), tick=False):
        rewritten = summaries_rebuild()
    after = dict(RequestSummary.objects.values_list("request_id", "refreshed_at"))
    kept = summary_rows()
    summaries_rebuild(full=True)
    assert summary_rows() == kept  # what a from-scratch rebuild makes
    if connection.vendor == "postgresql":
        assert rewritten == 3
        assert after[r4.pk] == stamps[r4.pk]  # untouched: the cache fingerprint moves by r1-r3
        assert all(after[r.pk] > stamps[r.pk] for r in (r1, r2))
    check()
