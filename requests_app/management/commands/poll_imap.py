"""``manage.py poll_imap``: poll the IMAP mailbox once, as the beat task does every minute."""

from __future__ import annotations

import imaplib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from requests_app.services.email_imap import ImapError, imap_poll


class Command(BaseCommand):
    help = (
        "File every message waiting in the INBOUND_IMAP_URL mailbox and move each one filed "
        "to INBOUND_IMAP_PROCESSED_FOLDER (from cron, or by hand). Safe alongside beat's "
        "polls: a message is filed once however many pollers see it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            type=int,
            default=None,
            help="At most this many messages (default INBOUND_IMAP_BATCH).",
        )

    def handle(self, *args, batch: int | None, **options):
        if settings.INBOUND_IMAP is None:
            raise CommandError("INBOUND_IMAP_URL is not set: there is no mailbox to poll.")
        try:
            result = imap_poll(batch=batch)
        except (ImapError, imaplib.IMAP4.error, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(result))
