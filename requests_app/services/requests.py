"""Create, edit and withdraw FOI requests; the deadline chain follows in the same transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from requests_app.law.regimes import Nation, Regime
from requests_app.models import ExemptionCitation, FOIRequest
from requests_app.models.choices import RegimeChoices, ResponseKindChoices, VisibilityChoices
from requests_app.services.deadlines import deadlines_apply
from requests_app.services.events import lock_request
from requests_app.services.reminders import reminders_cancel_moot
from requests_app.services.summaries import request_summary_refresh
from requests_app.services.validation import day_month_year, in_choices, not_before, past_date

# Fields a requester may edit. The deadline columns are derived and never set directly.
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "text",
        "authority",
        "regime",
        "sent_on",
        "received_on",
        "authority_reference",
        "campaign",
        "organisation",
        "visibility",
        "withdrawn_on",  # None undoes a withdrawal recorded by mistake
    }
)


def _validate(foi_request: FOIRequest) -> None:
    if not (foi_request.title or "").strip():
        raise ValidationError({"title": "is required"})
    in_choices("regime", foi_request.regime, RegimeChoices)
    in_choices("visibility", foi_request.visibility, VisibilityChoices)
    regime_applies_to_authority(foi_request.regime, foi_request.authority)
    past_date("sent_on", foi_request.sent_on)
    past_date("received_on", foi_request.received_on)
    not_before("received_on", foi_request.received_on, foi_request.sent_on, "the day it was sent")
    if foi_request.withdrawn_on is not None:
        past_date("withdrawn_on", foi_request.withdrawn_on)
        not_before("withdrawn_on", foi_request.withdrawn_on, foi_request.received_on, "its receipt")


def regime_applies_to_authority(regime: str, authority) -> None:
    """A Scottish public authority answers under FOISA or the EISR, never FOIA or the EIR
    (foi-law.md "The four regimes": FOIA covers England, Wales, Northern Ireland and UK-wide
    bodies). A deadline counted under the wrong Act would have the wrong holidays and the wrong
    regulator. A UK-wide body ("uk_wide", even with offices in Scotland) may use either;
    a body of England, Wales or Northern Ireland never answers under the Scottish law."""
    if authority.nation == Nation.SCOTLAND and not Regime(regime).is_scottish:
        raise ValidationError(
            {
                "regime": f"{authority.name} is a Scottish public authority: it answers under "
                "FOISA 2002 (or EISR 2004 for environmental information), not "
                f"{RegimeChoices(regime).label}"
            }
        )
    if authority.nation not in (Nation.SCOTLAND, Nation.UK_WIDE) and Regime(regime).is_scottish:
        raise ValidationError(
            {
                "regime": f"{authority.name} is not a Scottish public authority: it answers "
                "under FOIA 2000 (or EIR 2004 for environmental information), not "
                f"{RegimeChoices(regime).label}"
            }
        )


def foi_request_create(
    *,
    owner,
    authority,
    title: str,
    sent_on: datetime.date,
    received_on: datetime.date | None = None,
    regime: str | None = None,
    text: str = "",
    authority_reference: str = "",
    campaign=None,
    organisation=None,
    visibility: str = VisibilityChoices.PRIVATE,
    referred_from=None,
) -> FOIRequest:
    """A new request; ``received_on`` defaults to ``sent_on`` (email arrives the same day)
    and ``regime`` to the authority's (FOISA in Scotland, FOIA elsewhere).

    ``referred_from``: the question of another request whose answer said this authority
    holds the information (the caller checks the owner may manage that request)."""
    if authority is None:
        raise ValidationError({"authority": "is required"})
    if owner is None or not getattr(owner, "pk", None):
        raise ValidationError({"owner": "is required"})
    if not authority.approved and authority.suggested_by_id != owner.pk:
        # Someone else's suggestion is theirs alone until staff approve it.
        raise ValidationError({"authority": f"{authority.name} is not in the directory yet"})
    foi_request = FOIRequest(
        owner=owner,
        authority=authority,
        title=title,
        sent_on=sent_on,
        received_on=received_on if received_on is not None else sent_on,
        regime=regime or authority.default_regime,
        text=text,
        authority_reference=authority_reference,
        campaign=campaign,
        organisation=organisation,
        visibility=visibility,
        referred_from=referred_from,
    )
    _validate(foi_request)
    if referred_from is not None and referred_from.response.request.authority_id == authority.pk:
        raise ValidationError(
            {"authority": "is the authority that said another body holds the information"}
        )
    with transaction.atomic():
        deadlines_apply(foi_request)
        foi_request.save()
        request_summary_refresh(foi_request)
    return foi_request


def foi_request_update(*, foi_request: FOIRequest, **fields) -> FOIRequest:
    """Edit the requester-owned fields; any change of date or regime moves the deadlines.

    On a ``ValidationError`` the instance is reloaded, so the caller never holds half an edit.
    """
    unknown = sorted(set(fields) - EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: "cannot be changed" for name in unknown})
    try:
        for name, value in fields.items():
            setattr(foi_request, name, value)
        if "sent_on" in fields and "received_on" not in fields:
            # Keeping an old receipt date before a new sending date would be impossible.
            foi_request.received_on = max(foi_request.received_on, foi_request.sent_on)
        _validate(foi_request)
        with transaction.atomic():
            lock_request(foi_request)
            _validate_against_events(foi_request)
            deadlines_apply(foi_request)
            foi_request.save()
            reminders_cancel_moot(foi_request)
            request_summary_refresh(foi_request)
    except ValidationError:
        foi_request.refresh_from_db()
        raise
    return foi_request


def _validate_against_events(foi_request: FOIRequest) -> None:
    responses = foi_request.responses.all()
    first = responses.order_by("received_on").values_list("received_on", flat=True).first()
    if first is not None and first < foi_request.received_on:
        raise ValidationError(
            {"received_on": f"cannot be after the first response ({day_month_year(first)})"}
        )
    if (
        ExemptionCitation.objects.filter(response__request=foi_request)
        .exclude(exemption__regime=foi_request.regime)
        .exists()
    ):
        raise ValidationError({"regime": "responses cite exemptions of another regime"})
    if (
        foi_request.regime == RegimeChoices.FOISA
        and responses.filter(kind=ResponseKindChoices.EXTENSION_NOTICE).exists()
    ):
        raise ValidationError({"regime": "FOISA has no extension, but an extension is recorded"})


def foi_request_withdraw(*, foi_request: FOIRequest, withdrawn_on: datetime.date) -> FOIRequest:
    """The requester no longer pursues the request: it closes and its reminders stop."""
    past_date("withdrawn_on", withdrawn_on)
    not_before("withdrawn_on", withdrawn_on, foi_request.received_on, "the request's receipt")
    if foi_request.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": "the request is already withdrawn"})
    with transaction.atomic():
        lock_request(foi_request)
        foi_request.withdrawn_on = withdrawn_on
        deadlines_apply(foi_request)
        foi_request.save()
        reminders_cancel_moot(foi_request)
        request_summary_refresh(foi_request)
    return foi_request


def foi_request_delete(*, foi_request: FOIRequest) -> None:
    """Delete a request and everything of it (events, reminders, summaries, emails).

    The row is locked first (FOR UPDATE): a write to the same request that is refreshing its
    summary (which locks the row too) finishes first and its rows are deleted with the rest,
    or waits and finds the request gone. Without the lock a concurrent write could leave a
    summary row behind, and the delete failed at COMMIT on the foreign key (a 500).
    """
    with transaction.atomic():
        locked = FOIRequest.objects.select_for_update().filter(pk=foi_request.pk)
        if locked.values_list("pk", flat=True):
            foi_request.delete()
