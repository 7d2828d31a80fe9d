"""``manage.py ingest_email``: file one RFC 822 message read from standard input.

What an MTA's pipe transport runs for the inbound domain (README "Receiving email"). Exit
codes follow sendmail's, which every MTA reads: 0 once the bytes are stored (filed, a
duplicate, or kept for a retry because filing failed), 75 (EX_TEMPFAIL: the MTA keeps the
message and tries again) when they could not even be stored, 65 (EX_DATAERR) for no input.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from requests_app.models import InboundSourceChoices
from requests_app.services.email_inbound import (
    EmailNotFiled,
    email_file,
    inbound_email_refile,
)

EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = (
        "File the email on standard input against its request (an MTA pipe transport runs "
        "this). With --retry, file again the stored messages whose filing failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            default=InboundSourceChoices.PIPE,
            choices=InboundSourceChoices.values,
            help="Where the message came from (default: pipe).",
        )
        parser.add_argument(
            "--retry",
            action="store_true",
            help="Read nothing: file the stored messages whose filing failed before.",
        )

    def handle(self, *args, source: str, retry: bool, **options):
        if retry:
            filed, failing = inbound_email_refile()
            self.stdout.write(f"{filed} filed, {failing} still failing")
            return
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            self.stderr.write("ingest_email: no message on standard input")
            sys.exit(EX_DATAERR)
        try:
            message = email_file(raw, source=source)
        except EmailNotFiled as error:
            # Stored: the MTA must not send it again; --retry (or staff) files it later.
            self.stderr.write(f"ingest_email: {error}")
            return
        except Exception as error:
            self.stderr.write(f"ingest_email: could not store the message ({error}); retry")
            sys.exit(EX_TEMPFAIL)
        if not getattr(message, "filed_now", True):
            self.stderr.write(
                f"ingest_email: duplicate: Message-ID <{message.message_id}> was already "
                f"filed (message {message.pk}); nothing done"
            )
            return
        where = (
            f"request {message.foi_request_id} (by {message.get_match_method_display()})"
            if message.foi_request_id
            else "the holding page (unmatched)"
        )
        self.stdout.write(f"Filed {message.get_kind_display().lower()} {message.pk} to {where}")
