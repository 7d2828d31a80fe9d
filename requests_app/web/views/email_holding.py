"""The staff holding page: incoming email that matched no request, to read and file by hand.

Filing goes through ``services.email_inbound.email_assign`` (match_method "manual"): the
message is then analysed and proposed to the requester as if it had matched. Staff can file
a message only against a request they can see (``access.py``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from requests_app.http_files import download_response
from requests_app.models import EmailAttachment, EmailMessage
from requests_app.selectors.access import can_file_unmatched_email
from requests_app.selectors.email_messages import suggested_requests, unmatched_messages
from requests_app.services.email_inbound import email_assign, email_discard
from requests_app.web.forms.base import add_service_errors
from requests_app.web.forms.email import EmailAssignForm

PAGE_SIZE = 20


def _staff_only(request: HttpRequest) -> None:
    if not can_file_unmatched_email(request.user):
        raise PermissionDenied("Only site staff file unmatched email")


def _page(request: HttpRequest, bound: EmailAssignForm | None = None, status: int = 200):
    page = Paginator(unmatched_messages(), PAGE_SIZE).get_page(request.GET.get("page"))
    suggestions = suggested_requests(request.user, list(page.object_list))
    rows = []
    for message in page.object_list:
        form = bound if bound is not None and bound.prefix == f"m{message.pk}" else None
        rows.append(
            {
                "message": message,
                "form": form or EmailAssignForm(prefix=f"m{message.pk}", user=request.user),
                "suggestions": suggestions.get(message.pk, []),
            }
        )
    context = {"page": page, "rows": rows, "nav": "email_holding", "bound_form": bound}
    return render(request, "web/email_holding.html", context, status=status)


@login_required
def email_holding(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    return _page(request)


@login_required
@require_POST
def email_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    message = get_object_or_404(EmailMessage.objects.defer("raw"), pk=pk, direction="in")
    if message.foi_request_id is not None:
        messages.warning(request, "That message was already filed against a request.")
        return redirect("web:email_holding")
    form = EmailAssignForm(request.POST, prefix=f"m{message.pk}", user=request.user)
    if form.is_valid():
        foi_request = form.cleaned_data["request_number"]
        try:
            email_assign(message=message, foi_request=foi_request, user=request.user)
        except ValidationError as error:
            add_service_errors(form, error, aliases={"message": "__all__"})
        else:
            messages.success(
                request,
                f"“{message.subject or 'No subject'}” is filed against request "
                f"{foi_request.pk}, {foi_request.title}.",
            )
            return redirect(reverse("web:email_holding"))
    return _page(request, bound=form, status=400)


@login_required
@require_POST
def email_discard_view(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    message = get_object_or_404(EmailMessage.objects.defer("raw"), pk=pk, direction="in")
    try:
        email_discard(message=message, user=request.user)
    except ValidationError:
        messages.warning(request, "That message was already filed against a request.")
    else:
        messages.success(request, f"“{message.subject or 'No subject'}” is discarded.")
    return redirect("web:email_holding")


@login_required
def unmatched_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Staff read an unmatched message's attachment before deciding where it belongs."""
    _staff_only(request)
    attachment = EmailAttachment.objects.filter(
        pk=attachment_pk, message_id=pk, message__foi_request__isnull=True
    ).first()
    if attachment is None:
        raise Http404("No such attachment")
    return download_response(
        bytes(attachment.content),
        attachment.filename or f"attachment-{attachment.pk}",
        attachment.content_type,
    )
