"""The foundation of email: each request's reply address, and the message rows' invariants."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from requests_app.models import EmailMessage, FOIRequest
from requests_app.services.campaign_launch import campaign_launch
from tests.email.factories import IncomingEmailFactory, OutgoingEmailFactory
from tests.factories import AuthorityFactory, FOIRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_request_gets_its_own_unguessable_lowercase_token(settings):
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    settings.INBOUND_EMAIL_PREFIX = "foi"
    first, second = FOIRequestFactory(), FOIRequestFactory()
    assert first.reply_token != second.reply_token
    assert len(first.reply_token) == 24  # 120 random bits in base32
    assert first.reply_token == first.reply_token.lower()
    assert first.reply_token.isalnum()
    assert first.reply_to_address == f"foi+{first.reply_token}@foi.example.org"


def test_no_inbound_domain_means_no_reply_address(settings):
    settings.INBOUND_EMAIL_DOMAIN = ""
    assert FOIRequestFactory().reply_to_address == ""


def test_a_campaign_launch_gives_each_request_its_own_token():
    authorities = [AuthorityFactory(default_regime="foia") for _ in range(3)]
    campaign = campaign_launch(
        owner=UserFactory(),
        name="Prevent",
        title="Prevent referrals",
        sent_on=datetime.date(2024, 1, 8),
        authorities=authorities,
    )
    tokens = set(campaign.foi_requests.values_list("reply_token", flat=True))
    assert len(tokens) == 3 and "" not in tokens


def test_a_message_id_is_stored_once():
    first = IncomingEmailFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomingEmailFactory(message_id=first.message_id)


def test_outgoing_messages_belong_to_a_request_and_carry_a_delivery_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingEmailFactory(foi_request=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingEmailFactory(status="")
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomingEmailFactory(status="sent")
    with pytest.raises(IntegrityError), transaction.atomic():
        IncomingEmailFactory(kind="chaser")
    # An incoming message may wait, unmatched, for staff to assign it.
    assert IncomingEmailFactory(foi_request=None).match_method == ""


def test_the_api_shows_the_reply_address_only_to_those_who_manage_the_request(client, settings):
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    foi_request = FOIRequestFactory(visibility="public")
    url = f"/api/v1/requests/{foi_request.pk}/"
    assert client.get(url).json()["reply_to_address"] == ""
    client.force_login(foi_request.owner)
    assert client.get(url).json()["reply_to_address"] == foi_request.reply_to_address


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_existing_request_its_own_token():
    before = [("requests_app", "0011_holiday_recompute_outbox")]
    after = [("requests_app", "0012_email_messages")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    owner = old.get_model("auth", "User").objects.create(username="old-owner")
    authority = old.get_model("requests_app", "PublicAuthority").objects.create(
        name="Old Council",
        slug="old-council",
        authority_type="local_council",
        nation="england",
        default_regime="foia",
    )
    OldRequest = old.get_model("requests_app", "FOIRequest")
    for n in range(3):
        OldRequest.objects.create(
            owner=owner,
            authority=authority,
            regime="foia",
            title=f"Old {n}",
            sent_on=datetime.date(2020, 1, 1),
            received_on=datetime.date(2020, 1, 1),
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    tokens = list(FOIRequest.objects.values_list("reply_token", flat=True))
    assert len(tokens) == 3 and len(set(tokens)) == 3
    assert all(len(token) == 24 for token in tokens)
    assert EmailMessage.objects.count() == 0
