"""factory_boy factories shared by every test module."""

import datetime

import factory
from django.contrib.auth import get_user_model

from requests_app import models
from requests_app.services.summaries import request_summaries_refresh


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PublicAuthority

    name = factory.Sequence(lambda n: f"Borough Council {n}")
    slug = factory.Sequence(lambda n: f"borough-council-{n}")
    authority_type = "local_council"
    nation = "england"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    owner = factory.SubFactory(UserFactory)


class FOIRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FOIRequest
        skip_postgeneration_save = True  # the hook below writes no field of the row

    owner = factory.SubFactory(UserFactory)
    authority = factory.SubFactory(AuthorityFactory)
    regime = factory.LazyAttribute(lambda r: r.authority.default_regime or "foia")
    title = factory.Sequence(lambda n: f"Prevent referrals {n}")
    text = "Please provide the number of Prevent referrals for 2015-2021."
    sent_on = datetime.date(2022, 6, 1)
    received_on = factory.LazyAttribute(lambda r: r.sent_on)
    visibility = "public"

    @factory.post_generation
    def summarised(obj, create, extracted, **kwargs):
        # As the services leave it: the statistics' summary row written with the request.
        if create:
            request_summaries_refresh([obj.pk])


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Response
        skip_postgeneration_save = True  # the hook below writes no field of the row

    request = factory.SubFactory(FOIRequestFactory)
    received_on = factory.LazyAttribute(
        lambda r: r.request.received_on + datetime.timedelta(days=14)
    )
    kind = "substantive"
    outcome = "granted"

    @factory.post_generation
    def summarised(obj, create, extracted, **kwargs):
        if create:
            request_summaries_refresh([obj.request_id])


class InternalReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.InternalReview
        skip_postgeneration_save = True  # the hook below writes no field of the row

    request = factory.SubFactory(FOIRequestFactory)
    requested_on = datetime.date(2022, 8, 1)

    @factory.post_generation
    def summarised(obj, create, extracted, **kwargs):
        if create:
            request_summaries_refresh([obj.request_id])
