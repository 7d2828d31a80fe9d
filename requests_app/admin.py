"""The Django admin: staff can run the whole product from here.

Site staff see only the requests ``access.py`` lets them see (``admin_access.py``);
superusers see everything.

Requests, responses, citations, reviews and complaints keep their history (SimpleHistoryAdmin
adds a "History" button to each). The deadline columns are computed by the deadline service
and are read-only here; every admin write that can move them recomputes them in the same
transaction as the save (the admin wraps each save in ``transaction.atomic``).

The admins are registered from one module per area, imported here (Django's admin
autodiscovery imports this module): ``admin_services`` (how saves and deletes go through
the services), ``admin_reference``, ``admin_requests``, ``admin_events``,
``admin_reminders``, ``admin_email`` and ``admin_users``.
"""

from requests_app import (  # noqa: F401  (each registers its admins)
    admin_email,
    admin_events,
    admin_reference,
    admin_reminders,
    admin_requests,
    admin_users,
)
