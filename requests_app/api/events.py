"""``requests/{id}/responses/``, ``reviews/`` and ``complaints/``: the events of a request.

Reading follows the request's visibility (a private request of someone else is a 404, for
reading and writing alike); recording needs the right to manage the request.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response as APIResponse

from requests_app.api.base import CSVExportMixin
from requests_app.api.event_corrections import (
    ComplaintCorrection,
    EventCorrection,
    ResponseCorrection,
    ReviewCorrection,
)
from requests_app.api.event_serializers import (
    ClarificationSerializer,
    ComplaintSerializer,
    DecisionSerializer,
    FeePaidSerializer,
    ResponseSerializer,
    ReviewSerializer,
)
from requests_app.models import (
    FOIRequest,
    InternalReview,
    QuestionOutcome,
    RegulatorComplaint,
    Response,
)
from requests_app.selectors.access import can_manage_request, requests_visible_to
from requests_app.services.responses import (
    clarification_received_record,
    fee_paid_record,
    response_record,
)
from requests_app.services.reviews import (
    complaint_decide,
    complaint_record,
    review_decide,
    review_record,
)

REQUEST_ID = OpenApiParameter(
    "request_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The request's id."
)


class RequestEventViewSet(
    CSVExportMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    EventCorrection,
    viewsets.GenericViewSet,
):
    """Shared by the three event kinds: the parent request decides who sees and writes.

    PUT/PATCH correct a recorded event and DELETE removes one, through
    ``services.corrections`` (history kept, deadlines recomputed)."""

    model: type = Response
    filter_backends: list = []

    def get_foi_request(self) -> FOIRequest:
        if not hasattr(self, "_foi_request"):
            foi_request = get_object_or_404(
                requests_visible_to(self.request.user).select_related("authority"),
                pk=self.kwargs["request_pk"],
            )
            if self.request.method not in SAFE_METHODS and not can_manage_request(
                self.request.user, foi_request
            ):
                raise PermissionDenied(
                    "Only the request's owner or its organisation's staff can record events."
                )
            self._foi_request = foi_request
        return self._foi_request

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.filter(request=self.get_foi_request())

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "request_pk" in self.kwargs:
            context["foi_request"] = self.get_foi_request()
        return context

    def created(self, instance) -> APIResponse:
        body = self.get_serializer(instance)
        return APIResponse(body.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="A request's responses", parameters=[REQUEST_ID]),
    retrieve=extend_schema(summary="One response", parameters=[REQUEST_ID]),
    create=extend_schema(
        summary="Record a letter from the authority, with the exemptions it cites",
        parameters=[REQUEST_ID],
    ),
)
class ResponseViewSet(ResponseCorrection, RequestEventViewSet):
    model = Response
    serializer_class = ResponseSerializer
    service_field_names = {"citations": "exemptions"}

    def get_queryset(self):
        questions = QuestionOutcome.objects.prefetch_related(
            "exemptions",
            Prefetch(
                "referrals",
                queryset=requests_visible_to(self.request.user).only("pk"),
                to_attr="visible_referrals",
            ),
        )
        return (
            super()
            .get_queryset()
            .prefetch_related("citations__exemption", Prefetch("questions", queryset=questions))
        )

    def create(self, request, *args, **kwargs):
        foi_request = self.get_foi_request()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = response_record(foi_request=foi_request, **serializer.validated_data)
        return self.created(self.get_queryset().get(pk=response.pk))

    @extend_schema(
        summary="Record the day your clarification arrived (the clock restarts)",
        request=ClarificationSerializer,
        parameters=[REQUEST_ID],
    )
    @action(detail=True, methods=["post"])
    def clarification(self, request, *args, **kwargs):
        payload = ClarificationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        response = clarification_received_record(
            response=self.get_object(), received_on=payload.validated_data["received_on"]
        )
        return APIResponse(ResponseSerializer(response, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Record the day the fee was paid (the paused days are added back)",
        request=FeePaidSerializer,
        parameters=[REQUEST_ID],
    )
    @action(detail=True, methods=["post"], url_path="fee-paid")
    def fee_paid(self, request, *args, **kwargs):
        payload = FeePaidSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        response = fee_paid_record(
            response=self.get_object(), paid_on=payload.validated_data["paid_on"]
        )
        return APIResponse(ResponseSerializer(response, context=self.get_serializer_context()).data)


@extend_schema_view(
    list=extend_schema(summary="A request's internal reviews", parameters=[REQUEST_ID]),
    retrieve=extend_schema(summary="One internal review", parameters=[REQUEST_ID]),
    create=extend_schema(summary="Record an internal review request", parameters=[REQUEST_ID]),
)
class ReviewViewSet(ReviewCorrection, RequestEventViewSet):
    model = InternalReview
    serializer_class = ReviewSerializer

    def create(self, request, *args, **kwargs):
        foi_request = self.get_foi_request()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = review_record(foi_request=foi_request, **serializer.validated_data)
        return self.created(review)

    @extend_schema(
        summary="Record the review's decision",
        request=DecisionSerializer,
        responses=ReviewSerializer,
        parameters=[REQUEST_ID],
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, *args, **kwargs):
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = review_decide(review=self.get_object(), **payload.validated_data)
        return APIResponse(ReviewSerializer(review).data)


@extend_schema_view(
    list=extend_schema(summary="A request's complaints to the regulator", parameters=[REQUEST_ID]),
    retrieve=extend_schema(summary="One complaint", parameters=[REQUEST_ID]),
    create=extend_schema(summary="Record a complaint to the ICO or SIC", parameters=[REQUEST_ID]),
)
class ComplaintViewSet(ComplaintCorrection, RequestEventViewSet):
    model = RegulatorComplaint
    serializer_class = ComplaintSerializer

    def create(self, request, *args, **kwargs):
        foi_request = self.get_foi_request()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint = complaint_record(foi_request=foi_request, **serializer.validated_data)
        return self.created(complaint)

    @extend_schema(
        summary="Record the regulator's decision",
        request=DecisionSerializer,
        responses=ComplaintSerializer,
        parameters=[REQUEST_ID],
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, *args, **kwargs):
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        complaint = complaint_decide(complaint=self.get_object(), **payload.validated_data)
        return APIResponse(ComplaintSerializer(complaint).data)
