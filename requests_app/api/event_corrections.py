"""Correcting and deleting a request's events through the API (PUT/PATCH/DELETE on
``requests/{id}/responses|reviews|complaints/{pk}/``), via ``services.corrections``: the same
checks as recording, history kept, deadlines recomputed. Mixed into the viewsets of
``api/events.py``, whose ``get_object`` applies the request's visibility and management rights.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.response import Response as APIResponse

from requests_app.services.corrections import (
    complaint_delete,
    complaint_update,
    response_delete,
    response_update,
    review_delete,
    review_update,
)

REQUEST_ID = OpenApiParameter(
    "request_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The request's id."
)


class EventCorrection(mixins.UpdateModelMixin, mixins.DestroyModelMixin):
    correctable: tuple[str, ...] = ()

    def corrected(self, serializer) -> dict:
        """The event's current values overlaid with the validated ones (PATCH sends some)."""
        instance = serializer.instance
        return {
            name: serializer.validated_data.get(name, getattr(instance, name))
            for name in self.correctable
        }


class ResponseCorrection:
    correctable: tuple[str, ...] = (
        "received_on",
        "outcome",
        "letter_text",
        "reference",
        "clarification_received_on",
        "fee_amount",
        "fee_paid_on",
    )

    @extend_schema(summary="Correct a recorded letter", parameters=[REQUEST_ID])
    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(
            instance, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data.get("kind", instance.kind) != instance.kind:
            raise serializers.ValidationError(
                {"kind": ["cannot be changed: delete the letter and record it again"]}
            )
        # Only a body naming its exemptions replaces the recorded citations.
        citations = serializer.validated_data["citations"] if "exemptions" in request.data else None
        response_update(response=instance, citations=citations, **self.corrected(serializer))
        return APIResponse(self.get_serializer(self.get_queryset().get(pk=instance.pk)).data)

    @extend_schema(summary="Delete a letter recorded by mistake", parameters=[REQUEST_ID])
    def destroy(self, request, *args, **kwargs):
        response_delete(response=self.get_object())
        return APIResponse(status=status.HTTP_204_NO_CONTENT)


class ReviewCorrection:
    correctable: tuple[str, ...] = ("requested_on", "decided_on", "outcome", "notes")

    @extend_schema(summary="Correct an internal review", parameters=[REQUEST_ID])
    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(
            instance, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        review = review_update(review=instance, **self.corrected(serializer))
        return APIResponse(self.get_serializer(review).data)

    @extend_schema(summary="Delete an internal review recorded by mistake", parameters=[REQUEST_ID])
    def destroy(self, request, *args, **kwargs):
        review_delete(review=self.get_object())
        return APIResponse(status=status.HTTP_204_NO_CONTENT)


class ComplaintCorrection:
    correctable: tuple[str, ...] = ("submitted_on", "reference", "decided_on", "outcome")

    @extend_schema(summary="Correct a complaint to the regulator", parameters=[REQUEST_ID])
    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(
            instance, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data.get("regulator", instance.regulator) != instance.regulator:
            raise serializers.ValidationError({"regulator": ["cannot be changed"]})
        complaint = complaint_update(complaint=instance, **self.corrected(serializer))
        return APIResponse(self.get_serializer(complaint).data)

    @extend_schema(summary="Delete a complaint recorded by mistake", parameters=[REQUEST_ID])
    def destroy(self, request, *args, **kwargs):
        complaint_delete(complaint=self.get_object())
        return APIResponse(status=status.HTTP_204_NO_CONTENT)
