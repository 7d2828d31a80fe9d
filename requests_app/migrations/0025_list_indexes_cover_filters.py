"""The request lists' indexes carry what the lists filter on (issue 15).

A filtered page (a common search word and a status, say) walks the list's order until 50
rows pass: ~15,000 rows for ``potholes`` + overdue at a million requests, each one a heap
page read to test the filters (30-80 ms). The page's ids are now chosen from the index
alone (``requests_app.paging``: PostgreSQL's index-only scan) when it carries the filters'
columns: ``foireq_vis_received_idx`` (the web list, newest first) gains the id as a key and
those columns; ``foireq_list_order_idx`` (the API's default order, PostgreSQL only, as
0021) is built again with them. ``foireq_next_deadline_idx`` goes: the list-order index
leads with the same column, and each index is rebuilt by a whole-table deadline recompute.
"""

from django.db import migrations, models
from django.db.models import F

# The filters' columns, as models/requests.LIST_FILTER_COLUMNS had them here (a migration
# keeps its own copy: the model's list may change later, with a migration of its own).
FILTERS = (
    "owner",
    "organisation",
    "authority",
    "campaign",
    "regime",
    "stage",
    "response_due",
    "response_due_latest",
    "fee_lapses_on",
    "review_request_deadline",
    "review_response_due",
    "initial_outcome",
)


def _list_order(include: bool) -> models.Index:
    return models.Index(
        F("next_deadline").asc(nulls_last=True),
        F("received_on").desc(),
        F("id").desc(),
        name="foireq_list_order_idx",
        include=("visibility", *FILTERS) if include else None,
    )


def _swap(old: models.Index, new: models.Index):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model("requests_app", "FOIRequest")
            schema_editor.remove_index(model, old)
            schema_editor.add_index(model, new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0024_campaign_index_covers_desk"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="foirequest",
            name="foireq_vis_received_idx",
        ),
        migrations.RemoveIndex(
            model_name="foirequest",
            name="foireq_next_deadline_idx",
        ),
        migrations.AddIndex(
            model_name="foirequest",
            index=models.Index(
                fields=["visibility", "received_on", "id"],
                include=FILTERS,
                name="foireq_vis_received_idx",
            ),
        ),
        migrations.RunPython(
            _swap(_list_order(False), _list_order(True)),
            _swap(_list_order(True), _list_order(False)),
            elidable=False,
        ),
    ]
