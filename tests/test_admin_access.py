"""The admin keeps access.py's promise: site staff who neither own a private request nor are
its organisation's staff see nothing of it there (requests_app/admin_access.py)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from requests_app.models import (
    Campaign,
    ExemptionCitation,
    FOIRequest,
    InternalReview,
    RegulatorComplaint,
    Reminder,
    Response,
)
from requests_app.services.reviews import complaint_record, review_record
from tests import factories
from tests.api.conftest import answer, make_request

pytestmark = pytest.mark.django_db
D = datetime.date
SECRETS = ("Secret plan", "SECRET-LETTER-TEXT", "SECRET-REVIEW-NOTE", "Secret campaign")


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def world(authority):
    alice = factories.UserFactory(username="alice")
    organisation = factories.OrganisationFactory(name="Prevent Watch", slug="prevent-watch")
    campaign = factories.CampaignFactory(name="Secret campaign", slug="secret", owner=alice)
    private = make_request(
        alice,
        authority,
        title="Secret plan",
        visibility="private",
        campaign=campaign,
        organisation=organisation,
    )
    response = answer(private, D(2022, 6, 20), "refused", ["foia-s24"])
    Response.objects.filter(pk=response.pk).update(letter_text="SECRET-LETTER-TEXT")
    review_record(
        foi_request=private,
        requested_on=D(2022, 6, 21),
        decided_on=D(2022, 7, 1),
        outcome="upheld",
        notes="SECRET-REVIEW-NOTE",
    )
    complaint_record(foi_request=private, submitted_on=D(2022, 7, 4))
    Reminder.objects.create(
        request=private, kind="response_due_3wd", deadline=D(2022, 6, 28), recipient=alice
    )
    public = make_request(alice, authority, title="Open question", visibility="public")
    return {"private": private, "public": public, "organisation": organisation}


def _staff(username: str):
    user = factories.UserFactory(username=username, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="requests_app"))
    return user


def _pages(world):
    private = world["private"]
    response = private.responses.get()
    review = InternalReview.objects.get(request=private)
    complaint = RegulatorComplaint.objects.get(request=private)
    citation = ExemptionCitation.objects.get(response=response)
    reminder = Reminder.objects.get(request=private)
    campaign = Campaign.objects.get(slug="secret")
    lists = [
        url(model, "changelist")
        for model in (
            FOIRequest,
            Response,
            ExemptionCitation,
            InternalReview,
            RegulatorComplaint,
            Reminder,
            Campaign,
        )
    ]
    searches = [
        f"{url(FOIRequest, 'changelist')}?q=Secret",
        f"{url(Response, 'changelist')}?q=SECRET",
    ]
    objects = [
        (FOIRequest, private.pk),
        (Response, response.pk),
        (ExemptionCitation, citation.pk),
        (InternalReview, review.pk),
        (RegulatorComplaint, complaint.pk),
        (Reminder, reminder.pk),
        (Campaign, campaign.pk),
    ]
    autocomplete = (
        reverse("admin:autocomplete")
        + "?app_label=requests_app&model_name=response&field_name=request&term=Secret"
    )
    return lists + searches + [autocomplete], objects


def test_site_staff_see_nothing_of_a_private_request(client, world):
    client.force_login(_staff("clerk"))
    lists, objects = _pages(world)
    for page in lists:
        answer_ = client.get(page)
        assert answer_.status_code == 200, page
        body = answer_.content.decode()
        for secret in SECRETS:
            assert secret not in body, f"{secret!r} shown at {page}"
    assert "Open question" in client.get(url(FOIRequest, "changelist")).content.decode()
    for model, pk in objects:
        change = client.get(url(model, "change", pk), follow=True)
        for secret in SECRETS:
            assert secret not in change.content.decode(), f"{secret!r} in {model.__name__} {pk}"
        if hasattr(model, "history"):
            assert client.get(url(model, "history", pk)).status_code == 404, model.__name__


def test_organisation_staff_and_superusers_still_see_it(client, world):
    org_staff = _staff("caseworker")
    factories.MembershipFactory(organisation=world["organisation"], user=org_staff, role="staff")
    superuser = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    for user in (org_staff, superuser):
        client.force_login(user)
        _, objects = _pages(world)
        assert "Secret plan" in client.get(url(FOIRequest, "changelist")).content.decode()
        assert (
            "SECRET-REVIEW-NOTE"
            in client.get(url(InternalReview, "change", objects[3][1])).content.decode()
        )
        assert client.get(url(FOIRequest, "history", world["private"].pk)).status_code == 200


def _deletable_by(username: str, *models):
    # Site staff with the delete permission on what they delete (requests_app's, and users).
    user = _staff(username)
    user.user_permissions.add(*Permission.objects.filter(codename="delete_user"))
    return user


def test_a_delete_confirmation_names_no_private_request(client, world):
    # An authority and a user are PROTECTed by their requests; Django lists what blocks the
    # delete, with titles, and lists what would go with it (reminders, emails...).
    client.force_login(_deletable_by("clerk"))
    alice = world["private"].owner
    pages = [
        url(type(world["private"].authority), "delete", world["private"].authority_id),
        url(type(alice), "delete", alice.pk),
        url(type(world["organisation"]), "delete", world["organisation"].pk),
    ]
    for page in pages:
        answer_ = client.get(page)
        assert answer_.status_code == 200, page
        body = answer_.content.decode()
        for secret in SECRETS:
            assert secret not in body, f"{secret!r} shown at {page}"
        assert "Open question" in body or "organisation" in page, page
    # The bulk "Delete selected" action shows the same list.
    authority = world["private"].authority
    bulk = client.post(
        url(type(authority), "changelist"),
        {"action": "delete_selected", "_selected_action": [authority.pk]},
    )
    assert bulk.status_code == 200
    assert "Secret plan" not in bulk.content.decode()
    assert "Open question" in bulk.content.decode()


def test_organisation_staff_still_see_what_blocks_a_delete(client, world):
    org_staff = _deletable_by("caseworker")
    factories.MembershipFactory(organisation=world["organisation"], user=org_staff, role="staff")
    client.force_login(org_staff)
    authority = world["private"].authority
    body = client.get(url(type(authority), "delete", authority.pk)).content.decode()
    assert "Secret plan" in body


def test_every_admin_whose_delete_reaches_a_request_hides_private_ones():
    # A guard for admins added later: follow what a delete collects (CASCADE) or is blocked
    # by (PROTECT, RESTRICT) from each registered model; reaching anything of a request means
    # its delete page could name a private one (or a private campaign).
    from django.contrib import admin
    from django.db import models

    from requests_app.admin_access import HidesPrivateInDeletes, private_rule

    listed = (models.CASCADE, models.PROTECT, models.RESTRICT)

    def reaches_a_request(model) -> bool:
        seen, stack = set(), [model]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            if private_rule(current, None) is not None:
                return True
            stack += [
                rel.related_model
                for rel in current._meta.related_objects
                if rel.on_delete in listed
            ]
        return False

    unguarded = sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if reaches_a_request(model) and not isinstance(model_admin, HidesPrivateInDeletes)
    )
    assert unguarded == []
