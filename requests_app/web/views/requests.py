from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from requests_app.models import PublicAuthority
from requests_app.selectors.access import campaigns_managed_by, organisations_of
from requests_app.selectors.referrals import referrable_question, referral_initial
from requests_app.selectors.web_requests import authority_suggestions, request_for_page
from requests_app.services.requests import foi_request_create
from requests_app.web.forms.base import add_service_errors
from requests_app.web.forms.requests import NewRequestForm
from requests_app.web.views.request_page import render_request_page


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    organisations = organisations_of(request.user).order_by("name")
    source_id = request.POST.get("referred_from") or request.GET.get("from_question")
    source = referrable_question(request.user, source_id)
    initial = referral_initial(source) if source else {}
    picked = request.GET.get("authority")
    if picked and not source:
        # Back from suggesting a missing authority: it is filled in.
        found = PublicAuthority.objects.usable_by(request.user).filter(slug=picked).first()
        initial = {"authority": found.name} if found else {}
    form = NewRequestForm(
        request.POST or None,
        campaigns=campaigns_managed_by(request.user).order_by("name"),
        organisations=organisations,
        user=request.user,
        initial=initial or None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.get("referred_from") and source is None:
            raise Http404("No such question")
        try:
            foi_request = foi_request_create(
                owner=request.user,
                authority=data["authority"],
                title=data["title"],
                text=data["text"],
                regime=data["regime"] or None,
                sent_on=data["sent_on"],
                received_on=data["received_on"],
                authority_reference=data["authority_reference"],
                campaign=data["campaign"],
                organisation=data["organisation"],
                visibility=data["visibility"],
                referred_from=source,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Request logged. Its deadlines are below.")
            return redirect("web:request_detail", pk=foi_request.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "nav": "new", "source": source}
    return render(request, "web/request_new.html", context, status=status)


@require_GET
def authority_suggest(request: HttpRequest) -> JsonResponse:
    """Names for the authority autocomplete (progressive enhancement of a plain text input)."""
    term = request.GET.get("q", "")
    return JsonResponse({"results": authority_suggestions(term, user=request.user)})


def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    foi_request = request_for_page(request.user, pk, timezone.localdate())
    if foi_request is None:
        raise Http404("No such request")
    return render_request_page(request, foi_request)
