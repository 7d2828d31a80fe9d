"""Form plumbing shared by every page: accessible error wiring and service-error mapping."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class AccessibleFormMixin:
    """Tie each input to its hint and error text, so screen readers announce both.

    Templates render the hint as ``<id>_hint`` and the errors as ``<id>_error``
    (``templates/web/_field.html``); this points ``aria-describedby`` at whichever exist and
    marks invalid inputs with ``aria-invalid``.
    """

    fields: dict[str, forms.Field]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self._auto_id(name)}_hint"

    def _auto_id(self, name: str) -> str:
        return self[name].auto_id  # type: ignore[index]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            ids = [f"{self._auto_id(name)}_error"]
            if self.fields[name].help_text:
                ids.append(f"{self._auto_id(name)}_hint")
            attrs["aria-describedby"] = " ".join(ids)
            attrs["aria-invalid"] = "true"


class Form(AccessibleFormMixin, forms.Form):
    pass


def add_service_errors(form: forms.Form, error: ValidationError, aliases: dict | None = None):
    """Show a service's ``ValidationError({"field": "reason"})`` on the form.

    A service names its own argument (``received_on``, ``citations``); ``aliases`` maps those
    to the form's field names (``"__all__"`` for the form as a whole). A name the form does
    not have becomes a form-wide error that names it, so no reason is ever swallowed.
    """
    aliases = aliases or {}
    if hasattr(error, "error_dict"):
        items = list(error.message_dict.items())
    else:
        items = [(NON_FIELD_ERRORS, error.messages)]
    for name, messages in items:
        target = aliases.get(name, name)
        if target in form.fields:
            form.add_error(target, [_sentence(m) for m in messages])
        elif target != name or name == NON_FIELD_ERRORS:
            form.add_error(None, [_sentence(m) for m in messages])
        else:
            label = name.replace("_", " ").capitalize()
            form.add_error(None, [f"{label}: {m}" for m in messages])
    if isinstance(form, AccessibleFormMixin):
        form.mark_invalid()


def show_errors(form: forms.Form, errors: dict[str, str]) -> None:
    """Put errors on a form shown back unsaved, which may be unbound (filled from ``initial``)."""
    if not form.is_bound and not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}  # add_error expects one; an unbound form never cleaned
    for name, message in errors.items():
        form.add_error(name, message)
    if isinstance(form, AccessibleFormMixin):
        form.mark_invalid()


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]
