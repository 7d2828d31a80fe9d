"""``requests/``: the FOI requests a user may see; written by their owner or organisation."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Concat
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from requests_app.api.base import CSVExportMixin
from requests_app.api.dates import IsoDateField
from requests_app.api.fields import ManagedCampaignField, MemberOrganisationField
from requests_app.api.filters import FOIRequestFilter
from requests_app.api.permissions import CanManageRequestOrReadOnly
from requests_app.api.strict import StrictInput
from requests_app.models import FOIRequest, PublicAuthority
from requests_app.models.choices import (
    OutcomeChoices,
    RegimeChoices,
    StageChoices,
    StatusChoices,
    VisibilityChoices,
)
from requests_app.models.requests import MAX_TEXT
from requests_app.selectors.access import can_manage_request
from requests_app.selectors.requests import deadline_basis, requests_for, visible_request_count
from requests_app.services.requests import (
    foi_request_create,
    foi_request_delete,
    foi_request_update,
    foi_request_withdraw,
)

DATE_EXAMPLE = "2022-07-13"


class DeadlinesSerializer(serializers.Serializer):
    """The stored deadline chain; steps not reached yet are null."""

    response_due = IsoDateField(
        read_only=True, allow_null=True, help_text="The authority's reply is due (20 working days)."
    )
    response_due_latest = IsoDateField(
        read_only=True, allow_null=True, help_text="Latest date with a permitted extension."
    )
    fee_lapses_on = IsoDateField(
        read_only=True, allow_null=True, help_text="An unpaid fees notice lapses (3 months)."
    )
    review_request_deadline = IsoDateField(
        read_only=True, allow_null=True, help_text="Last day to ask for an internal review."
    )
    review_response_due = IsoDateField(
        read_only=True, allow_null=True, help_text="The internal review decision is due."
    )
    review_response_due_latest = IsoDateField(
        read_only=True,
        allow_null=True,
        help_text="Latest date for the review decision in exceptional cases.",
    )
    regulator_complaint_deadline = IsoDateField(
        read_only=True, allow_null=True, help_text="Last day to complain to the ICO or the SIC."
    )
    next_deadline = IsoDateField(
        read_only=True, allow_null=True, help_text="The earliest deadline still ahead."
    )

    class Meta:
        examples = {
            "response_due": "2022-07-27",
            "response_due_latest": "2022-08-24",
            "fee_lapses_on": None,
            "review_request_deadline": "2022-09-07",
            "review_response_due": None,
            "review_response_due_latest": None,
            "regulator_complaint_deadline": None,
            "next_deadline": "2022-09-07",
        }


class FOIRequestSerializer(StrictInput, serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Request id.")
    title = serializers.CharField(max_length=255, help_text="A short title.")
    text = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, help_text="The request as sent."
    )
    authority = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=PublicAuthority.objects.all(),
        help_text="Slug of the authority asked.",
    )
    authority_name = serializers.CharField(
        source="authority.name", read_only=True, help_text="The authority's name."
    )
    regime = serializers.ChoiceField(
        choices=RegimeChoices.choices,
        required=False,
        help_text="The law it is made under; defaults to the authority's.",
    )
    sent_on = IsoDateField(help_text="Day the request was sent.")
    received_on = IsoDateField(
        required=False, help_text="Day the authority received it (day 0); defaults to sent_on."
    )
    authority_reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="The authority's reference number.",
    )
    campaign = ManagedCampaignField(
        required=False, allow_null=True, help_text="Slug of one of your campaigns."
    )
    organisation = MemberOrganisationField(
        required=False,
        allow_null=True,
        help_text="Slug of an organisation you belong to; its staff can then manage it.",
    )
    visibility = serializers.ChoiceField(
        choices=VisibilityChoices.choices,
        required=False,
        help_text="private (default): only you and your organisation's staff see it.",
    )
    withdrawn_on = IsoDateField(
        read_only=True, allow_null=True, help_text="Day the requester withdrew it."
    )
    stage = serializers.ChoiceField(
        choices=StageChoices.choices, read_only=True, help_text="Where the request stands."
    )
    status = serializers.ChoiceField(
        choices=StatusChoices.choices,
        read_only=True,
        help_text="The stage read against today's date (overdue, review window open...).",
    )
    answered_on = IsoDateField(
        read_only=True, allow_null=True, help_text="Day of the first substantive response."
    )
    initial_outcome = serializers.ChoiceField(
        choices=OutcomeChoices.choices,
        read_only=True,
        allow_blank=True,  # "" until a substantive response
        help_text="Outcome of the first substantive response.",
    )
    deadlines = DeadlinesSerializer(
        source="*", read_only=True, help_text="The deadline chain (working days per regime)."
    )
    can_manage = serializers.SerializerMethodField(
        help_text="Whether you may edit it and record its events."
    )
    reply_to_address = serializers.SerializerMethodField(
        help_text="Where the authority's replies reach the tracker (filed against this "
        "request). Shown only to whoever may manage it (the address is a secret: anyone "
        "knowing it can file mail against the request); empty for others."
    )
    created_at = serializers.DateTimeField(read_only=True, help_text="Created at.")
    updated_at = serializers.DateTimeField(read_only=True, help_text="Last changed at.")

    class Meta:
        model = FOIRequest
        fields = [
            "id",
            "title",
            "text",
            "authority",
            "authority_name",
            "regime",
            "sent_on",
            "received_on",
            "authority_reference",
            "campaign",
            "organisation",
            "visibility",
            "withdrawn_on",
            "stage",
            "status",
            "answered_on",
            "initial_outcome",
            "deadlines",
            "can_manage",
            "reply_to_address",
            "created_at",
            "updated_at",
        ]
        examples = {
            "id": 42,
            "title": "Prevent referrals of children 2015-2021",
            "text": "Please provide the number of people under 18 referred...",
            "authority": "coventry-city-council",
            "authority_name": "Coventry City Council",
            "regime": "foia",
            "sent_on": "2022-06-15",
            "received_on": "2022-06-15",
            "authority_reference": "FOI429836404",
            "campaign": "prevent-referrals",
            "organisation": None,
            "visibility": "public",
            "withdrawn_on": None,
            "stage": "answered",
            "status": "review_window_open",
            "answered_on": DATE_EXAMPLE,
            "initial_outcome": "refused",
            "can_manage": True,
            "reply_to_address": "foi+k3v7q2mzx9c4w5tj8bnh6rda@foi.example.org",
            "created_at": "2022-06-15T09:30:00Z",
            "updated_at": "2022-07-13T16:02:00Z",
        }

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_can_manage(self, obj: FOIRequest) -> bool:
        request = self.context.get("request")
        return can_manage_request(getattr(request, "user", None), obj)

    @extend_schema_field(OpenApiTypes.STR)
    def get_reply_to_address(self, obj: FOIRequest) -> str:
        return obj.reply_to_address if self.get_can_manage(obj) else ""


class FOIRequestDetailSerializer(FOIRequestSerializer):
    deadline_basis = serializers.SerializerMethodField(
        help_text="The legal basis of each deadline, keyed like `deadlines`."
    )

    class Meta(FOIRequestSerializer.Meta):
        fields = [*FOIRequestSerializer.Meta.fields, "deadline_basis"]
        examples = {
            **FOIRequestSerializer.Meta.examples,
            "deadline_basis": {"response_due": "FOIA s10(1): 20 working days after receipt"},
        }

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_deadline_basis(self, obj: FOIRequest) -> dict[str, str]:
        return deadline_basis(obj)


class WithdrawSerializer(StrictInput, serializers.Serializer):
    withdrawn_on = IsoDateField(help_text="Day you withdrew the request.")

    class Meta:
        examples = {"withdrawn_on": DATE_EXAMPLE}


@extend_schema_view(
    list=extend_schema(
        summary="List requests you may see (CSV with ?format=csv)",
        description="Public requests, your own, and your organisation's if you are its staff. "
        "Private requests of others never appear.",
    ),
    retrieve=extend_schema(summary="One request, with its deadline chain and legal bases"),
    create=extend_schema(summary="Log a request"),
    update=extend_schema(summary="Replace a request's details (owner or organisation staff)"),
    partial_update=extend_schema(summary="Edit a request (owner or organisation staff)"),
    destroy=extend_schema(summary="Delete a request and its events (owner or staff)"),
)
class FOIRequestViewSet(CSVExportMixin, viewsets.ModelViewSet):
    serializer_class = FOIRequestSerializer
    filterset_class = FOIRequestFilter
    permission_classes = [CanManageRequestOrReadOnly]
    queryset = FOIRequest.objects.none()  # the real one depends on the user; see below
    csv_sources = {
        **{name: name for name in FOIRequestSerializer.Meta.fields},
        "authority": "authority__slug",
        "authority_name": "authority__name",
        "campaign": "campaign__slug",
        "organisation": "organisation__slug",
        "can_manage": "managed",  # requests_for() annotates it in SQL
        "reply_to_address": "csv_reply_to_address",  # see csv_queryset
        # .keys(): mypy types iterating the fields as their values.
        **{f"deadlines.{name}": name for name in DeadlinesSerializer().fields.keys()},  # noqa: SIM118
    }

    # Its pages are not counted (api/keyset.py): a common word matches tens of thousands.
    uncounted_filters = ("q",)

    def get_queryset(self):
        return requests_for(self.request.user, today=timezone.localdate())

    def known_count(self, request) -> int | None:
        """The size of the whole list (no filter given) without counting it row by row
        (``visible_request_count``); None when filtered: the pagination counts."""
        if self.action != "list" or set(request.query_params) & set(
            self.filterset_class.base_filters
        ):
            return None
        return visible_request_count(request.user)

    def csv_queryset(self, queryset):
        # FOIRequest.reply_to_address in SQL, and only for whoever may manage the row.
        domain = settings.INBOUND_EMAIL_DOMAIN
        if not domain:
            address: Any = Value("")
        else:
            address = Case(
                When(
                    Q(managed=True) & ~Q(reply_token=""),
                    then=Concat(
                        Value(f"{settings.INBOUND_EMAIL_PREFIX}+"),
                        "reply_token",
                        Value(f"@{domain}"),
                    ),
                ),
                default=Value(""),
                output_field=CharField(),
            )
        return queryset.annotate(csv_reply_to_address=address)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return FOIRequestDetailSerializer
        if self.action == "withdraw":
            return WithdrawSerializer
        return FOIRequestSerializer

    def _reload(self, foi_request: FOIRequest) -> FOIRequest:
        # The status annotation is a query-time CASE; read the saved row back through it.
        return self.get_queryset().get(pk=foi_request.pk)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        foi_request = foi_request_create(owner=self.request.user, **data)
        serializer.instance = self._reload(foi_request)

    def perform_destroy(self, instance):
        foi_request_delete(foi_request=instance)

    def perform_update(self, serializer):
        foi_request = foi_request_update(
            foi_request=serializer.instance, **serializer.validated_data
        )
        serializer.instance = self._reload(foi_request)

    @extend_schema(
        summary="Withdraw a request: it closes and its reminders stop",
        request=WithdrawSerializer,
        responses=FOIRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        foi_request = self.get_object()
        payload = WithdrawSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        withdrawn_on: datetime.date = payload.validated_data["withdrawn_on"]
        foi_request_withdraw(foi_request=foi_request, withdrawn_on=withdrawn_on)
        body = FOIRequestSerializer(self._reload(foi_request), context={"request": request})
        return Response(body.data, status=status.HTTP_200_OK)
