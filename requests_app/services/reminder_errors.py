"""Errors of the reminder pipeline, importable before Django's apps are ready."""


class TransientSendError(Exception):
    """The SMTP server could not take the message now; the send task retries later."""
