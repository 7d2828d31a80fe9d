from django.core.management.base import BaseCommand

from requests_app.sample_data.dataset import DEMO_USERS
from requests_app.services.sample_data import sample_data_load


class Command(BaseCommand):
    help = (
        "Load a small, realistic dataset (Prevent referral requests, the Coventry FOI429836404 "
        "refusal, demo users). Idempotent: running it twice changes nothing."
    )

    def handle(self, *args, **options):
        result = sample_data_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Sample data loaded: {result.created} rows created, {result.updated} updated."
            )
        )
        for user in DEMO_USERS:
            role = "superuser, /admin/" if user.is_superuser else "demo login"
            self.stdout.write(f"  {user.username} / {user.password}  ({role})")
