"""What every recorded event does to its request, in the event's own transaction."""

from requests_app.models import FOIRequest
from requests_app.services.deadlines import deadlines_recompute
from requests_app.services.reminders import reminders_cancel_moot
from requests_app.services.summaries import request_summary_refresh


def lock_request(foi_request: FOIRequest) -> None:
    """Row lock on the request for the rest of the transaction: two concurrent writes cannot
    both open "the" open review or complaint, and a write and a delete of the request take
    turns. A write that waited for a delete finds the request gone: ``DoesNotExist`` (a 404
    in the API) rather than saving into a deleted row. The caller's instance stays the one
    it updates."""
    if not FOIRequest.objects.select_for_update().filter(pk=foi_request.pk).values_list("pk"):
        raise FOIRequest.DoesNotExist("the request was deleted")


def request_event_applied(foi_request: FOIRequest) -> FOIRequest:
    """Recompute the deadline chain, cancel the reminders the new chain makes moot, and
    refresh the request's statistics summary.

    One place, so that no event can move a deadline and leave a stale reminder pending, or
    change a figure the statistics show without its summary row.
    """
    deadlines_recompute(foi_request)
    reminders_cancel_moot(foi_request)
    request_summary_refresh(foi_request)
    return foi_request
