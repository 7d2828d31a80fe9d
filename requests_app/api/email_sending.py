"""Send by email: ``requests/{id}/send/`` (the request, a chaser or the internal review
request), ``campaigns/{slug}/send/`` (every request of a campaign not emailed yet), and the
outgoing messages' delivery status: ``requests/{id}/emails/`` (the list),
``requests/{id}/emails/{email_id}/`` and ``.../retry/``.

Sending is queued: the answer is 202 with the message as stored (status ``queued``); its
status moves to ``sent`` or ``failed`` (with ``last_error``) as the worker delivers it.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.strict import StrictInput
from requests_app.models import EmailMessage
from requests_app.models.email_messages import EmailDirectionChoices, EmailKindChoices
from requests_app.models.requests import MAX_TEXT
from requests_app.selectors.access import can_manage_request, requests_managed_by
from requests_app.selectors.campaigns import campaign_for_page
from requests_app.selectors.web_requests import request_for_page
from requests_app.services.email_sending import (
    campaign_email_send,
    chaser_email_send,
    email_message_retry,
    request_email_send,
    review_request_email_send,
)

SEND_KINDS = [
    (EmailKindChoices.REQUEST.value, "The request itself, to the authority's FOI address."),
    (EmailKindChoices.CHASER.value, "A reminder that the response is overdue."),
    (EmailKindChoices.REVIEW_REQUEST.value, "The internal review request (recorded as asked)."),
]
SEND_KIND_VALUES = [kind for kind, _ in SEND_KINDS]  # OutgoingEmailKindEnum in the schema
SEND_STATUS_VALUES = ["queued", "sending", "sent", "failed"]  # OutgoingEmailStatusEnum
STATUS_TEXT = "queued, sending, sent or failed (then `last_error` says why)."


def _path(name: str, description: str) -> OpenApiParameter:
    kind = OpenApiTypes.STR if name == "slug" else OpenApiTypes.INT
    return OpenApiParameter(name, kind, OpenApiParameter.PATH, description=description)


REQUEST_PK = _path("request_pk", "Request id.")


class OutgoingEmailSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="The message's id.")
    kind = serializers.ChoiceField(
        choices=SEND_KIND_VALUES, read_only=True, help_text="What was sent."
    )
    status = serializers.ChoiceField(
        choices=SEND_STATUS_VALUES, read_only=True, help_text=STATUS_TEXT
    )
    message_id = serializers.CharField(
        read_only=True, help_text="Its Message-ID (no angle brackets), kept across retries."
    )
    in_reply_to = serializers.CharField(
        read_only=True, help_text="The Message-ID it follows up (empty for the request)."
    )
    recipients = serializers.ListField(
        child=serializers.EmailField(), read_only=True, help_text="The authority's address."
    )
    subject = serializers.CharField(read_only=True, help_text="Its subject.")
    body_text = serializers.CharField(read_only=True, help_text="The letter as sent.")
    attempts = serializers.IntegerField(read_only=True, help_text="Delivery attempts so far.")
    last_error = serializers.CharField(
        read_only=True, help_text="The SMTP server's last refusal, or why it could not go."
    )
    created_at = serializers.DateTimeField(read_only=True, help_text="When it was queued.")
    sent_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the SMTP server accepted it."
    )

    class Meta:
        model = EmailMessage
        fields = [
            "id",
            "kind",
            "status",
            "message_id",
            "in_reply_to",
            "recipients",
            "subject",
            "body_text",
            "attempts",
            "last_error",
            "created_at",
            "sent_at",
        ]
        examples = {
            "id": 7,
            "kind": "request",
            "status": "queued",
            "message_id": "170955720012.4242.1234567890@foi.example.org",
            "in_reply_to": "",
            "recipients": ["foi@coventry.gov.uk"],
            "subject": "Freedom of Information request: Prevent referrals 2015-2021",
            "body_text": "Dear Coventry City Council,\n\nI am writing to request information...",
            "attempts": 0,
            "last_error": "",
            "created_at": "2024-03-04T10:00:00Z",
            "sent_at": None,
        }


class EmailSendSerializer(StrictInput, serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=SEND_KIND_VALUES,
        default=EmailKindChoices.REQUEST.value,
        help_text="request (default): the request; chaser: the response is overdue; "
        "review_request: ask for an internal review (recorded as asked today).",
    )
    reply_to_own = serializers.BooleanField(
        default=False,
        help_text="Replies to your own email address instead of the request's "
        "`reply_to_address` (which files them here).",
    )
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_TEXT,
        help_text="review_request only: your wording (the drafted letter when absent).",
    )

    class Meta:
        examples = {"kind": "request", "reply_to_own": False, "text": ""}


class CampaignSendSerializer(StrictInput, serializers.Serializer):
    reply_to_own = serializers.BooleanField(
        default=False, help_text="Replies to your own email address instead of each request's."
    )

    class Meta:
        examples = {"reply_to_own": False}


class CampaignSendResultSerializer(serializers.Serializer):
    queued = serializers.IntegerField(help_text="How many requests were queued to send.")
    messages = OutgoingEmailSerializer(many=True, help_text="The messages queued.")

    class Meta:
        examples = {"queued": 1}


ERRORS_400 = OpenApiResponse(
    description="Cannot be sent, each reason under its field: `authority` (it has no email "
    "address: its `email` field is empty), `request` (already sent, answered or withdrawn), "
    "`kind` (no chaser before the response is overdue; a review already open...), "
    "`reply_to_own` (your account has no email address), `reply_to_address` (the site has "
    "no inbound email domain), `requests` (a campaign: each request that cannot go)."
)


def _managed_request(request, request_pk: int):
    foi_request = request_for_page(request.user, request_pk, timezone.localdate())
    if foi_request is None:
        raise Http404("No such request")
    if not can_manage_request(request.user, foi_request):
        raise PermissionDenied("Only the requester or their organisation's staff can send it")
    return foi_request


class RequestSendView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Send the request (or a chaser, or the review request) to the authority",
        parameters=[REQUEST_PK],
        request=EmailSendSerializer,
        responses={202: OutgoingEmailSerializer, 400: ERRORS_400},
    )
    def post(self, request, request_pk: int):
        foi_request = _managed_request(request, request_pk)
        payload = EmailSendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        common: dict[str, Any] = {
            "foi_request": foi_request,
            "sent_by": request.user,
            "reply_to_own": data["reply_to_own"],
        }
        if data["kind"] == EmailKindChoices.CHASER:
            message = chaser_email_send(**common)
        elif data["kind"] == EmailKindChoices.REVIEW_REQUEST:
            message = review_request_email_send(**common, text=data.get("text", ""))
        else:
            message = request_email_send(**common)
        return Response(OutgoingEmailSerializer(message).data, status=status.HTTP_202_ACCEPTED)


def _outgoing(request, request_pk: int, email_pk: int) -> EmailMessage:
    foi_request = _managed_request(request, request_pk)
    found = EmailMessage.objects.filter(
        pk=email_pk, foi_request=foi_request, direction=EmailDirectionChoices.OUT
    ).first()
    if found is None:
        raise Http404("No such message")
    return found


EMAIL_PK = _path("email_pk", "The outgoing message's id.")


class OutgoingEmailListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="The request's outgoing messages, oldest first, with their delivery status",
        parameters=[REQUEST_PK],
        responses={200: OutgoingEmailSerializer(many=True)},
    )
    def get(self, request, request_pk: int):
        foi_request = _managed_request(request, request_pk)
        rows = EmailMessage.objects.filter(
            foi_request=foi_request, direction=EmailDirectionChoices.OUT
        ).order_by("created_at", "id")
        return Response(OutgoingEmailSerializer(rows, many=True).data)


class OutgoingEmailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="An outgoing message and its delivery status",
        parameters=[REQUEST_PK, EMAIL_PK],
        responses={200: OutgoingEmailSerializer},
    )
    def get(self, request, request_pk: int, email_pk: int):
        return Response(OutgoingEmailSerializer(_outgoing(request, request_pk, email_pk)).data)


class OutgoingEmailRetryView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Send a failed message again (same Message-ID, the authority's current address)",
        parameters=[REQUEST_PK, EMAIL_PK],
        request=None,
        responses={
            202: OutgoingEmailSerializer,
            400: OpenApiResponse(
                description="`message`: only a failed message is retried; `authority`: it "
                "has no email address."
            ),
        },
    )
    def post(self, request, request_pk: int, email_pk: int):
        message = email_message_retry(message=_outgoing(request, request_pk, email_pk))
        return Response(OutgoingEmailSerializer(message).data, status=status.HTTP_202_ACCEPTED)


class CampaignSendView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Send every request of a campaign not emailed yet, in one action (all or none)",
        description="Withdrawn and answered requests, and those emailed before, are left "
        "alone. If any other cannot go (its authority has no email address...), none is sent "
        "and `requests` lists each, named by its authority.",
        parameters=[_path("slug", "The campaign's slug.")],
        request=CampaignSendSerializer,
        responses={202: CampaignSendResultSerializer, 400: ERRORS_400},
    )
    def post(self, request, slug: str):
        campaign = campaign_for_page(request.user, slug)
        if campaign is None:
            raise Http404("No such campaign")
        if not cast(Any, campaign).managed:
            raise PermissionDenied("Only the campaign's owner or organisation staff can send it")
        payload = CampaignSendSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        messages = campaign_email_send(
            campaign=campaign,
            foi_requests=list(
                requests_managed_by(request.user)
                .filter(campaign=campaign)
                .select_related("authority")
            ),
            sent_by=request.user,
            reply_to_own=payload.validated_data["reply_to_own"],
        )
        body = {"queued": len(messages), "messages": messages}
        return Response(CampaignSendResultSerializer(body).data, status=status.HTTP_202_ACCEPTED)
