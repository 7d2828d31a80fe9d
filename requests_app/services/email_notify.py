"""Tell the requester that the authority's email arrived (issue 14).

Claimed once per message by a conditional UPDATE, so a re-run task or a second worker never
emails twice; a failed send gives the claim back so the task's retry can try again.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from requests_app.models import EmailMessage
from requests_app.models.email_messages import EmailKindChoices, ProposalStateChoices


def email_reply_notify_send(message_pk: int) -> str:
    claimed = EmailMessage.objects.filter(
        pk=message_pk, requester_notified_at__isnull=True, foi_request__isnull=False
    ).update(requester_notified_at=timezone.now())
    if not claimed:
        return "already notified or not filed against a request"
    message = EmailMessage.objects.select_related("foi_request__owner").get(pk=message_pk)
    foi_request = message.foi_request
    assert foi_request is not None
    owner = foi_request.owner
    if not owner.email:
        return "the requester has no email address"
    url = settings.SITE_URL + reverse("web:request_detail", args=[foi_request.pk])
    label = EmailKindChoices(message.kind).label.lower()
    lines = [
        f"An email ({label}) arrived for your request “{foi_request.title}” "
        f"to {foi_request.authority.name}.",
        "",
        f"From: {message.sender}",
        f"Subject: {message.subject}",
        "",
    ]
    if message.proposal_state == ProposalStateChoices.PENDING:
        lines.append("We read it and propose what to record: check it and confirm it here:")
    elif message.proposal_state == ProposalStateChoices.CONFIRMED:
        lines.append("It acknowledges your request, so we recorded it. Read it here:")
    elif message.kind != EmailKindChoices.REPLY:
        lines.append("It is not a reply to your request, so nothing was recorded. Read it here:")
    else:
        lines.append("Read it here:")
    lines.append(url)
    try:
        send_mail(
            subject=f"Reply from {foi_request.authority.name}: {foi_request.title}"[:200],
            message="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[owner.email],
        )
    except Exception:
        EmailMessage.objects.filter(pk=message_pk).update(requester_notified_at=None)
        raise
    return "sent"
