"""Factories for email messages, shared by the email tests (sending, receiving, reading)."""

import datetime

import factory
from django.utils import timezone

from requests_app import models
from tests.factories import FOIRequestFactory


class OutgoingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EmailMessage

    foi_request = factory.SubFactory(FOIRequestFactory)
    direction = "out"
    kind = "request"
    status = "sent"
    message_id = factory.Sequence(lambda n: f"request-{n}@foi.localhost")
    sender = "requests@foi.localhost"
    recipients = ["foi@borough.example.gov.uk"]
    subject = factory.LazyAttribute(lambda m: f"Freedom of Information request - {m.foi_request}")
    body_text = "Dear Borough Council, please provide..."
    sent_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2022, 6, 1, 9, 30))
    )


class IncomingEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EmailMessage

    foi_request = factory.SubFactory(FOIRequestFactory)
    direction = "in"
    kind = "reply"
    source = "pipe"
    match_method = factory.LazyAttribute(lambda m: "token" if m.foi_request else "")
    message_id = factory.Sequence(lambda n: f"reply-{n}@borough.example.gov.uk")
    sender = "foi@borough.example.gov.uk"
    recipients = factory.LazyAttribute(
        lambda m: [m.foi_request.reply_to_address] if m.foi_request else ["foi@foi.localhost"]
    )
    subject = "RE: Freedom of Information request"
    body_text = "Dear requester, we hold the information. It is attached."
    sent_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime(2022, 6, 20, 14, 0))
    )
