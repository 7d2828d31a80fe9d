"""Load the sample dataset (``requests_app.sample_data.dataset``): ``manage.py load_sample_data``.

Loading is idempotent: rows are found by natural keys and only written when they differ, so a
second run writes nothing, not even a history row. Events (responses, reviews, complaints) go
through the services, which compute the deadline columns in the same transaction.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models, transaction

from requests_app.models import (
    Campaign,
    EmailMessage,
    Exemption,
    ExemptionCitation,
    FOIRequest,
    InternalReview,
    Membership,
    NotificationPreference,
    Organisation,
    PublicAuthority,
    RegulatorComplaint,
    Reminder,
    Response,
)
from requests_app.sample_data.dataset import (
    AUTHORITIES,
    CAMPAIGN,
    DEMO_USERS,
    MEMBERSHIPS,
    NOTIFICATION_PREFERENCES,
    ORGANISATION,
    REMINDERS,
    ComplaintSpec,
    DemoUser,
    RequestSpec,
    ResponseSpec,
    ReviewSpec,
    request_specs,
)
from requests_app.sample_data.emails import UNMATCHED_MESSAGE_ID, unmatched_reply
from requests_app.sample_data.live import place
from requests_app.sample_data.reply import sample_reply_file
from requests_app.services.calendars import calendar_for_regime
from requests_app.services.deadlines import deadlines_recompute
from requests_app.services.email_inbound import email_file
from requests_app.services.requests import foi_request_create, foi_request_update
from requests_app.services.responses import CitationInput, response_record
from requests_app.services.reviews import complaint_record, review_record
from requests_app.services.summaries import request_summary_refresh

# --- Loading -------------------------------------------------------------------------------


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0

    def count(self, created: bool, changed: bool) -> bool:
        if created:
            self.created += 1
        elif changed:
            self.updated += 1
        return created or changed


def upsert(
    model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, bool, bool]:
    """Find by natural key; create, or save only the fields that differ.

    Unlike ``update_or_create``, an unchanged row is not saved, so a second load writes no
    history rows and leaves ``updated_at`` alone. Returns (obj, created, changed).
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), True, False
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save()
    return obj, False, bool(changed)


def _load_user(spec: DemoUser, result: LoadResult):
    user, created, changed = upsert(
        get_user_model(),
        {"username": spec.username},
        {
            "email": spec.email,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "is_staff": spec.is_staff,
            "is_superuser": spec.is_superuser,
            "is_active": True,
        },
    )
    # Hashes are salted: only rehash when the password no longer matches.
    if not user.check_password(spec.password):
        user.set_password(spec.password)
        user.save(update_fields=["password"])
        changed = not created
    result.count(created, changed)
    return user


def _load_response(foi_request: FOIRequest, spec: ResponseSpec, result: LoadResult) -> bool:
    exemptions = {
        e.code: e for e in Exemption.objects.filter(code__in=[c.code for c in spec.citations])
    }
    fields: dict[str, Any] = {
        "outcome": spec.outcome,
        "letter_text": spec.letter_text,
        "clarification_received_on": spec.clarification_received_on,
        "fee_amount": spec.fee_amount,
        "fee_paid_on": spec.fee_paid_on,
    }
    # A sample request has at most one response of each kind, so (request, kind) finds it
    # even when the live placement has moved its date since the last load.
    response = Response.objects.filter(request=foi_request, kind=spec.kind).first()
    if response is None:
        response_record(
            foi_request=foi_request,
            received_on=spec.received_on,
            kind=spec.kind,
            citations=[
                CitationInput(
                    exemption=exemptions[c.code],
                    cited_as=c.cited_as,
                    subsection=c.subsection,
                    public_interest_test=c.public_interest_test,
                    ncnd=c.ncnd,
                )
                for c in spec.citations
            ],
            **fields,
        )
        result.count(created=True, changed=False)
        return False  # the service has already recomputed the deadlines
    # The dataset changed since the last load: bring the row in line.
    changed = False
    fields["received_on"] = spec.received_on
    _, _, response_changed = upsert(Response, {"pk": response.pk}, fields)
    changed |= result.count(False, response_changed)
    for c in spec.citations:
        _, created, citation_changed = upsert(
            ExemptionCitation,
            {"response": response, "exemption": exemptions[c.code]},
            {
                "cited_as": c.cited_as,
                "subsection": c.subsection,
                "public_interest_test": c.public_interest_test,
                "ncnd": c.ncnd,
            },
        )
        changed |= result.count(created, citation_changed)
    return changed


def _load_review(foi_request: FOIRequest, spec: ReviewSpec, result: LoadResult) -> bool:
    review = InternalReview.objects.filter(request=foi_request).first()  # at most one
    if review is None:
        review_record(
            foi_request=foi_request,
            requested_on=spec.requested_on,
            decided_on=spec.decided_on,
            outcome=spec.outcome,
            notes=spec.notes,
        )
        result.count(created=True, changed=False)
        return False
    _, _, changed = upsert(
        InternalReview,
        {"pk": review.pk},
        {
            "requested_on": spec.requested_on,
            "decided_on": spec.decided_on,
            "outcome": spec.outcome,
            "notes": spec.notes,
        },
    )
    return result.count(False, changed)


def _load_complaint(foi_request: FOIRequest, spec: ComplaintSpec, result: LoadResult) -> bool:
    complaint = RegulatorComplaint.objects.filter(request=foi_request).first()  # at most one
    if complaint is None:
        complaint_record(
            foi_request=foi_request,
            submitted_on=spec.submitted_on,
            regulator=spec.regulator,
            reference=spec.reference,
            decided_on=spec.decided_on,
            outcome=spec.outcome,
        )
        result.count(created=True, changed=False)
        return False
    _, _, changed = upsert(
        RegulatorComplaint,
        {"pk": complaint.pk},
        {
            "regulator": spec.regulator,
            "submitted_on": spec.submitted_on,
            "reference": spec.reference,
            "decided_on": spec.decided_on,
            "outcome": spec.outcome,
        },
    )
    return result.count(False, changed)


def _load_request(
    spec: RequestSpec,
    *,
    users: dict[str, Any],
    authorities: dict[str, PublicAuthority],
    organisation: Organisation,
    campaign: Campaign,
    result: LoadResult,
    today: datetime.date | None = None,
) -> FOIRequest:
    authority = authorities[spec.authority]
    regime = spec.regime or authority.default_regime
    if today is not None:
        spec = place(spec, today, calendar_for_regime(regime))
    owner = users[spec.owner]
    fields: dict[str, Any] = {
        "regime": regime,
        "text": spec.text,
        "sent_on": spec.sent_on,
        "received_on": spec.sent_on,
        "authority_reference": spec.authority_reference,
        "campaign": campaign if spec.in_campaign else None,
        "organisation": organisation,
        "visibility": spec.visibility,
    }
    # Natural key of a sample request: who asked whom what.
    foi_request = FOIRequest.objects.filter(
        owner=owner, authority=authority, title=spec.title
    ).first()
    moved = today is not None and spec.live_age_wd is not None
    if foi_request is not None and moved and foi_request.sent_on != spec.sent_on:
        # Loaded live on an earlier day: every event moved with the request, so record it
        # afresh rather than move each date past the others (and past the validation).
        foi_request.delete()
        foi_request = None
    if foi_request is None:
        foi_request = foi_request_create(
            owner=owner, authority=authority, title=spec.title, **fields
        )
        result.count(created=True, changed=False)
    else:
        differing = {k: v for k, v in fields.items() if getattr(foi_request, k) != v}
        if differing:
            foi_request = foi_request_update(foi_request=foi_request, **differing)
            result.count(created=False, changed=True)

    stale = False
    for response_spec in spec.responses:
        stale |= _load_response(foi_request, response_spec, result)
    for review_spec in spec.reviews:
        stale |= _load_review(foi_request, review_spec, result)
    for complaint_spec in spec.complaints:
        stale |= _load_complaint(foi_request, complaint_spec, result)
    if stale:
        # Rows edited in place above bypassed the services: bring the deadlines up to date.
        deadlines_recompute(foi_request)
        request_summary_refresh(foi_request)
    return foi_request


@transaction.atomic
def sample_data_load(today: datetime.date | None = None) -> LoadResult:
    """Create or update the sample dataset; a second run (the same day) changes nothing.

    With ``today``, the requests that have a ``live_age_wd`` are placed around that day
    (``sample_data/live.py``: a live demo); without, every date is the dataset's fixed one.
    """
    result = LoadResult()
    users = {spec.username: _load_user(spec, result) for spec in DEMO_USERS}

    organisation, created, changed = upsert(
        Organisation, {"slug": ORGANISATION["slug"]}, {"name": ORGANISATION["name"]}
    )
    result.count(created, changed)
    for username, role in MEMBERSHIPS:
        _, created, changed = upsert(
            Membership, {"organisation": organisation, "user": users[username]}, {"role": role}
        )
        result.count(created, changed)

    authorities = {}
    for row in AUTHORITIES:
        values = {"email": "", "website": "", **row}
        slug = values.pop("slug")
        authority, created, changed = upsert(PublicAuthority, {"slug": slug}, values)
        result.count(created, changed)
        authorities[slug] = authority

    campaign, created, changed = upsert(
        Campaign,
        {"slug": CAMPAIGN["slug"]},
        {
            "name": CAMPAIGN["name"],
            "description": CAMPAIGN["description"],
            "owner": users["campaigner"],
            "organisation": organisation,
        },
    )
    result.count(created, changed)

    for spec in request_specs():
        _load_request(
            spec,
            users=users,
            authorities=authorities,
            organisation=organisation,
            campaign=campaign,
            result=result,
            today=today,
        )

    for username, kind, enabled in NOTIFICATION_PREFERENCES:
        _, created, changed = upsert(
            NotificationPreference, {"user": users[username], "kind": kind}, {"enabled": enabled}
        )
        result.count(created, changed)
    for reminder in REMINDERS:
        _, created, changed = upsert(
            Reminder,
            {
                "request": FOIRequest.objects.get(authority_reference=reminder.authority_reference),
                "kind": reminder.kind,
                "deadline": reminder.deadline,
                "recipient": users[reminder.recipient],
            },
            {
                "status": reminder.status,
                "attempts": 1,
                "sent_at": reminder.sent_at,
                "claimed_at": reminder.sent_at,
                "last_error": reminder.last_error,
            },
        )
        result.count(created, changed)
    if not EmailMessage.objects.filter(message_id=UNMATCHED_MESSAGE_ID).exists():
        email_file(unmatched_reply(), source="pipe")
        result.count(created=True, changed=False)
    if sample_reply_file():
        result.count(created=True, changed=False)
    return result
