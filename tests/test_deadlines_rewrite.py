"""The locked whole-table rewrite of ``manage.py recompute_deadlines`` on PostgreSQL: each
row's new version is written on its own page (migration 0028's fillfactor), so the table does
not spread and the indexes built afterwards need not read the old versions (issue 15,
docs/benchmarks.md "Deadline recomputation")."""

import datetime

import pytest
from django.db import connection

from requests_app.models import FOIRequest
from requests_app.services.deadlines_rewrite import deadlines_recompute_table
from tests import factories

ROWS = 120  # several pages of rows


def _pages() -> dict[int, int]:
    """Each request's heap page (the block of its current version's ``ctid``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, (ctid::text::point)[0]::bigint FROM {FOIRequest._meta.db_table}"  # noqa: S608
        )
        return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_a_whole_rewrite_leaves_every_request_on_its_page(require_services):
    if connection.vendor != "postgresql":
        assert not require_services, "CI runs the suite on PostgreSQL"
        pytest.skip("the table's fillfactor and HOT updates are PostgreSQL's")
    authority = factories.AuthorityFactory(default_regime="foia")
    owner = factories.UserFactory()
    factories.FOIRequestFactory.create_batch(
        ROWS, owner=owner, authority=authority, sent_on=datetime.date(2026, 11, 2)
    )
    deadlines_recompute_table(FOIRequest.objects.all())
    expected = list(FOIRequest.objects.order_by("pk").values_list("response_due", flat=True))
    # Every row's deadlines lost (a restored backup, rows loaded around the services), then
    # the space of the versions that wipe replaced given back, as autovacuum would.
    FOIRequest.objects.update(response_due=None, next_deadline=None)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {FOIRequest._meta.db_table}")
    before = _pages()
    assert len(set(before.values())) > 2

    changed, rebuilt = deadlines_recompute_table(FOIRequest.objects.all(), rewrite_at=1)

    assert (changed, rebuilt) == (ROWS, True)
    assert list(FOIRequest.objects.order_by("pk").values_list("response_due", flat=True)) == (
        expected
    )
    # On a packed page (fillfactor 100) most new versions would land on other pages.
    assert _pages() == before


@pytest.mark.django_db
def test_reply_tokens_stay_unique_and_byte_compared_after_a_rewrite(require_services):
    # Migration 0029: the token's unique index sorts byte by byte, and the rewrite builds it
    # again from the column, so both the collation and the uniqueness survive it.
    from django.db import IntegrityError, transaction

    if connection.vendor != "postgresql":
        assert not require_services, "CI runs the suite on PostgreSQL"
        pytest.skip("collations and the locked rewrite are PostgreSQL's")
    first, second = factories.FOIRequestFactory.create_batch(2)
    FOIRequest.objects.update(response_due=None)
    assert deadlines_recompute_table(FOIRequest.objects.all(), rewrite_at=1) == (2, True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = 'reply_token'",
            [FOIRequest._meta.db_table],
        )
        assert cursor.fetchone() == ("C",)
    with pytest.raises(IntegrityError), transaction.atomic():
        FOIRequest.objects.filter(pk=second.pk).update(reply_token=first.reply_token)
    assert FOIRequest.objects.get(reply_token=first.reply_token) == first
