"""``requests/{id}/messages/``: a request's email in both directions, and its attachments.

Visible to whoever can see the request (a private one of someone else is a 404). The reply
address is a secret of the request's managers (anyone who knows it can file mail against
the request), so for everyone else its token is masked wherever it appears, with as many
characters so the analysis's spans still point at the right words.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.letters import LetterAnalysisSerializer
from requests_app.http_files import download_response
from requests_app.models import (
    EmailDirectionChoices,
    EmailKindChoices,
    EmailMessage,
    EmailStatusChoices,
    FOIRequest,
    MatchMethodChoices,
    ProposalStateChoices,
)
from requests_app.selectors.email_messages import (
    message_attachment,
    request_messages,
    visible_request,
)

REQUEST_PK = OpenApiParameter(
    "request_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The request's id."
)


class EmailAttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Attachment id.")
    filename = serializers.CharField(help_text="The name it was sent with.")
    content_type = serializers.CharField(help_text="Its MIME type, as sent.")
    size = serializers.IntegerField(help_text="Bytes.")
    extraction_error = serializers.CharField(
        help_text='Why no text was read from it ("" when read, or not a document).'
    )
    download_url = serializers.SerializerMethodField(help_text="Where to download it.")

    class Meta:
        examples = {
            "id": 7,
            "filename": "FOI429836404 response.pdf",
            "content_type": "application/pdf",
            "size": 48213,
            "extraction_error": "",
            "download_url": "https://foi.example.org/api/v1/requests/42/messages/3/attachments/7/",
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, obj) -> str:
        path = reverse(
            "api:request-message-attachment",
            args=[self.context["foi_request"].pk, obj.message_id, obj.pk],
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class EmailMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Message id.")
    direction = serializers.ChoiceField(
        choices=EmailDirectionChoices.choices, help_text="in: from the authority; out: ours."
    )
    kind = serializers.ChoiceField(
        choices=EmailKindChoices.choices,
        help_text="out: request, chaser, review_request; in: reply, bounce (a delivery "
        "failure) or auto_reply (never taken for a response).",
    )
    sender = serializers.CharField(help_text="The From address.")
    sender_name = serializers.CharField(help_text="The From name, if any.")
    recipients = serializers.ListField(
        child=serializers.CharField(), help_text="The To and Cc addresses."
    )
    subject = serializers.CharField(help_text="Subject line.")
    sent_at = serializers.DateTimeField(
        allow_null=True, help_text="Its Date header (received) or when it was sent (ours)."
    )
    message_id = serializers.CharField(help_text="Message-ID, without angle brackets.")
    in_reply_to = serializers.CharField(help_text="The Message-ID it answers, if any.")
    body_text = serializers.CharField(help_text="The message as text.")
    status = serializers.ChoiceField(
        choices=EmailStatusChoices.choices,
        allow_blank=True,
        help_text="Ours: queued, sending, sent or failed. Received: empty.",
    )
    last_error = serializers.CharField(help_text="Ours: why sending failed, if it did.")
    match_method = serializers.ChoiceField(
        choices=MatchMethodChoices.choices,
        allow_blank=True,
        help_text="Received: how it was matched to this request.",
    )
    analysis = LetterAnalysisSerializer(
        allow_null=True,
        help_text="A received reply as the letter analyser read it (its text and any "
        "attached documents'); null for ours, bounces and automatic replies.",
    )
    proposal_state = serializers.ChoiceField(
        choices=ProposalStateChoices.choices,
        help_text="The response proposed from it: none, pending (awaiting the requester), "
        "confirmed or dismissed.",
    )
    response = serializers.IntegerField(
        source="response_id",
        allow_null=True,
        help_text="The response recorded from it, if any.",
    )
    attachments = EmailAttachmentSerializer(many=True, help_text="Its attachments.")
    created_at = serializers.DateTimeField(help_text="When it was filed or queued.")

    class Meta:
        examples = {
            "id": 3,
            "direction": "in",
            "kind": "reply",
            "sender": "infogov@coventry.gov.uk",
            "sender_name": "Information Governance",
            "recipients": ["foi+****************@foi.example.org"],
            "subject": "RE: Freedom of Information request - Prevent referrals",
            "sent_at": "2022-07-13T15:02:00Z",
            "message_id": "reply-20220713-1@coventry.gov.uk",
            "in_reply_to": "request-42@foi.example.org",
            "body_text": "Please find attached our response to your request.",
            "status": "",
            "last_error": "",
            "match_method": "token",
            "proposal_state": "pending",
            "response": None,
            "created_at": "2022-07-13T15:02:05Z",
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        token = self.context["foi_request"].reply_token
        if self.context.get("mask_token") and token:
            data = _masked(data, token, "*" * len(token))
        return data


def _masked(value, token: str, mask: str):
    if isinstance(value, str):
        return value.replace(token, mask)
    if isinstance(value, list):
        return [_masked(item, token, mask) for item in value]
    if isinstance(value, dict):
        return {key: _masked(item, token, mask) for key, item in value.items()}
    return value


def _request_or_404(user, request_pk: int) -> FOIRequest:
    foi_request = visible_request(user, request_pk)
    if foi_request is None:
        raise Http404("No such request")
    return foi_request


class RequestMessagesView(APIView):
    permission_classes = [AllowAny]  # who sees the request sees its messages

    @extend_schema(
        summary="A request's email, both directions, oldest first",
        description="Visible to whoever can see the request. The reply address's secret "
        "token is masked for anyone who may not manage the request.",
        parameters=[REQUEST_PK],
        responses={
            200: EmailMessageSerializer(many=True),
            404: OpenApiResponse(description="No such request visible to you."),
        },
    )
    def get(self, request, request_pk: int):
        foi_request = _request_or_404(request.user, request_pk)
        context = {
            "request": request,
            "foi_request": foi_request,
            "mask_token": not foi_request.managed,  # type: ignore[attr-defined]
        }
        messages: list[EmailMessage] = list(request_messages(foi_request))
        return Response(EmailMessageSerializer(messages, many=True, context=context).data)


class MessageAttachmentView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Download one attachment of a request's message",
        parameters=[
            REQUEST_PK,
            OpenApiParameter(
                "message_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Message id."
            ),
            OpenApiParameter(
                "attachment_pk",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description="Attachment id.",
            ),
        ],
        responses={
            (200, "*/*"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="The file, as sent."
            ),
            404: OpenApiResponse(description="No such attachment visible to you."),
        },
    )
    def get(self, request, request_pk: int, message_pk: int, attachment_pk: int):
        attachment = message_attachment(request.user, request_pk, message_pk, attachment_pk)
        if attachment is None:
            raise Http404("No such attachment")
        return download_response(
            bytes(attachment.content),
            attachment.filename or f"attachment-{attachment.pk}",
            attachment.content_type,
        )
