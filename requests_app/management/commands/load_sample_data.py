import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from requests_app.sample_data.dataset import DEMO_USERS
from requests_app.services.sample_data import sample_data_load


class Command(BaseCommand):
    help = (
        "Load a small, realistic dataset (Prevent referral requests, the Coventry FOI429836404 "
        "refusal, demo users), placed around today so deadlines are live (--fixed-dates for the "
        "fixed 2022-23 dates). Idempotent: running it twice the same day changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixed-dates",
            action="store_true",
            help="Keep the dataset's fixed 2022-23 dates (as the tests do) instead of placing "
            "the requests around today.",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Place the requests around this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args, **options):
        today = None if options["fixed_dates"] else options["today"] or timezone.localdate()
        result = sample_data_load(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sample data loaded: {result.created} rows created, {result.updated} updated."
            )
        )
        for user in DEMO_USERS:
            role = "superuser, /admin/" if user.is_superuser else "demo login"
            self.stdout.write(f"  {user.username} / {user.password}  ({role})")
