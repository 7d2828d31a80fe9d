"""``/authorities/``: the directory, and a signed-in user's suggestion of a missing body."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from requests_app.selectors.authorities import authority_directory, authority_regions
from requests_app.services.authorities import authority_suggest
from requests_app.web.csv_export import csv_form_errors, csv_response
from requests_app.web.forms.authorities import AuthorityFilterForm, AuthoritySuggestForm
from requests_app.web.forms.base import add_service_errors

PAGE_SIZE = 50
CSV_HEADER = [
    "slug",
    "name",
    "short_name",
    "authority_type",
    "detailed_type",
    "nation",
    "region",
    "default_regime",
    "active",
    "gss_code",
    "govuk_slug",
    "wdtk_id",
    "email",
    "website",
    "public_requests",
    "url",
]


def authorities_list(request: HttpRequest) -> HttpResponseBase:
    form = AuthorityFilterForm(request.GET or None, regions=authority_regions())
    wants_csv = request.GET.get("format") == "csv"
    invalid = form.is_bound and not form.is_valid()
    if invalid and wants_csv:
        return csv_form_errors(form)
    filters = form.filters()
    queryset = authority_directory(request.user, **filters)
    if wants_csv:
        return _csv(request, queryset)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    context = {
        "form": form,
        "page": page,
        "filtered": any(filters.values()),
        "query": query.urlencode(),
        "csv_query": csv_query.urlencode(),
        "nav": "authorities",
    }
    return render(request, "web/authorities_list.html", context, status=400 if invalid else 200)


def _csv(request: HttpRequest, queryset) -> HttpResponseBase:
    def rows():
        for a in queryset.iterator(chunk_size=1000):
            yield [
                a.slug,
                a.name,
                a.short_name,
                a.authority_type,
                a.detailed_type,
                a.nation,
                a.region,
                a.default_regime,
                "yes" if a.active else "no",
                a.gss_code,
                a.govuk_slug,
                a.wdtk_id or "",
                a.email,
                a.website,
                a.public_requests,
                request.build_absolute_uri(reverse("web:authority", args=[a.slug])),
            ]

    return csv_response(f"authorities-{timezone.localdate().isoformat()}.csv", CSV_HEADER, rows())


@login_required
def authority_new(request: HttpRequest) -> HttpResponse:
    form = AuthoritySuggestForm(request.POST or None, initial={"name": request.GET.get("name", "")})
    if request.method == "POST" and form.is_valid():
        try:
            authority = authority_suggest(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{authority.name} is added for your requests. Others will see it once our "
                "staff have checked it.",
            )
            return redirect(f"{reverse('web:request_new')}?authority={authority.slug}")
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "web/authority_new.html", {"form": form, "nav": "authorities"}, status=status
    )
