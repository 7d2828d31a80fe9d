"""``manage.py send_reminders``: run the hourly reminder sweep now."""

from __future__ import annotations

import contextlib

from django.core.management.base import BaseCommand
from django.utils import timezone

from requests_app.services.reminder_errors import TransientSendError
from requests_app.services.reminders import (
    planned_owner_reminders,
    planned_staff_digests,
    reminder_deliver,
    reminders_sweep,
)


def deliver_inline(reminder_id: int) -> None:
    # On a transient error the row is back to pending; a later sweep queues it again.
    with contextlib.suppress(TransientSendError):
        reminder_deliver(reminder_id, final_attempt=False)


class Command(BaseCommand):
    help = (
        "Plan the reminders due today, recover lost ones (stuck in sending, or queued but "
        "never delivered) and queue a send task for each: the same sweep beat runs hourly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--digests",
            action="store_true",
            help="Plan today's staff digests too, whatever the hour (REMINDER_DIGEST_HOUR).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due today; change nothing."
        )
        parser.add_argument(
            "--send-now",
            action="store_true",
            help="Send in this process instead of queueing (no worker needed).",
        )

    def handle(self, *args, digests: bool, dry_run: bool, send_now: bool, **options):
        if dry_run:
            today = timezone.localdate()
            planned = planned_owner_reminders(today)
            if digests:
                planned += planned_staff_digests(today)
            for item in planned:
                self.stdout.write(
                    f"{item.kind}\trequest={item.request_id}\tdeadline={item.deadline}"
                    f"\trecipient={item.recipient_id}"
                )
            self.stdout.write(f"{len(planned)} reminders due today (dry run: nothing saved)")
            return
        result = reminders_sweep(
            include_digests=True if digests else None,
            enqueue=deliver_inline if send_now else None,
        )
        self.stdout.write(
            f"planned {result.planned}, new {result.inserted}, "
            f"recovered from sending {result.unstuck}, "
            f"{'sent' if send_now else 'queued'} {result.queued}"
        )
