"""The request page: timeline, deadline chain with its legal basis, and the action forms."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from requests_app.law.regimes import REGIME_LABELS, Regime
from requests_app.models import Exemption, FOIRequest
from requests_app.models.choices import StatusChoices
from requests_app.selectors.access import can_manage_request
from requests_app.selectors.letter_drafts import TITLES as LETTER_TITLES
from requests_app.selectors.letter_drafts import letters_available
from requests_app.selectors.web_requests import request_for_page
from requests_app.services.calendars import calendar_for_regime
from requests_app.services.deadlines import chain_for, request_facts
from requests_app.web.forms.actions import citation_formset_class, question_formset_class
from requests_app.web.forms.base import add_service_errors, show_errors
from requests_app.web.presenters import STATUS_LABELS, deadline_rows, steps_done, timeline
from requests_app.web.views.actions import (
    ACTIONS,
    citation_inputs,
    exemption_choices,
    question_inputs,
)
from requests_app.web.views.email_replies import email_replies_context
from requests_app.web.views.email_sending import email_panel_context
from requests_app.web.views.letter_analysis import LetterNotRead, analyse_into_initial
from requests_app.web.views.request_reminders import reminders_context


def _citation_formset(foi_request, choices, data=None, initial=None):
    formset_class = citation_formset_class(len(initial or []))
    return formset_class(
        data,
        prefix="cit",
        initial=initial,
        form_kwargs={"exemption_choices": choices, "regime": foi_request.regime},
    )


def _question_formset(foi_request, data=None, initial=None):
    return question_formset_class()(
        data, prefix="q", initial=initial, form_kwargs={"regime": foi_request.regime}
    )


def render_request_page(
    request: HttpRequest,
    foi_request: FOIRequest,
    *,
    bound: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """``bound`` holds the action that failed (its slug, form and formset) or the response
    form pre-filled by the letter analyser, so the page opens it with its errors."""
    today = timezone.localdate()
    bound = bound or {}
    calendar = calendar_for_regime(foi_request.regime)
    facts = request_facts(
        foi_request,
        list(foi_request.responses.all()),
        list(foi_request.reviews.all()),
        list(foi_request.complaints.all()),
        calendar,
    )
    chain = chain_for(foi_request, facts, calendar)
    stored = {key: getattr(foi_request, key) for key in chain.dates()}
    manage = can_manage_request(request.user, foi_request)
    # Withdrawn, decided by the regulator or lapsed unpaid: no deadline is missed any more
    # and nothing more can be recorded (corrections stay on the timeline).
    closed = cast(Any, foi_request).status == StatusChoices.CLOSED

    actions = []
    if manage and not closed:
        choices, _ = exemption_choices(foi_request.regime)
        for action in ACTIONS.values():
            if not action.is_offered(foi_request):
                continue
            questions = None
            if bound.get("slug") == action.slug:
                form, formset = bound["form"], bound.get("formset")
                questions = bound.get("questions")
            else:
                form, formset = action.form(foi_request), None
            if action.slug == "response":
                formset = formset or _citation_formset(foi_request, choices)
                questions = questions or _question_formset(foi_request)
            actions.append(
                {"action": action, "form": form, "formset": formset, "questions": questions}
            )

    referred_from = foi_request.referred_from
    if referred_from is not None and not _may_see(request.user, referred_from.response.request):
        referred_from = None  # a private original stays private, even its title
    letters = letters_available(foi_request, today, calendar) if manage and not closed else []
    context = {
        "foi_request": foi_request,
        "referred_from": referred_from,
        "status_label": STATUS_LABELS[cast(Any, foi_request).status],
        "regime_label": REGIME_LABELS[Regime(foi_request.regime)],
        "deadlines": deadline_rows(
            stored, chain.basis, calendar, today, done=steps_done(foi_request, facts)
        ),
        "timeline": timeline(foi_request),
        "can_manage": manage,
        "closed": closed,
        "letters": [{"kind": kind, "title": LETTER_TITLES[kind]} for kind in letters],
        "actions": actions,
        "open_action": bound.get("slug", ""),
        "analysed": bound.get("analysed", False),
        "today": today,
    }
    context |= email_replies_context(foi_request, manage)
    if manage:
        received = [row["message"] for row in context["received_emails"]]
        context |= reminders_context(foi_request, today, calendar)
        context |= email_panel_context(foi_request, letters, received)
    return render(request, "web/request_detail.html", context, status=status)


def _may_see(user, foi_request: FOIRequest) -> bool:
    return foi_request.visibility == "public" or can_manage_request(user, foi_request)


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    today = timezone.localdate()
    action = ACTIONS.get(slug)
    foi_request = request_for_page(request.user, pk, today)
    if action is None or foi_request is None:
        raise Http404("No such request or action")
    if not can_manage_request(request.user, foi_request):
        raise PermissionDenied("Only the requester or their organisation's staff can do this")

    # The services re-read the request's events through its relations; an instance carrying
    # the page's prefetched lists would hand them stale ones, so they get a fresh one.
    target = FOIRequest.objects.select_related("authority").get(pk=foi_request.pk)
    form = action.form(target, request.POST, request.FILES)
    formset, questions, citations = None, None, []
    extra: dict = {}
    by_code: dict[str, Exemption] = {}
    if slug == "response":
        choices, by_code = exemption_choices(foi_request.regime)
        if "analyse" in request.POST:
            try:
                initial, form_initial, note, question_rows = analyse_into_initial(
                    request, foi_request, form
                )
            except LetterNotRead as error:
                form = action.form(foi_request, initial=error.values)
                show_errors(form, {error.field: error.message})
                formset = _citation_formset(foi_request, choices)
                bound = {"slug": slug, "form": form, "formset": formset}
                return render_request_page(request, foi_request, bound=bound, status=400)
            form = action.form(foi_request, initial=form_initial)
            formset = _citation_formset(foi_request, choices, initial=initial)
            questions = _question_formset(foi_request, initial=question_rows)
            messages.info(request, note)
            bound = {
                "slug": slug,
                "form": form,
                "formset": formset,
                "questions": questions,
                "analysed": True,
            }
            return render_request_page(request, foi_request, bound=bound)
        formset = _citation_formset(foi_request, choices, data=request.POST)
        if "q-TOTAL_FORMS" in request.POST:  # API-like posts without question rows are fine
            questions = _question_formset(foi_request, data=request.POST)

    valid = form.is_valid()
    for extra_formset in (formset, questions):
        if extra_formset is not None:
            valid = extra_formset.is_valid() and valid
    if valid:
        if formset is not None:
            citations = citation_inputs(formset, by_code)
        if questions is not None:
            extra["questions"] = question_inputs(questions, by_code)
        try:
            message = action.perform(target, form, citations, **extra)
        except ValidationError as error:
            add_service_errors(form, error, action.aliases)
        else:
            level, text = message if isinstance(message, tuple) else (messages.SUCCESS, message)
            messages.add_message(request, level, text)
            return redirect("web:request_detail", pk=foi_request.pk)
    bound = {"slug": slug, "form": form, "formset": formset, "questions": questions}
    return render_request_page(request, foi_request, bound=bound, status=400)
