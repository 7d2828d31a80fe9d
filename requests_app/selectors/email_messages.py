"""Reading a request's email: its thread, one attachment, and the unmatched messages."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from requests_app.models import EmailAttachment, EmailMessage, FOIRequest, PublicAuthority
from requests_app.selectors.access import managed_by_annotation, requests_visible_to

# What a list shows never needs the raw bytes, the HTML or an attachment's content.
LIST_DEFERRED = ("raw", "body_html")


def _thread_order(queryset: QuerySet[EmailMessage]) -> QuerySet[EmailMessage]:
    return queryset.order_by(Coalesce("sent_at", "created_at"), "id")


def visible_request(user, request_pk: int) -> FOIRequest | None:
    """The request if ``user`` may see it, annotated ``managed`` (may they manage it)."""
    return (
        requests_visible_to(user)
        .annotate(managed=managed_by_annotation(user))
        .filter(pk=request_pk)
        .first()
    )


def request_messages(foi_request: FOIRequest) -> QuerySet[EmailMessage]:
    """Every message of the request, both directions, oldest first, with attachments'
    names and sizes (not their content): two queries."""
    attachments = EmailAttachment.objects.defer("content", "extracted_text").order_by("id")
    return _thread_order(
        EmailMessage.objects.filter(foi_request=foi_request)
        .defer(*LIST_DEFERRED)
        .prefetch_related(Prefetch("attachments", queryset=attachments))
    )


def message_attachment(
    user, request_pk: int, message_pk: int, attachment_pk: int
) -> EmailAttachment | None:
    """One attachment, if ``user`` may see the request its message is filed against."""
    return (
        EmailAttachment.objects.filter(
            pk=attachment_pk,
            message_id=message_pk,
            message__foi_request_id=request_pk,
            message__foi_request__in=requests_visible_to(user).values("pk"),
        )
        .select_related(None)
        .first()
    )


def unmatched_messages() -> QuerySet[EmailMessage]:
    """Incoming messages no request was matched to, newest first, for the holding page."""
    attachments = EmailAttachment.objects.defer("content", "extracted_text").order_by("id")
    return (
        EmailMessage.objects.filter(foi_request__isnull=True)
        .defer("raw", "body_html", "analysis")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
        .order_by("-created_at", "-id")
    )


MAX_SUGGESTIONS = 5


def suggested_requests(user, messages: list[EmailMessage]) -> dict[int, list[FOIRequest]]:
    """For each unmatched message, the newest requests ``user`` can see to the authority
    the sender's domain belongs to: one query for the whole page."""
    from requests_app.services.email_matching import sender_domains

    domains_of = {message.pk: sender_domains(message.sender) for message in messages}
    every_domain = {domain for domains in domains_of.values() for domain in domains}
    if not every_domain:
        return {}
    same_domain = Q()
    for domain in every_domain:
        same_domain |= Q(email__iendswith=f"@{domain}")
    candidates = list(
        requests_visible_to(user)
        .filter(authority__in=PublicAuthority.objects.filter(same_domain))
        .select_related("authority")
        .order_by("-sent_on", "-pk")[:200]
    )
    found: dict[int, list[FOIRequest]] = {}
    for pk, domains in domains_of.items():
        endings = tuple(f"@{domain}" for domain in domains)
        found[pk] = [
            r for r in candidates if endings and r.authority.email.lower().endswith(endings)
        ][:MAX_SUGGESTIONS]
    return found
