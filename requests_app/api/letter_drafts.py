"""``requests/{id}/letters/review-request/`` and ``.../complaint/``: drafted letters as text."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.drafting import NotApplicable
from requests_app.selectors.letter_drafts import DRAFTERS, letter_draft
from requests_app.selectors.web_requests import request_for_page


class LetterDraftSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(DRAFTERS), help_text="Which letter.")
    text = serializers.CharField(help_text="The drafted letter, plain text, to edit and send.")


class LetterDraftView(APIView):
    """Anyone who can see the request (a private one of someone else is a 404)."""

    kind = ""

    @extend_schema(
        summary="Draft a letter from the request's record",
        parameters=[
            OpenApiParameter(
                "request_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="Request id."
            )
        ],
        responses={
            200: LetterDraftSerializer,
            404: OpenApiResponse(description="No such request visible to you."),
            409: OpenApiResponse(
                description="The request has not reached this letter yet (the detail says why)."
            ),
        },
    )
    def get(self, request, request_pk: int):
        today = timezone.localdate()
        foi_request = request_for_page(request.user, request_pk, today)
        if foi_request is None:
            raise Http404("No such request")
        try:
            text = letter_draft(foi_request, self.kind, today)
        except NotApplicable as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        return Response(LetterDraftSerializer({"kind": self.kind, "text": text}).data)


class ReviewRequestLetterView(LetterDraftView):
    kind = "review-request"


class ComplaintLetterView(LetterDraftView):
    kind = "complaint"
