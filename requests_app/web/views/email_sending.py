"""Send by email from the web: the letter shown first, then sent on confirmation.

``/requests/<id>/email/<kind>/`` (the request, a chaser, the review request) and
``/campaigns/<slug>/email/`` (every request of a campaign) show exactly what will go (To,
From, Reply-To, subject, letter) and, on POST, queue it; ``/requests/<id>/emails/<id>/retry/``
sends a failed message again. The request page's "Email" section (``email_panel_context``,
``web/_request_email.html``) lists what was sent and what may be sent now.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from requests_app.models import EmailMessage, FOIRequest
from requests_app.models.choices import StatusChoices
from requests_app.models.email_messages import EmailDirectionChoices as Direction
from requests_app.models.email_messages import EmailKindChoices as Kind
from requests_app.selectors.access import can_manage_request, requests_managed_by
from requests_app.selectors.campaigns import campaign_for_page
from requests_app.selectors.email_drafts import (
    KIND_BY_SLUG,
    SLUGS,
    TITLES,
    campaign_email_rows,
    email_draft,
    reply_waiting,
)
from requests_app.selectors.web_requests import request_for_page
from requests_app.services.email_sending import (
    campaign_email_send,
    chaser_email_send,
    email_message_retry,
    request_email_send,
    review_request_email_send,
)
from requests_app.web.forms.base import add_service_errors
from requests_app.web.forms.email_sending import CampaignEmailForm, EmailSendForm

OVERDUE = (StatusChoices.OVERDUE, StatusChoices.VERY_OVERDUE)


def email_panel_context(
    foi_request: FOIRequest, letters: list[str], received: Sequence[EmailMessage] = ()
) -> dict[str, Any]:
    """The request page's Email section. One query (the outgoing messages); the responses
    come from the page's prefetch. ``letters``: the drafts the page offers; ``received``: the
    request's incoming messages, as the page's "Emails received" section read them."""
    outgoing = list(
        foi_request.email_messages.filter(direction=Direction.OUT)
        .only(
            "kind",
            "status",
            "subject",
            "recipients",
            "attempts",
            "last_error",
            "sent_at",
            "created_at",
            "foi_request_id",
        )
        .order_by("created_at", "id")
    )
    offers = []
    # A reply waiting to be confirmed is the authority's answer, not yet recorded: the next
    # step is to confirm it, not to send the request (or a chaser) as if none had come.
    waiting = [m for m in received if reply_waiting(m)]
    open_request = foi_request.withdrawn_on is None and (
        cast(Any, foi_request).status != StatusChoices.CLOSED
    )
    if open_request and not waiting:
        emailed = any(m.kind == Kind.REQUEST for m in outgoing)
        overdue = cast(Any, foi_request).status in OVERDUE
        # An overdue request was evidently sent already (by hand): chase it, do not restart
        # its clock by sending it again.
        if not emailed and not overdue and not list(foi_request.responses.all()):
            offers.append(Kind.REQUEST)
        if overdue:
            offers.append(Kind.CHASER)
        if "review-request" in letters:
            offers.append(Kind.REVIEW_REQUEST)
    return {
        "outgoing_emails": outgoing,
        "email_offers": [{"slug": SLUGS[k], "title": TITLES[k]} for k in offers],
        "replies_waiting": waiting,
        "authority_has_email": bool(foi_request.authority.email),
    }


def _managed(request: HttpRequest, pk: int, today: datetime.date) -> FOIRequest:
    foi_request = request_for_page(request.user, pk, today)
    if foi_request is None:
        raise Http404("No such request")
    if not can_manage_request(request.user, foi_request):
        raise PermissionDenied("Only the requester or their organisation's staff can send it")
    return foi_request


def _own_address(request: HttpRequest) -> str:
    return getattr(request.user, "email", "") or ""


@login_required
def email_send(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    today = timezone.localdate()
    if kind not in KIND_BY_SLUG:
        raise Http404("No such email")
    email_kind = KIND_BY_SLUG[kind]
    foi_request = _managed(request, pk, today)
    draft = email_draft(foi_request, email_kind, today)
    form = EmailSendForm(
        request.POST if request.method == "POST" else None,
        own_address=_own_address(request),
        editable_text=draft.body if email_kind == Kind.REVIEW_REQUEST else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common: dict[str, Any] = {
            "foi_request": foi_request,
            "sent_by": request.user,
            "reply_to_own": data["reply_to_own"],
        }
        try:
            if email_kind == Kind.CHASER:
                chaser_email_send(**common)
            elif email_kind == Kind.REVIEW_REQUEST:
                review_request_email_send(**common, text=data.get("text", ""))
            else:
                request_email_send(**common)
        except ValidationError as error:
            add_service_errors(form, error, aliases={"reply_to_own": "reply_to_own"})
        else:
            messages.success(
                request,
                f"Queued: the email to {draft.to} goes in a moment. Its progress is shown "
                "under Email.",
            )
            return redirect(reverse("web:request_detail", args=[pk]) + "#email")
    context = {
        "foi_request": foi_request,
        "kind": kind,
        "title": TITLES[email_kind],
        "draft": draft,
        "form": form,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "own_address": _own_address(request),
        "is_staff": request.user.is_staff,
        "sent_before_today": email_kind == Kind.REQUEST and foi_request.sent_on < today,
    }
    return render(request, "web/email_send.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def email_retry(request: HttpRequest, pk: int, email_pk: int) -> HttpResponse:
    foi_request = _managed(request, pk, timezone.localdate())
    message = EmailMessage.objects.filter(
        pk=email_pk, foi_request=foi_request, direction=Direction.OUT
    ).first()
    if message is None:
        raise Http404("No such message")
    try:
        email_message_retry(message=message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Queued again: it goes in a moment, as the same message.")
    return redirect(reverse("web:request_detail", args=[pk]) + "#email")


@login_required
def campaign_email(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = campaign_for_page(request.user, slug)
    if campaign is None or not cast(Any, campaign).managed:
        raise Http404("No such campaign")
    form = CampaignEmailForm(
        request.POST if request.method == "POST" else None, own_address=_own_address(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = campaign_email_send(
                campaign=campaign,
                foi_requests=list(
                    requests_managed_by(request.user)
                    .filter(campaign=campaign)
                    .select_related("authority")
                ),
                sent_by=request.user,
                reply_to_own=form.cleaned_data["reply_to_own"],
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"requests": "__all__"})
        else:
            count = len(sent)
            messages.success(
                request,
                f"Queued {count} request{'s' if count != 1 else ''} to be emailed, each to its "
                "authority. Each request's page shows its progress.",
            )
            return redirect("web:campaign", slug=slug)
    rows = campaign_email_rows(request.user, campaign)
    sample = next((r.foi_request for r in rows if r.state == "send"), None)
    draft = None
    if sample is not None:
        sample = FOIRequest.objects.select_related("authority", "owner").get(pk=sample.pk)
        draft = email_draft(sample, Kind.REQUEST, timezone.localdate())
    context = {
        "campaign": campaign,
        "rows": rows,
        "to_send": sum(1 for r in rows if r.state == "send"),
        "blocked": sum(1 for r in rows if r.state == "no_address"),
        "sample": sample,
        "draft": draft,
        "form": form,
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "is_staff": request.user.is_staff,
        "nav": "campaigns",
    }
    return render(request, "web/campaign_email.html", context, status=400 if form.errors else 200)
