"""The serializers of a request's events (``api/events.py``): responses with their citations
and per-question outcomes, reviews, complaints, and the decision, clarification and fee
steps; ``resolve_citations`` turns posted citations into the service's ``CitationInput``."""

from __future__ import annotations

from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers

from requests_app.api.dates import IsoDateField
from requests_app.api.strict import StrictInput
from requests_app.law.citations import MAX_CITATION_LENGTH, CitationError, parse_citation
from requests_app.models import (
    Exemption,
    ExemptionCitation,
    FOIRequest,
    InternalReview,
    QuestionOutcome,
    RegulatorComplaint,
    Response,
)
from requests_app.models.choices import (
    ComplaintOutcomeChoices,
    OutcomeChoices,
    RegulatorChoices,
    ResponseKindChoices,
    ReviewOutcomeChoices,
)
from requests_app.models.requests import MAX_TEXT
from requests_app.services.responses import (
    CitationInput,
)

MAX_CITATIONS = 40
DATE = "2022-07-13"

CITATION_SCHEMA = {
    "oneOf": [
        {"type": "string", "maxLength": MAX_CITATION_LENGTH, "example": "s24(1)"},
        {
            "type": "object",
            "required": ["citation"],
            "properties": {
                "citation": {
                    "type": "string",
                    "maxLength": MAX_CITATION_LENGTH,
                    "description": "As written in the letter.",
                    "example": "s40(5)",
                },
                "public_interest_test": {
                    "type": "boolean",
                    "default": False,
                    "description": "The letter weighs the public interest.",
                },
                "ncnd": {
                    "type": "boolean",
                    "default": False,
                    "description": "The authority neither confirms nor denies holding it.",
                },
            },
        },
    ]
}


@extend_schema_field(CITATION_SCHEMA)
class CitationInputField(serializers.Field):
    """ "s24(1)" or {"citation": "s24(1)", "public_interest_test": true, "ncnd": false}."""

    default_error_messages = {
        "invalid": 'Expected a citation such as "s24(1)" or an object with "citation".',
    }

    def to_internal_value(self, data):
        if isinstance(data, str):
            return {"citation": data, "public_interest_test": False, "ncnd": False}
        if not isinstance(data, dict) or not isinstance(data.get("citation"), str):
            self.fail("invalid")
        unknown = set(data) - {"citation", "public_interest_test", "ncnd"}
        if unknown:
            raise serializers.ValidationError(f"unknown keys: {', '.join(sorted(unknown))}")
        flags = {}
        for key in ("public_interest_test", "ncnd"):
            value = data.get(key, False)
            if not isinstance(value, bool):
                raise serializers.ValidationError(f"{key} must be true or false")
            flags[key] = value
        return {"citation": data["citation"], **flags}

    def to_representation(self, value):
        return value


class CitationSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="exemption.code", help_text="Catalogue code.")
    section = serializers.CharField(source="exemption.section", help_text="Section as printed.")
    title = serializers.CharField(source="exemption.title", help_text="Exemption title.")
    cited_as = serializers.CharField(help_text="As written in the letter.")
    subsection = serializers.CharField(
        help_text="The subsection cited when more specific than the section, else empty."
    )
    public_interest_test = serializers.BooleanField(help_text="A public interest test was done.")
    ncnd = serializers.BooleanField(help_text="Neither confirm nor deny.")

    class Meta:
        model = ExemptionCitation
        fields = ["code", "section", "title", "cited_as", "subsection", "public_interest_test"]
        fields += ["ncnd"]
        read_only_fields = fields
        examples = {
            "code": "foia-s24",
            "section": "24",
            "title": "National security",
            "cited_as": "Section 24(1)",
            "subsection": "24(1)",
            "public_interest_test": True,
            "ncnd": False,
        }


def resolve_citations(foi_request: FOIRequest, items: list[dict]) -> list[CitationInput]:
    """Parse each citation against the request's regime and fetch the catalogue rows at once.

    Letters often cite one exemption twice ("s40(2)" and the NCND "s40(5)"); they are one
    citation of s40 with both subsections and either flag.
    """
    errors: list[str] = []
    parsed = []
    for item in items:
        try:
            parsed.append((parse_citation(item["citation"], foi_request.regime), item))
        except CitationError as error:
            errors.append(str(error))
    if errors:
        raise serializers.ValidationError({"exemptions": errors})
    rows = Exemption.objects.in_bulk([p.code for p, _ in parsed], field_name="code")
    merged: dict[str, CitationInput] = {}
    for citation, item in parsed:
        exemption = rows.get(citation.code)
        if exemption is None:  # the catalogue table lost a row the law module has
            raise serializers.ValidationError(
                {"exemptions": [f"{citation.cited_as!r}: {citation.code} is not in the catalogue"]}
            )
        existing = merged.get(citation.code)
        if existing is None:
            merged[citation.code] = CitationInput(
                exemption=exemption,
                cited_as=citation.cited_as,
                subsection=citation.subsection,
                public_interest_test=item["public_interest_test"],
                ncnd=item["ncnd"],
            )
            continue
        existing.cited_as = f"{existing.cited_as}; {citation.cited_as}"[:255]
        subsections = [s for s in (existing.subsection, citation.subsection) if s]
        existing.subsection = ", ".join(dict.fromkeys(subsections))[:40]
        existing.public_interest_test |= item["public_interest_test"]
        existing.ncnd |= item["ncnd"]
    return list(merged.values())


class QuestionOutcomeSerializer(serializers.ModelSerializer):
    exemptions: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Catalogue codes cited for it."
    )
    referrals = serializers.SerializerMethodField(
        help_text="Ids of the requests (visible to you) that asked the holder."
    )

    class Meta:
        model = QuestionOutcome
        fields = ["number", "status", "question_text", "exemptions", "held_by", "referrals"]

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_referrals(self, obj: QuestionOutcome) -> list[int]:
        return [r.pk for r in getattr(obj, "visible_referrals", [])]


class ResponseSerializer(StrictInput, serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Response id.")
    received_on = IsoDateField(help_text="Day the letter arrived.")
    kind = serializers.ChoiceField(
        choices=ResponseKindChoices.choices, help_text="What the letter is."
    )
    outcome = serializers.ChoiceField(
        choices=OutcomeChoices.choices,
        required=False,
        allow_blank=True,
        help_text="Required for a substantive response, empty otherwise.",
    )
    letter_text = serializers.CharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, help_text="The letter's text."
    )
    reference = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="The authority's reference on the letter; also becomes the request's "
        "authority_reference when that is empty.",
    )
    clarification_received_on = IsoDateField(
        required=False,
        allow_null=True,
        help_text="For a request for clarification: the day your clarification arrived.",
    )
    fee_amount = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text="For a fees notice: the fee asked, in pounds.",
    )
    fee_paid_on = IsoDateField(
        required=False, allow_null=True, help_text="For a fees notice: the day you paid."
    )
    exemptions = serializers.ListField(
        child=CitationInputField(),
        max_length=MAX_CITATIONS,
        required=False,
        write_only=True,
        help_text='Exemptions cited, as written ("s24(1)", "section 40(2)", "regulation '
        '12(5)(e)", "reg 13") or as objects with flags; resolved against the catalogue of '
        "the request's regime. An unknown citation is a 400 naming it.",
    )
    citations = CitationSerializer(
        many=True, read_only=True, help_text="The exemptions cited, resolved."
    )
    questions = QuestionOutcomeSerializer(
        many=True, read_only=True, help_text="What the letter decided about each question."
    )
    created_at = serializers.DateTimeField(read_only=True, help_text="Recorded at.")

    class Meta:
        model = Response
        fields = [
            "id",
            "received_on",
            "kind",
            "outcome",
            "letter_text",
            "reference",
            "clarification_received_on",
            "fee_amount",
            "fee_paid_on",
            "exemptions",
            "citations",
            "questions",
            "created_at",
        ]
        examples = {
            "id": 7,
            "received_on": DATE,
            "kind": "substantive",
            "outcome": "refused",
            "letter_text": "It is the Council's view that the information is exempt...",
            "reference": "FOI429836404",
            "clarification_received_on": None,
            "fee_amount": None,
            "fee_paid_on": None,
            "exemptions": ["s24(1)", {"citation": "s40(5)", "ncnd": True}],
            "created_at": "2022-07-13T16:02:00Z",
        }

    def validate(self, attrs):
        attrs["citations"] = resolve_citations(
            self.context["foi_request"], attrs.pop("exemptions", [])
        )
        return attrs


class ReviewSerializer(StrictInput, serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Review id.")
    requested_on = IsoDateField(help_text="Day you asked for the internal review.")
    decided_on = IsoDateField(
        required=False, allow_null=True, help_text="Day the authority decided."
    )
    outcome = serializers.ChoiceField(
        choices=ReviewOutcomeChoices.choices,
        required=False,
        allow_blank=True,
        help_text="The review's outcome; with decided_on.",
    )
    notes = serializers.CharField(
        max_length=20_000, required=False, allow_blank=True, help_text="Your notes."
    )
    created_at = serializers.DateTimeField(read_only=True, help_text="Recorded at.")

    class Meta:
        model = InternalReview
        fields = ["id", "requested_on", "decided_on", "outcome", "notes", "created_at"]
        examples = {
            "id": 3,
            "requested_on": "2022-08-01",
            "decided_on": "2022-08-26",
            "outcome": "partially_overturned",
            "notes": "Argued the figures can be given for the whole county.",
            "created_at": "2022-08-01T10:00:00Z",
        }


class ComplaintSerializer(StrictInput, serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Complaint id.")
    regulator = serializers.ChoiceField(
        choices=RegulatorChoices.choices,
        required=False,
        help_text="ico or sic; defaults to the regulator of the request's regime.",
    )
    submitted_on = IsoDateField(help_text="Day the complaint was submitted.")
    reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="The regulator's reference."
    )
    decided_on = IsoDateField(
        required=False, allow_null=True, help_text="Day of the decision notice."
    )
    outcome = serializers.ChoiceField(
        choices=ComplaintOutcomeChoices.choices,
        required=False,
        allow_blank=True,
        help_text="The decision; with decided_on.",
    )
    created_at = serializers.DateTimeField(read_only=True, help_text="Recorded at.")

    class Meta:
        model = RegulatorComplaint
        fields = [
            "id",
            "regulator",
            "submitted_on",
            "reference",
            "decided_on",
            "outcome",
            "created_at",
        ]
        examples = {
            "id": 2,
            "regulator": "ico",
            "submitted_on": "2022-09-20",
            "reference": "IC-123456-A1B2",
            "decided_on": None,
            "outcome": "",
            "created_at": "2022-09-20T10:00:00Z",
        }


class DecisionSerializer(StrictInput, serializers.Serializer):
    decided_on = IsoDateField(help_text="Day of the decision.")
    outcome = serializers.CharField(max_length=30, help_text="The outcome (see the enum).")

    class Meta:
        examples = {"decided_on": DATE, "outcome": "upheld"}


class ClarificationSerializer(StrictInput, serializers.Serializer):
    received_on = IsoDateField(help_text="Day your clarification reached them.")

    class Meta:
        examples = {"received_on": DATE}


class FeePaidSerializer(StrictInput, serializers.Serializer):
    paid_on = IsoDateField(help_text="Day the fee was paid.")

    class Meta:
        examples = {"paid_on": DATE}
