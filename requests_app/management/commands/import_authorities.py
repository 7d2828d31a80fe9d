from django.core.management.base import BaseCommand, CommandError

from requests_app.directory.readers import DirectoryError, read_file, read_shipped
from requests_app.services.directory import directory_import


class Command(BaseCommand):
    help = (
        "Load the directory of UK public authorities. With no FILE: the one shipped in the "
        "repo (every UK council from mySociety's register, CC BY 4.0, plus police forces, "
        "commissioners, ministerial departments and devolved governments). Given FILEs, "
        "each is read by its header: mySociety's register, WhatDoTheyKnow's all-authorities "
        "CSV, or this project's list. Idempotent: a re-run updates and never duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", metavar="FILE")

    def handle(self, *args, files, **options):
        try:
            entries = [e for path in files for e in read_file(path)] if files else read_shipped()
        except (OSError, DirectoryError) as error:
            raise CommandError(str(error)) from error
        result = directory_import(entries)
        self.stdout.write(
            self.style.SUCCESS(
                f"Authorities: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
