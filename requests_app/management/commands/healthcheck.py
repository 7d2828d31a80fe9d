"""``manage.py healthcheck``: /healthz's checks for containers that serve no HTTP (worker, beat).

Prints the same JSON as /healthz and exits 1 when anything is down, so compose can use it.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from requests_app.health import health_report


class Command(BaseCommand):
    help = "Check the database, broker and cache; exit 1 naming what is down."

    def handle(self, *args, **options):
        status, body = health_report()
        self.stdout.write(json.dumps(body))
        if status != 200:
            raise CommandError(f"unhealthy: {', '.join(body['down'])} down")
