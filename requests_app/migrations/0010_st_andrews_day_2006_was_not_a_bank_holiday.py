"""The `holidays` package lists Thursday 30 November 2006 as St Andrew's Day in Scotland, but
the St Andrew's Day Bank Holiday (Scotland) Act 2007 came into force on 16 January 2007: the
first such bank holiday was 30 November 2007 (shared/foi-law.md, "The four regimes").

Shipped as a correction row, like those staff add in the admin. The stored deadlines it
moves are recomputed by ``manage.py recompute_deadlines`` (run by ``make run`` and compose's
``migrate`` service after ``migrate``).
"""

import datetime

from django.db import migrations

DAY = datetime.date(2006, 11, 30)
NAME = "St Andrew's Day 2006: not a bank holiday (the 2007 Act was in force from 16 Jan 2007)"


def add(apps, schema_editor):
    ProclaimedHoliday = apps.get_model("requests_app", "ProclaimedHoliday")
    ProclaimedHoliday.objects.update_or_create(
        date=DAY, nation="scotland", defaults={"name": NAME, "kind": "removed"}
    )


def remove(apps, schema_editor):
    ProclaimedHoliday = apps.get_model("requests_app", "ProclaimedHoliday")
    ProclaimedHoliday.objects.filter(date=DAY, nation="scotland", kind="removed").delete()


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0009_proclaimed_holiday_kind")]
    operations = [migrations.RunPython(add, remove)]
