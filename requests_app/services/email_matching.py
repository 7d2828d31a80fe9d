"""Which request an incoming message belongs to, most certain evidence first.

1. the token of a reply address (``<prefix>+<token>@<INBOUND_EMAIL_DOMAIN>``) in To, Cc or
   the envelope headers (Delivered-To, X-Original-To...): only the tracker wrote it;
2. In-Reply-To, then References, naming a message already filed against a request (our
   outgoing ones, whose Message-IDs the sending services store); for a bounce, also the
   Message-ID of the original inside the delivery report;
3. the authority's reference (``FOIRequest.authority_reference``) in the subject, among the
   requests to authorities whose email domain is the sender's, when exactly one fits.
Otherwise the message waits, unmatched, for staff to assign it.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Lower

from requests_app.mail.parse import ParsedEmail
from requests_app.models import EmailMessage, FOIRequest, MatchMethodChoices, PublicAuthority

_TOKEN = re.compile(r"^[^@\s]*\+([a-z2-7]{16,32})@([^@\s]+)$")
MIN_REFERENCE = 4  # shorter "references" ("1", "FOI") would match any subject
# Suffixes shared by many bodies: a sender at one of these is not that body's domain.
PUBLIC_SUFFIXES = {
    "uk", "gov.uk", "org.uk", "co.uk", "ac.uk", "nhs.uk", "nhs.net", "police.uk", "sch.uk",
    "mod.uk", "ltd.uk", "plc.uk", "net.uk", "me.uk", "parliament.uk", "gov.scot", "scot",
    "gov.wales", "llyw.cymru", "wales", "cymru", "com", "org", "net", "gov",
}  # fmt: skip


def reply_tokens(addresses: list[str]) -> list[str]:
    domain = settings.INBOUND_EMAIL_DOMAIN
    tokens = []
    for address in addresses:
        match = _TOKEN.match(address.lower())
        if match and (not domain or match.group(2) == domain):
            tokens.append(match.group(1))
    return tokens


def email_match(parsed: ParsedEmail) -> tuple[FOIRequest | None, str]:
    """(the request, ``MatchMethodChoices`` value) or (None, "")."""
    tokens = reply_tokens(parsed.to + parsed.cc + parsed.envelope_recipients)
    if tokens:
        found = FOIRequest.objects.filter(reply_token__in=tokens).order_by("pk").first()
        if found is not None:
            return found, MatchMethodChoices.TOKEN
    for method, ids in (
        (MatchMethodChoices.IN_REPLY_TO, [parsed.in_reply_to, *parsed.original_message_ids]),
        (MatchMethodChoices.REFERENCES, parsed.references),
    ):
        ids = [i for i in ids if i]
        if not ids:
            continue
        thread = (
            EmailMessage.objects.filter(message_id__in=ids, foi_request__isnull=False)
            .select_related("foi_request")
            .order_by("-created_at", "-pk")
            .first()
        )
        if thread is not None:
            return thread.foi_request, method
    found = _by_subject_reference(parsed.subject, parsed.sender)
    if found is not None:
        return found, MatchMethodChoices.SUBJECT_REFERENCE
    return None, ""


def sender_domains(sender: str) -> list[str]:
    """The sender's domain and its parents, down to (not including) a public suffix."""
    domain = sender.rpartition("@")[2].lower().strip(".")
    labels = domain.split(".")
    return [
        suffix
        for suffix in (".".join(labels[i:]) for i in range(len(labels)))
        if "." in suffix and suffix not in PUBLIC_SUFFIXES
    ]


def _by_subject_reference(subject: str, sender: str) -> FOIRequest | None:
    domains = sender_domains(sender)
    if not subject or not domains:
        return None
    same_domain = Q()
    for domain in domains:
        same_domain |= Q(email__iendswith=f"@{domain}")
    candidates = (
        FOIRequest.objects.filter(authority__in=PublicAuthority.objects.filter(same_domain))
        .exclude(authority_reference="")
        .alias(
            reference=Lower("authority_reference"),
            subject_text=Value(subject.lower(), output_field=CharField()),
        )
        .filter(subject_text__contains=F("reference"))
        .order_by("pk")[:20]
    )
    fits = [
        foi_request
        for foi_request in candidates
        if len(foi_request.authority_reference.strip()) >= MIN_REFERENCE
        and re.search(
            r"(?<![a-z0-9])"
            + re.escape(foi_request.authority_reference.strip().lower())
            + r"(?![a-z0-9])",
            subject.lower(),
        )
    ]
    return fits[0] if len(fits) == 1 else None
