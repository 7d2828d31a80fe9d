"""Atom feeds of new responses for an authority, a campaign and an exemption.

Public requests only (``selectors.feeds``): a feed reader has no session, and a feed URL is
shared. Newest response first, by when it was recorded.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from requests_app.models import Exemption, PublicAuthority, Response
from requests_app.selectors.access import campaigns_visible_to
from requests_app.selectors.feeds import recent_responses
from requests_app.web.presenters import exemption_label


class _ResponsesFeed(Feed):
    feed_type = Atom1Feed

    def scope(self, obj) -> dict:
        raise NotImplementedError

    def items(self, obj) -> list[Response]:
        return recent_responses(**self.scope(obj))

    def item_title(self, item: Response) -> str:
        what = item.get_outcome_display() if item.outcome else item.get_kind_display()
        return f"{item.request.authority.name}: {what} ({item.request.title})"

    def item_description(self, item: Response) -> str:
        lines = [f"{item.get_kind_display()} received {item.received_on:%-d %b %Y}."]
        if item.outcome:
            lines.append(f"Outcome: {item.get_outcome_display()}.")
        cited = [
            exemption_label(c.exemption.regime, c.exemption.section, c.exemption.title)
            for c in item.citations.all()
        ]
        if cited:
            lines.append("Cites " + "; ".join(cited) + ".")
        return " ".join(lines)

    def item_link(self, item: Response) -> str:
        return reverse("web:request_detail", args=[item.request_id])

    def item_guid(self, item: Response) -> str:
        return f"{self.item_link(item)}#response-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Response) -> datetime.datetime:
        return item.created_at

    def item_updateddate(self, item: Response) -> datetime.datetime:
        return item.created_at


class AuthorityFeed(_ResponsesFeed):
    def get_object(self, request, slug: str) -> PublicAuthority:
        return get_object_or_404(PublicAuthority.objects.listed(), slug=slug)

    def scope(self, obj) -> dict:
        return {"authority": obj}

    def title(self, obj) -> str:
        return f"New responses from {obj.name} · FOI Tracker"

    def link(self, obj) -> str:
        return reverse("web:authority", args=[obj.slug])

    def description(self, obj) -> str:
        return f"Responses to public FOI requests made to {obj.name}."


class CampaignFeed(_ResponsesFeed):
    def get_object(self, request, slug: str):
        # As its page shows to anyone: a campaign with at least one public request.
        found = campaigns_visible_to(None).filter(slug=slug).first()
        if found is None:
            raise Http404("No such campaign")
        return found

    def scope(self, obj) -> dict:
        return {"campaign": obj}

    def title(self, obj) -> str:
        return f"New responses in the campaign {obj.name} · FOI Tracker"

    def link(self, obj) -> str:
        return reverse("web:campaign", args=[obj.slug])

    def description(self, obj) -> str:
        return f"Responses to the public requests of the campaign {obj.name}."


class ExemptionFeed(_ResponsesFeed):
    def get_object(self, request, code: str) -> Exemption:
        return get_object_or_404(Exemption, code=code)

    def scope(self, obj) -> dict:
        return {"exemption": obj}

    def title(self, obj) -> str:
        label = exemption_label(obj.regime, obj.section, obj.title, with_act=True)
        return f"New responses citing {label} · FOI Tracker"

    def link(self, obj) -> str:
        return reverse("web:exemption", args=[obj.code])

    def description(self, obj) -> str:
        return "Responses to public FOI requests citing this exemption."
