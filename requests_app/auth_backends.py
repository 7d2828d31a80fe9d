"""django-axes's lockout, for the sign-ins that have a client to lock out."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Every web sign-in (the login page, the admin's) passes its request; code that calls
    ``authenticate`` without one (the test client's ``login``, a shell) has no address or
    attempt to count, and is left to the next backend rather than refused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
