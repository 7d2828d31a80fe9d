"""Inbound email from hosted providers' webhooks (django-anymail): the third way in.

Anymail's views receive the provider's POST (Mailgun, Postmark, Amazon SES, Brevo, Mailjet,
SparkPost, ...), check it came from the provider, and turn it into a message; the receiver
below hands that message's bytes to ``email_file(raw, source="webhook")``, so it is filed,
deduplicated and analysed like mail from the pipe or the IMAP poller.

Only the inbound views are routed, under ``/anymail/<provider>/inbound/``, and only while
``INBOUND_WEBHOOK_SECRET`` is set: every call must then carry it as HTTP basic auth (anymail
checks it), so nobody else can post "replies". Without it they answer 404.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.http import Http404
from django.urls import URLPattern

from requests_app.services.email_inbound import EmailNotFiled, email_file

logger = logging.getLogger(__name__)


def inbound_received(sender, event, esp_name: str, **kwargs) -> None:
    """Anymail's ``inbound`` signal: file the message. Raising makes the view answer 500,
    so the provider retries later: only when the bytes could not even be stored."""
    try:
        message = email_file(event.message.as_bytes(), source="webhook")
    except EmailNotFiled as error:  # stored; `manage.py ingest_email --retry` files it
        logger.error("%s webhook message stored but not filed: %s", esp_name, error)
        return
    logger.info("%s webhook message filed as email %s", esp_name, message.pk)


def _only_when_enabled(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.INBOUND_WEBHOOK_SECRET:
            raise Http404("inbound webhooks are off")
        return view(request, *args, **kwargs)

    return wrapper


def inbound_webhook_urlpatterns() -> list[URLPattern]:
    """Anymail's inbound routes (none of its tracking ones), each off without the secret."""
    from anymail import urls

    return [
        URLPattern(
            pattern.pattern,
            _only_when_enabled(pattern.callback),
            pattern.default_args,
            pattern.name,
        )
        for pattern in urls.urlpatterns
        if isinstance(pattern, URLPattern) and (pattern.name or "").endswith("_inbound_webhook")
    ]
