"""A campaign's requests read from one index: the campaign desk's count, figures and page of
rows sorted by authority were three reads of one heap page per request (4,922 for the
largest campaign at a million requests, 20-30 ms each under load, issue 15); with the
columns they need carried in the index, PostgreSQL answers them by index-only scans. It
replaces the plain partial index on ``campaign_id`` (built first, so no moment is without).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0021_request_list_order_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="foirequest",
            index=models.Index(
                condition=models.Q(("campaign__isnull", False)),
                fields=["campaign", "visibility"],
                include=(
                    "id",
                    "authority",
                    "stage",
                    "response_due",
                    "answered_on",
                    "initial_outcome",
                ),
                name="foireq_campaign_desk_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="foirequest", name="foireq_campaign_idx"),
    ]
