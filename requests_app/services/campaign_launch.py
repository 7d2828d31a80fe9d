"""Start a campaign from the web: plan who is asked under which law, then create it all.

``campaign_plan`` is what the preview shows (each body, its law, its response deadline, or
why it cannot be asked); ``campaign_launch`` creates the campaign and every request in one
transaction, and refuses the whole batch if any body cannot be asked under the chosen law.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from requests_app.law.calendars import WorkingDayCalendar
from requests_app.models import Campaign, FOIRequest, PublicAuthority
from requests_app.models.choices import RegimeChoices, VisibilityChoices
from requests_app.services.calendars import calendar_for_regime, proclaimed_days
from requests_app.services.campaign_laws import AUTO, regime_for
from requests_app.services.campaigns import (
    MAX_AUTHORITIES_PER_BATCH,
    campaign_create,
    campaign_requests_create,
)
from requests_app.services.deadlines import deadlines_apply
from requests_app.services.validation import past_date


@dataclass(frozen=True)
class PlanRow:
    authority: PublicAuthority
    regime: str = ""
    response_due: datetime.date | None = None
    problem: str = ""  # why it cannot be asked under the chosen law

    @property
    def regime_label(self) -> str:
        return RegimeChoices(self.regime).label if self.regime else ""


def campaign_plan(
    authorities: Sequence[PublicAuthority], *, law: str, sent_on: datetime.date
) -> list[PlanRow]:
    """Each body with its law and response deadline, as the requests would be stored (the
    deadline service's own computation on unsaved requests): one query, proclaimed days."""
    extra = proclaimed_days()
    calendars: dict[str, WorkingDayCalendar] = {}
    rows = []
    for authority in authorities:
        try:
            regime = regime_for(authority, law)
        except ValidationError as error:
            rows.append(PlanRow(authority, problem=" ".join(error.messages)))
            continue
        if regime not in calendars:
            calendars[regime] = calendar_for_regime(regime, extra=extra)
        draft = FOIRequest(authority=authority, regime=regime, sent_on=sent_on, received_on=sent_on)
        deadlines_apply(draft, responses=[], reviews=[], complaints=[], calendar=calendars[regime])
        rows.append(PlanRow(authority, regime=regime, response_due=draft.response_due))
    return rows


def campaign_launch(
    *,
    owner,
    name: str,
    description: str = "",
    organisation=None,
    title: str,
    text: str = "",
    visibility: str = VisibilityChoices.PRIVATE,
    law: str = AUTO,
    sent_on: datetime.date,
    authorities: Sequence[PublicAuthority],
) -> Campaign:
    """The campaign and one request per body, all or nothing."""
    past_date("sent_on", sent_on)
    if not authorities:
        raise ValidationError({"authorities": "choose at least one public authority"})
    if len(authorities) > MAX_AUTHORITIES_PER_BATCH:
        raise ValidationError(
            {"authorities": f"at most {MAX_AUTHORITIES_PER_BATCH} authorities at once"}
        )
    refused = [row for row in campaign_plan(authorities, law=law, sent_on=sent_on) if row.problem]
    if refused:
        raise ValidationError({"authorities": [row.problem for row in refused]})
    with transaction.atomic():
        campaign = campaign_create(
            owner=owner, name=name, description=description, organisation=organisation
        )
        campaign_requests_create(
            campaign=campaign,
            owner=owner,
            authorities=authorities,
            title=title,
            text=text,
            sent_on=sent_on,
            visibility=visibility,
            law=law,
        )
    return campaign
