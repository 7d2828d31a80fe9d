"""Fixtures for the page tests: people, an organisation, and requests made through the
services (so every deadline column is what the product would store)."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from requests_app.models import Exemption
from requests_app.services.requests import foi_request_create
from requests_app.services.responses import CitationInput, response_record
from tests import factories

# A Monday in the middle of the Coventry scenario (shared/seeds/002: refusal of 13 July 2022).
TODAY = datetime.date(2022, 8, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    moment = datetime.datetime(2022, 8, 15, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        assert timezone.localdate() == TODAY
        yield TODAY


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The public pages read the statistics cache: no test sees figures another one cached.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaigner(db):
    return factories.UserFactory(username="campaigner")


@pytest.fixture
def campaigner_client(client, campaigner):
    client.force_login(campaigner)
    return client


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory(name="Prevent Watch", slug="prevent-watch")


@pytest.fixture
def staff_user(organisation):
    staff = factories.UserFactory(username="staffer")
    factories.MembershipFactory(organisation=organisation, user=staff, role="staff")
    return staff


def make_request(owner, authority, **kwargs):
    values = {
        "title": "Prevent referrals 2015-2021",
        "sent_on": datetime.date(2022, 6, 15),
        "visibility": "public",
    }
    values.update(kwargs)
    return foi_request_create(owner=owner, authority=authority, **values)


def refuse_s24(foi_request, received_on=datetime.date(2022, 7, 13)):
    s24 = Exemption.objects.get(code="foia-s24")
    return response_record(
        foi_request=foi_request,
        received_on=received_on,
        kind="substantive",
        outcome="refused",
        letter_text="Section 24(1) Safeguarding National Security ... public interest test",
        citations=[
            CitationInput(
                exemption=s24,
                cited_as="Section 24(1)",
                subsection="24(1)",
                public_interest_test=True,
            )
        ],
    )


@pytest.fixture
def refused_request(campaigner, coventry, organisation):
    foi_request = make_request(campaigner, coventry, organisation=organisation)
    refuse_s24(foi_request)
    foi_request.refresh_from_db()
    return foi_request
