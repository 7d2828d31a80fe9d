"""``requests/{id}/messages/{m}/confirm/``: record the response a reply proposes, what the
request page's "Confirm and record" and "Correct it" do. Each field left out keeps the
proposal's value (``proposal_for``); ``email_proposal_confirm`` records it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.dates import IsoDateField
from requests_app.api.email_messages import REQUEST_PK, EmailMessageSerializer
from requests_app.api.strict import StrictInput
from requests_app.models import EmailDirectionChoices, EmailMessage
from requests_app.models.choices import OutcomeChoices, ResponseKindChoices
from requests_app.selectors.email_messages import visible_request
from requests_app.services.email_proposals import email_proposal_confirm, proposal_for


class ProposalConfirmSerializer(StrictInput, serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=ResponseKindChoices.choices,
        required=False,
        help_text="What the letter is; the proposal's (substantive) if left out.",
    )
    received_on = IsoDateField(
        required=False, help_text="The response's date; the proposal's if left out."
    )
    outcome = serializers.ChoiceField(
        choices=OutcomeChoices.choices,
        allow_blank=True,
        required=False,
        help_text="Needed for a substantive response; the proposal's if left out.",
    )
    reference = serializers.CharField(
        max_length=100,
        allow_blank=True,
        required=False,
        help_text="The authority's reference; the proposal's if left out.",
    )
    exemption_codes = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        help_text="The exemptions the authority relied on (codes of the request's law, as "
        "in /api/v1/exemptions/); the proposal's if left out, [] for none.",
    )

    class Meta:
        examples = {
            "kind": "substantive",
            "received_on": "2022-07-13",
            "outcome": "refused",
            "reference": "FOI429836404",
            "exemption_codes": ["foia-s24"],
        }


ERRORS_400 = OpenApiResponse(
    description="Not recorded, each reason under its field: `message` (no proposal awaits: "
    "already confirmed or dismissed, or not a reply), `outcome` (a substantive response "
    "needs one), `received_on` (before the request was received, or in the future), "
    "`exemption_codes` (not an exemption of the request's law, or cited by a letter that is "
    "not a substantive response)."
)


class MessageConfirmView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Record the response a received reply proposes, as it is or corrected",
        description="The reply's `proposal_state` must be pending. Fields left out keep the "
        'proposal\'s value (what the request page shows under "What we read in it"). The '
        "response is recorded as if entered by hand: the deadlines are worked out again. "
        "Answers the message, now `confirmed`, with its `response` id.",
        parameters=[
            REQUEST_PK,
            OpenApiParameter(
                "message_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Message id."
            ),
        ],
        request=ProposalConfirmSerializer,
        responses={200: EmailMessageSerializer, 400: ERRORS_400},
    )
    def post(self, request, request_pk: int, message_pk: int):
        foi_request = visible_request(request.user, request_pk)
        if foi_request is None:
            raise Http404("No such request")
        if not foi_request.managed:  # type: ignore[attr-defined]
            raise PermissionDenied("Only the requester or their organisation's staff can do this")
        message = EmailMessage.objects.filter(
            pk=message_pk, foi_request=foi_request, direction=EmailDirectionChoices.IN
        ).first()
        if message is None:
            raise Http404("No such message")
        payload = ProposalConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        proposal = proposal_for(message)
        kind = data.get("kind", proposal.kind)
        codes = data.get("exemption_codes", proposal.exemption_codes)
        if kind != ResponseKindChoices.SUBSTANTIVE and "exemption_codes" in data and codes:
            raise serializers.ValidationError(
                {"exemption_codes": ["only a substantive response cites exemptions"]}
            )
        email_proposal_confirm(
            message=message,
            kind=kind,
            received_on=data.get("received_on", proposal.received_on),
            outcome=data.get("outcome", proposal.outcome),
            reference=data.get("reference", proposal.reference),
            exemption_codes=codes if kind == ResponseKindChoices.SUBSTANTIVE else [],
        )
        message.refresh_from_db()
        context = {"request": request, "foi_request": foi_request, "mask_token": False}
        return Response(EmailMessageSerializer(message, context=context).data)
