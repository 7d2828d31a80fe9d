"""Benchmark: one IMAP poll filing a mailbox of replies (issue 14).

Starts a private Dovecot (tests/integration/dovecot.py), appends ``--messages`` replies to
``--requests`` requests (one in five carries the Coventry refusal letter as a PDF, the rest
are one-paragraph acknowledgements), then times ``imap_poll()`` filing them all: fetch,
``email_file`` (spool, parse, match, read the PDF, analyse, insert) and move, one message at
a time. Then a second poll of the same messages appended again, which files nothing new
(every Message-ID is known). Needs Dovecot and a migrated database (``DATABASE_URL``); the
rows it makes are deleted at the end.

Run::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench DEBUG=true \\
        .venv/bin/python bench/bench_imap_poll.py --messages 200
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from foitracker.env import ImapMailbox  # noqa: E402
from requests_app.models import EmailMessage, FOIRequest  # noqa: E402
from requests_app.services.email_imap import imap_poll  # noqa: E402
from tests import factories  # noqa: E402
from tests.integration.dovecot import Dovecot  # noqa: E402
from tests.integration.replies import COVENTRY_LETTER, letter_pdf, reply  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    settings.INBOUND_EMAIL_DOMAIN = "foi.example.org"
    settings.INBOUND_IMAP_BATCH = args.messages * 2

    authority = factories.AuthorityFactory(name="Bench Council", email="foi@bench.gov.uk")
    owner = factories.UserFactory()
    requests = [
        factories.FOIRequestFactory(owner=owner, authority=authority, title=f"Bench {n}")
        for n in range(args.requests)
    ]
    pdf = letter_pdf(COVENTRY_LETTER.read_text())
    mail = []
    for n in range(args.messages):
        target = requests[n % len(requests)]
        with_pdf = n % 5 == 0
        mail.append(
            reply(
                to=target.reply_to_address,
                subject=f"Your request {n}",
                body="Please find attached our response." if with_pdf else
                f"We acknowledge receipt of your request, reference BENCH-{n}.",
                pdf=pdf if with_pdf else None,
            )[0]
        )  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        server = Dovecot(Path(tmp))
        server.start()
        try:
            box = ImapMailbox("127.0.0.1", server.port, "", server.user, server.password, "INBOX")
            with server.connect() as client:
                for raw in mail:
                    client.append("INBOX", None, None, raw)
            print(f"{connection.vendor}, {args.messages} messages ({args.messages // 5} with "
                  f"the Coventry PDF), {args.requests} requests")  # fmt: skip
            for label in ("first poll (files every message)", "same messages again (duplicates)"):
                start = time.perf_counter()
                result = imap_poll(mailbox=box)
                elapsed = time.perf_counter() - start
                print(f"{label}: {result}; {elapsed:.2f} s, "
                      f"{elapsed / max(result.found, 1) * 1000:.1f} ms per message")  # fmt: skip
                if label.startswith("first"):
                    with server.connect() as client:
                        for raw in mail:
                            client.append("INBOX", None, None, raw)
        finally:
            server.stop()
            EmailMessage.objects.filter(foi_request__in=requests).delete()
            FOIRequest.objects.filter(pk__in=[r.pk for r in requests]).delete()
            authority.delete()
            owner.delete()


if __name__ == "__main__":
    main()
