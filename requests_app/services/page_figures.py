"""The public pages' figures (``models/page_figures.py``): a page never computes statistics
inside its request on a large site.

``page_figures_serve`` is what a page calls. Fresh figures (computed from the data as it is
now) cost two queries. Otherwise, on a small site (``data_is_small``) they are computed at
once, as before; on a large one the page shows the last figures it has, dated, or none yet
("being computed"), and a refresh is queued: claimed on the row, so the visits that follow a
burst of writes queue one recompute, not one each. The task (``tasks.refresh_page_figures``)
calls ``page_figures_refresh``. The statistics API never reads these: it computes exact
figures on a miss.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from requests_app.models import PageFigures
from requests_app.selectors.page_figures import (
    Figures,
    data_is_small,
    page_figures_compute,
    page_figures_read,
)
from requests_app.selectors.stats import stats_data_version

logger = logging.getLogger(__name__)

REFRESH_TASK = "requests_app.tasks.refresh_page_figures"
ENQUEUE_TIMEOUT = 1  # seconds to reach the broker: the page answers either way


def page_figures_serve(key: str, today: datetime.date | None = None) -> Figures:
    """The figures to show on the page ``key`` (whose object the view has found)."""
    today = today or timezone.localdate()
    found = page_figures_read(key, today)
    if found.fresh or found.refreshing:
        # A refresh is queued (only ever on a large site): it will bring the new figures.
        return found
    if data_is_small():
        return _store(key, today, found.version) or found
    if page_figures_claim(key):
        # At once when no transaction is open (a page view); a broker outage leaves the
        # claim to lapse, and a later visit queues again.
        transaction.on_commit(lambda: _queue(key))
    return found


def page_figures_refresh(key: str, *, today: datetime.date | None = None) -> bool:
    """Compute and store the page's figures from the data as it is now, and release the
    claim; False (and the row gone) when the page's object no longer exists. A refresh
    that finds the figures already current (a duplicate task) computes nothing."""
    today = today or timezone.localdate()
    version = stats_data_version()
    current = PageFigures.objects.filter(
        key=key, data_version=version, computed_for=today, figures__isnull=False
    )
    if current.update(claimed_at=None):
        return True
    return _store(key, today, version) is not None


def _store(key: str, today: datetime.date, version: str) -> Figures | None:
    figures = page_figures_compute(key, today, version)
    if figures is None:
        PageFigures.objects.filter(key=key).delete()
        return None
    fields = {
        "figures": figures,
        "data_version": version,
        "computed_for": today,
        "computed_at": timezone.now(),
        "claimed_at": None,
    }
    # One upsert (INSERT ... ON CONFLICT (key) DO UPDATE): the row may not exist yet.
    PageFigures.objects.bulk_create(
        [PageFigures(key=key, **fields)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=list(fields),
    )
    return Figures(key, figures, fields["computed_at"], fresh=True, version=version)


def page_figures_claim(key: str) -> bool:
    """Claim the page's refresh: True when this caller should queue it, False when one was
    queued less than PAGE_FIGURES_CLAIM_SECONDS ago (the time a lost task is given)."""
    now = timezone.now()
    lapsed = now - datetime.timedelta(seconds=settings.PAGE_FIGURES_CLAIM_SECONDS)
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=lapsed)
    if PageFigures.objects.filter(claimable, key=key).update(claimed_at=now):
        return True
    # No row yet (nothing ever computed for this page), or a claim still held.
    _row, created = PageFigures.objects.get_or_create(key=key, defaults={"claimed_at": now})
    return created


def _queue(key: str) -> None:
    from foitracker.celery import app

    # By its registered name: services do not import the tasks module (which imports them).
    task = app.tasks[REFRESH_TASK]
    try:
        # One quick connection attempt and no publish retries: with the broker down the page
        # must still answer at once, not after kombu's default retries (about 7 s).
        with app.connection_for_write() as connection:
            connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=ENQUEUE_TIMEOUT
            )
            task.apply_async((key,), connection=connection, retry=False)
    except Exception:  # any broker or network error: the claim lapses, a later visit queues
        logger.warning("Could not queue the refresh of page figures %s", key, exc_info=True)
