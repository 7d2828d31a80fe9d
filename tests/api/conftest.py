"""People, authorities and requests for the API tests, written through the real services.

Time is frozen on Monday 3 October 2022 (the services refuse future dates), so every date
below is fixed and every deadline can be checked against shared/foi-law.md.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from requests_app.services.requests import foi_request_create
from requests_app.services.responses import CitationInput, response_record
from tests import factories

TODAY = datetime.date(2022, 10, 3)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2022, 10, 3, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield TODAY


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Throttle counters and cached statistics live in the cache; no test sees another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon():
    return APIClient()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def alice(db):
    return factories.UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return factories.UserFactory(username="bob")


@pytest.fixture
def organisation(db):
    return factories.OrganisationFactory(name="Open Rights Group", slug="open-rights-group")


@pytest.fixture
def staffer(db, organisation):
    user = factories.UserFactory(username="staffer")
    factories.MembershipFactory(organisation=organisation, user=user, role="staff")
    return user


@pytest.fixture
def member(db, organisation):
    user = factories.UserFactory(username="member")
    factories.MembershipFactory(organisation=organisation, user=user, role="member")
    return user


@pytest.fixture
def site_staff(db):
    user = factories.UserFactory(username="admin")
    user.is_staff = True
    user.save()
    return user


def make_request(owner, authority, **fields):
    fields.setdefault("title", "Prevent referrals")
    fields.setdefault("sent_on", datetime.date(2022, 6, 1))
    fields.setdefault("visibility", "public")
    return foi_request_create(owner=owner, authority=authority, **fields)


def answer(foi_request, received_on, outcome="granted", exemptions=()):
    """A substantive response citing catalogue codes (``"foia-s24"``)."""
    from requests_app.models import Exemption

    citations = [
        CitationInput(exemption=Exemption.objects.get(code=code), cited_as=code)
        for code in exemptions
    ]
    return response_record(
        foi_request=foi_request,
        received_on=received_on,
        kind="substantive",
        outcome=outcome,
        citations=citations,
    )
