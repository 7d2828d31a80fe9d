"""``/campaigns/new/``: name the campaign, write the question, choose who to ask (by filter
or by hand), preview each body's law and deadline, then create everything at once.

The whole draft travels in the form (no session state), so the page works without
JavaScript, in several tabs, and nothing is saved before "Confirm".
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from requests_app.selectors.access import organisations_of
from requests_app.selectors.recipients import (
    chosen_recipients,
    find_recipients,
    recipient_options,
)
from requests_app.services.campaign_launch import campaign_launch, campaign_plan
from requests_app.services.campaigns import MAX_AUTHORITIES_PER_BATCH
from requests_app.web.forms.base import add_service_errors
from requests_app.web.forms.campaign_new import CampaignNewForm, RecipientFinderForm

MAX_SHOWN_MATCHES = 200


def _ids(values) -> list[int]:
    seen: dict[int, None] = {}
    for value in values:
        if value.isdigit():
            seen[int(value)] = None
    return list(seen)


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    organisations = organisations_of(user).order_by("name")
    options = recipient_options(user)
    if request.method != "POST":
        return _render_draft(
            request, CampaignNewForm(organisations=organisations), RecipientFinderForm(**options)
        )

    step = request.POST.get("step", "update")
    finder = RecipientFinderForm(request.POST, **options)
    ids = _ids(request.POST.getlist("recipients"))
    matches = None
    if step in ("find", "add"):
        criteria = finder.criteria()
        if not criteria and finder.is_valid():
            finder.add_error(None, "Choose a region, nation, type or part of a name first")
        elif criteria:
            found = find_recipients(user, **criteria)
            if step == "add":
                ids += [pk for pk in found.values_list("pk", flat=True) if pk not in ids]
            else:
                matches = list(found[: MAX_SHOWN_MATCHES + 1])
    chosen = chosen_recipients(user, ids)

    if step not in ("preview", "confirm"):
        # Still drafting: show the values back without judging fields not yet filled in.
        draft = CampaignNewForm(initial=request.POST.dict(), organisations=organisations)
        status = 400 if finder.errors else 200
        return _render_draft(request, draft, finder, chosen, matches, status=status)

    form = CampaignNewForm(request.POST, organisations=organisations)
    if not chosen:
        form.add_error(None, "Choose at least one public authority to ask")
    elif len(chosen) > MAX_AUTHORITIES_PER_BATCH:
        form.add_error(
            None, f"Choose at most {MAX_AUTHORITIES_PER_BATCH} authorities ({len(chosen)} chosen)"
        )
    if not form.is_valid():
        return _render_draft(request, form, finder, chosen, status=400)
    data = form.cleaned_data
    plan = campaign_plan(chosen, law=data["law"], sent_on=data["sent_on"])
    askable = [row.authority for row in plan if not row.problem]
    if step == "confirm" and askable:
        try:
            campaign = campaign_launch(
                owner=user,
                name=data["name"],
                description=data["description"],
                organisation=data["organisation"],
                title=data["title"],
                text=data["text"],
                visibility=data["visibility"],
                law=data["law"],
                sent_on=data["sent_on"],
                authorities=askable,
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"authorities": "__all__"})
            return _render_draft(request, form, finder, chosen, status=400)
        messages.success(
            request,
            f"Campaign started: {len(askable)} request{'s' if len(askable) != 1 else ''} "
            "logged. Record each reply here as it comes.",
        )
        return redirect("web:campaign", slug=campaign.slug)
    return _render_preview(request, form, plan)


def _render_draft(request, form, finder, chosen=(), matches=None, status=200) -> HttpResponse:
    chosen_ids = {a.pk for a in chosen}
    context = {
        "form": form,
        "finder": finder,
        "chosen": chosen,
        "matches": [a for a in (matches or [])[:MAX_SHOWN_MATCHES]],
        "matches_found": matches is not None,
        "more_matches": matches is not None and len(matches) > MAX_SHOWN_MATCHES,
        "chosen_ids": chosen_ids,
        "nav": "campaigns",
    }
    return render(request, "web/campaign_new.html", context, status=status)


def _render_preview(request, form, plan) -> HttpResponse:
    askable = [row for row in plan if not row.problem]
    by_law: dict[str, int] = {}
    for row in askable:
        by_law[row.regime_label] = by_law.get(row.regime_label, 0) + 1
    context = {
        "form": form,
        "plan": plan,
        "askable": askable,
        "refused": [row for row in plan if row.problem],
        "by_law": sorted(by_law.items()),
        "nav": "campaigns",
    }
    return render(request, "web/campaign_preview.html", context)
