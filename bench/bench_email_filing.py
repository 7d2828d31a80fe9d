"""Benchmark: filing one authority's reply (``email_file``), the Coventry refusal as a PDF.

Times each stage on the real message: parsing (stdlib ``email``), reading the PDF (pypdf),
the letter analyser, and the whole filing with its database writes (spool row, message,
attachment, history row, spool delete) on the database of ``DATABASE_URL``; also a
duplicate arriving again (one lookup). Rows it makes are deleted afterwards.

Run::

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> \\
        .venv/bin/python bench/bench_email_filing.py --repeat 15
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foitracker.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from requests_app.mail import parse_email  # noqa: E402
from requests_app.models import FOIRequest, PublicAuthority  # noqa: E402
from requests_app.services.email_inbound import email_file  # noqa: E402
from requests_app.services.email_reading import (  # noqa: E402
    analyse_message,
    attachment_texts,
    letter_text,
)
from tests.email.messages import coventry_reply  # noqa: E402


def _median_ms(timings: list[float]) -> float:
    return statistics.median(timings) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(username="bench-email")
    authority, _ = PublicAuthority.objects.get_or_create(
        slug="bench-coventry",
        defaults={
            "name": "Bench Coventry",
            "authority_type": "local_council",
            "nation": "england",
            "default_regime": "foia",
            "email": "infogov@coventry.gov.uk",
        },
    )
    import datetime

    foi_request = FOIRequest.objects.create(
        owner=user,
        authority=authority,
        regime="foia",
        title="bench",
        sent_on=datetime.date(2022, 6, 15),
    )
    raws = [
        coventry_reply(foi_request.reply_to_address, message_id=f"<bench-{n}-{time.time()}@x>")
        for n in range(args.repeat)
    ]
    stages: dict[str, list[float]] = {"parse": [], "pdf": [], "analyse": [], "file": [], "dup": []}
    try:
        for raw in raws:
            start = time.perf_counter()
            parsed = parse_email(raw)
            stages["parse"].append(time.perf_counter() - start)
            start = time.perf_counter()
            texts = attachment_texts(
                [(a.filename, a.content_type, a.content) for a in parsed.attachments]
            )
            stages["pdf"].append(time.perf_counter() - start)
            start = time.perf_counter()
            analysis = analyse_message(letter_text(parsed.body_text, [t for t, _ in texts]), "foia")
            stages["analyse"].append(time.perf_counter() - start)
            assert analysis and analysis["outcome"] == "refused"
            start = time.perf_counter()
            email_file(raw, source="pipe")
            stages["file"].append(time.perf_counter() - start)
            start = time.perf_counter()
            assert email_file(raw, source="pipe").filed_now is False
            stages["dup"].append(time.perf_counter() - start)
    finally:
        foi_request.delete()
    print(f"{connection.vendor}, {args.repeat} messages of {len(raws[0]):,} bytes; median ms:")
    for name, timings in stages.items():
        print(f"  {name:8} {_median_ms(timings):8.1f}")


if __name__ == "__main__":
    main()
