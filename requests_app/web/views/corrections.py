"""Edit a request; correct or delete a recorded letter, review or complaint. Every save goes
through ``services.requests`` / ``services.corrections`` (history kept, deadlines recomputed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from requests_app.models import Campaign, FOIRequest, InternalReview, RegulatorComplaint, Response
from requests_app.models.choices import ResponseKindChoices
from requests_app.selectors.access import campaigns_managed_by, can_manage_request
from requests_app.selectors.web_requests import request_for_page
from requests_app.services.corrections import (
    complaint_delete,
    complaint_update,
    response_delete,
    response_update,
    review_delete,
    review_update,
)
from requests_app.services.requests import foi_request_update
from requests_app.web.forms.actions import citation_formset_class, question_formset_class
from requests_app.web.forms.base import add_service_errors
from requests_app.web.forms.corrections import (
    ComplaintEditForm,
    RequestEditForm,
    ResponseEditForm,
    ReviewEditForm,
)
from requests_app.web.views.actions import citation_inputs, exemption_choices, question_inputs

EVENTS: dict[str, Any] = {
    "responses": Response,
    "reviews": InternalReview,
    "complaints": RegulatorComplaint,
}
HISTORY_TYPES = {"+": "Recorded", "~": "Changed", "-": "Deleted"}
DONE = "Saved. The deadlines are recomputed from the corrected record."


def _managed(request: HttpRequest, pk: int) -> FOIRequest:
    if request_for_page(request.user, pk, timezone.localdate()) is None:
        raise Http404("No such request")
    foi_request = FOIRequest.objects.select_related("authority", "campaign").get(pk=pk)
    if not can_manage_request(request.user, foi_request):
        raise PermissionDenied("Only the requester or their organisation's staff can do this")
    return foi_request


def _history(obj) -> list[dict]:
    return [
        {
            "when": h.history_date,
            "who": h.history_user.get_username() if h.history_user else "",
            "what": HISTORY_TYPES.get(h.history_type, h.history_type),
        }
        for h in obj.history.select_related("history_user").order_by("-history_date")[:10]
    ]


@login_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    foi_request = _managed(request, pk)
    campaigns = Campaign.objects.filter(
        Q(pk__in=campaigns_managed_by(request.user).values("pk")) | Q(pk=foi_request.campaign_id)
    ).order_by("name")
    initial = {
        name: getattr(foi_request, name)
        for name in (
            "title",
            "text",
            "regime",
            "sent_on",
            "received_on",
            "authority_reference",
            "visibility",
            "withdrawn_on",
        )
    }
    initial["campaign"] = foi_request.campaign_id
    form = RequestEditForm(
        request.POST or None,
        initial=initial,
        campaigns=campaigns,
        withdrawn=foi_request.withdrawn_on is not None,
    )
    if request.method == "POST" and form.is_valid():
        changed = {
            name: value
            for name, value in form.cleaned_data.items()
            if value != getattr(foi_request, name)
        }
        try:
            foi_request_update(foi_request=foi_request, **changed)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, DONE if changed else "Nothing was changed.")
            return redirect("web:request_detail", pk=pk)
    context = {"foi_request": foi_request, "form": form, "history": _history(foi_request)}
    return render(request, "web/request_edit.html", context, status=400 if form.errors else 200)


def _event(foi_request: FOIRequest, kind: str, event_pk: int):
    model = EVENTS.get(kind)
    event = model.objects.filter(request=foi_request, pk=event_pk).first() if model else None
    if event is None:
        raise Http404("No such record")
    event.request = foi_request  # the services read the request through it
    return event


def _response_formsets(foi_request, event, data=None):
    if event.kind != ResponseKindChoices.SUBSTANTIVE:
        return None, None, {}
    choices, by_code = exemption_choices(foi_request.regime)
    cited = [
        {
            "exemption": c.exemption.code,
            "subsection": c.subsection,
            "cited_as": c.cited_as,
            "public_interest_test": c.public_interest_test,
            "ncnd": c.ncnd,
        }
        for c in event.citations.select_related("exemption")
    ]
    questions = [
        {
            "number": q.number,
            "question_text": q.question_text,
            "status": q.status,
            "exemptions": ", ".join(
                ("reg " if e.regime in ("eir", "eisr") else "s") + e.section
                for e in q.exemptions.all()
            ),
            "held_by": q.held_by,
        }
        for q in event.questions.prefetch_related("exemptions")
    ]
    citations = citation_formset_class(len(cited))(
        data,
        prefix="cit",
        initial=cited,
        form_kwargs={"exemption_choices": choices, "regime": foi_request.regime},
    )
    question_rows = question_formset_class()(
        data, prefix="q", initial=questions, form_kwargs={"regime": foi_request.regime}
    )
    return citations, question_rows, by_code


@login_required
def event_edit(request: HttpRequest, pk: int, kind: str, event_pk: int) -> HttpResponse:
    foi_request = _managed(request, pk)
    event = _event(foi_request, kind, event_pk)
    data = request.POST or None
    citations = questions = None
    by_code: dict = {}
    form: Any
    if kind == "responses":
        form = ResponseEditForm(data, kind=event.kind, initial=vars(event), prefix="event")
        citations, questions, by_code = _response_formsets(foi_request, event, data)
    elif kind == "reviews":
        form = ReviewEditForm(data, initial=vars(event), prefix="event")
    else:
        form = ComplaintEditForm(data, initial=vars(event), prefix="event")
    if request.method == "POST":
        valid = form.is_valid()
        for formset in (citations, questions):
            if formset is not None:
                valid = formset.is_valid() and valid
        if valid:
            fields = dict(form.cleaned_data)
            try:
                if kind == "responses":
                    extra: dict[str, Any] = {}
                    if citations is not None and questions is not None:
                        extra = {
                            "citations": citation_inputs(citations, by_code),
                            "questions": question_inputs(questions, by_code),
                        }
                    response_update(response=event, **fields, **extra)
                elif kind == "reviews":
                    review_update(review=event, **fields)
                else:
                    complaint_update(complaint=event, **fields)
            except ValidationError as error:
                add_service_errors(form, error, {"citations": "__all__", "questions": "__all__"})
            else:
                messages.success(request, DONE)
                return redirect("web:request_detail", pk=pk)
    context = {
        "foi_request": foi_request,
        "event": event,
        "kind": kind,
        "form": form,
        "formset": citations,
        "questions": questions,
        "history": _history(event),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "web/event_edit.html", context, status=status)


@login_required
def event_delete(request: HttpRequest, pk: int, kind: str, event_pk: int) -> HttpResponse:
    foi_request = _managed(request, pk)
    event = _event(foi_request, kind, event_pk)
    error = ""
    if request.method == "POST":
        label = str(event)
        try:
            if kind == "responses":
                response_delete(response=event)
            elif kind == "reviews":
                review_delete(review=event)
            else:
                complaint_delete(complaint=event)
        except ValidationError as problem:
            error = " ".join(problem.messages)
            event = _event(foi_request, kind, event_pk)  # the failed delete was rolled back
        else:
            messages.success(request, f"Deleted: {label}. The deadlines are recomputed.")
            return redirect("web:request_detail", pk=pk)
    context = {"foi_request": foi_request, "event": event, "kind": kind, "error": error}
    return render(request, "web/event_delete.html", context, status=400 if error else 200)
