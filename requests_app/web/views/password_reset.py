"""Password reset, with its emails limited per address and per client."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views

from requests_app.client_ip import client_ip
from requests_app.rate_limits import within_limit
from requests_app.web.forms.accounts import ResetForm

HOUR = 60 * 60


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, refusing (429, saying why) once a client or an address has asked
    too often this hour: otherwise anyone could flood an inbox or the outgoing mail server.
    The address is counted whether or not an account has it, so the refusal reveals nothing."""

    form_class = ResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if not within_limit(
            "password-reset-client",
            client_ip(self.request),
            settings.PASSWORD_RESET_LIMIT_PER_CLIENT,
            HOUR,
        ):
            form.add_error(
                None,
                "Too many password reset requests have come from your connection. "
                "Try again in an hour.",
            )
            return self._refused(form)
        if not within_limit(
            "password-reset-address", email, settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, HOUR
        ):
            form.add_error(
                "email",
                "Several reset emails have already been sent to this address in the last hour. "
                "Check that inbox (and its spam folder), or try again in an hour.",
            )
            return self._refused(form)
        return super().form_valid(form)

    def _refused(self, form):
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(HOUR)
        return response
