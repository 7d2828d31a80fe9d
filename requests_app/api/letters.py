"""``letters/analyse/``: suggest what a response letter decided, for the user to confirm.

Takes the letter as JSON ``{"text": ..., "regime": ...}`` or as a multipart upload
(``file``: PDF, DOCX or text, plus an optional ``regime``). Nothing is stored; the rules are
in ``requests_app/letters`` (see ``docs/letter-analyser.md``). The response repeats the text
the spans point into, which for an upload is the only way the client sees it.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from requests_app.api.dates import IsoDateField
from requests_app.api.parsers import FormParser, JSONParser, MultiPartParser
from requests_app.api.strict import StrictInput
from requests_app.letters import MAX_LETTER_CHARS, UnreadableDocument, analyse_letter, extract_text
from requests_app.models.choices import RegimeChoices

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class LetterAnalyseSerializer(StrictInput, serializers.Serializer):
    text = serializers.CharField(
        required=False,
        trim_whitespace=False,
        max_length=MAX_LETTER_CHARS,
        help_text="The letter, pasted. Give either text or file.",
    )
    file = serializers.FileField(
        required=False,
        allow_empty_file=False,
        help_text="The letter as a PDF, DOCX or text file (multipart upload).",
    )
    regime = serializers.ChoiceField(
        choices=RegimeChoices.choices,
        required=False,
        allow_null=True,
        allow_blank=True,
        help_text="foia, eir, foisa or eisr; inferred from the letter when left out.",
    )

    def validate_file(self, upload):
        if upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                f"the file is {upload.size // 1024} KB; the limit is {MAX_UPLOAD_BYTES // 1024} KB"
            )
        try:
            # Stops reading at MAX_LETTER_CHARS: a zip bomb is refused in a fraction of a second.
            text = extract_text(upload.name, upload.read(), MAX_LETTER_CHARS)
        except UnreadableDocument as exc:
            raise serializers.ValidationError(str(exc)) from None
        if not text.strip():
            raise serializers.ValidationError(
                "no text could be read from the file (a scanned image?); paste the text instead"
            )
        return text

    def validate_text(self, text: str) -> str:
        if not text.strip():
            raise serializers.ValidationError("the letter is empty")
        return text

    def validate(self, attrs):
        has_text, has_file = "text" in attrs, "file" in attrs
        if has_text and has_file:
            raise serializers.ValidationError({"file": ["give either text or a file, not both"]})
        if not has_text and not has_file:
            raise serializers.ValidationError(
                {"text": ["paste the letter's text, or upload it as file"]}
            )
        return {
            "text": attrs["text"] if has_text else attrs["file"],
            "regime": attrs.get("regime") or None,
        }


class _SpanField(serializers.ListField):
    child = serializers.IntegerField(min_value=0)


class _ExemptionOut(serializers.Serializer):
    code = serializers.CharField(help_text='Catalogue code: "foia-s24", "eir-r12-5-e".')
    cited_as = serializers.CharField(help_text="The words as written in the letter.")
    subsection = serializers.CharField(help_text='"24(1)" when more specific, else "".')
    public_interest_test = serializers.BooleanField()
    ncnd = serializers.BooleanField(help_text="Neither confirm nor deny.")
    span = _SpanField(help_text="[start, end) of the first mention in `text`.")
    mentions = serializers.ListField(child=_SpanField())
    questions = serializers.ListField(child=serializers.IntegerField())
    evidence = _SpanField(
        allow_null=True,
        help_text='[start, end) of the words that apply it ("is exempt under", "we are '
        'relying on"); the first mention when the letter cites it with no words either way.',
    )


class _NotHeldOut(serializers.Serializer):
    text = serializers.CharField()
    span = _SpanField()
    questions = serializers.ListField(child=serializers.IntegerField())
    held_by = serializers.CharField(allow_null=True, help_text="The body the letter says holds it.")
    held_by_span = _SpanField(allow_null=True)


QUESTION_STATUSES = ["answered", "partial", "refused", "not_held", "ncnd"]


class _QuestionOut(serializers.Serializer):
    number = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=QUESTION_STATUSES,
        allow_null=True,
        help_text="What the letter says of this question.",
    )
    span = _SpanField()
    evidence = _SpanField(allow_null=True)
    exemptions = serializers.ListField(child=serializers.CharField())


class _ReviewWindowOut(serializers.Serializer):
    amount = serializers.IntegerField()
    unit = serializers.ChoiceField(
        choices=["working_days", "calendar_days", "days", "weeks", "months"]
    )
    text = serializers.CharField()


class LetterAnalysisSerializer(serializers.Serializer):
    """The response's shape, for the schema; the view returns ``LetterAnalysis.to_dict()``."""

    regime = serializers.ChoiceField(choices=RegimeChoices.choices)
    regime_inferred = serializers.BooleanField()
    outcome = serializers.ChoiceField(
        choices=["granted", "partial", "refused", "not_held", "ncnd"], allow_null=True
    )
    exemptions = _ExemptionOut(many=True)
    not_held = _NotHeldOut(many=True)
    questions = _QuestionOut(many=True)
    reference = serializers.CharField(allow_null=True)
    date = IsoDateField(allow_null=True)
    review_window = _ReviewWindowOut(allow_null=True)
    regulator = serializers.ChoiceField(choices=["ico", "sic"], allow_null=True)
    spans = serializers.DictField(child=_SpanField())
    text = serializers.CharField(help_text="The text the spans point into.")


_EXAMPLE = {
    "regime": "foia",
    "regime_inferred": True,
    "outcome": "refused",
    "exemptions": [
        {
            "code": "foia-s24",
            "cited_as": "Section 24(1) Safeguarding National Security",
            "subsection": "24(1)",
            "public_interest_test": True,
            "ncnd": False,
            "span": [1170, 1214],
            "mentions": [[1170, 1214], [1328, 1341]],
            "questions": [1, 2],
        }
    ],
    "not_held": [
        {
            "text": "do not hold",
            "span": [4922, 4933],
            "questions": [3],
            "held_by": "West Midlands Police",
            "held_by_span": [5031, 5051],
        }
    ],
    "questions": [
        {"number": 3, "status": "not_held", "span": [4821, 5453], "evidence": [4922, 4933]}
    ],
    "reference": "FOI429836404",
    "date": "2022-07-13",
    "review_window": {"amount": 40, "unit": "days", "text": "within 40 days"},
    "regulator": "ico",
    "spans": {"reference": [271, 283], "date": [189, 201]},
    "text": "…",
}


class LetterAnalyseView(APIView):
    """Read a response letter and suggest its outcome, exemptions and particulars."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": LetterAnalyseSerializer,
            "multipart/form-data": LetterAnalyseSerializer,
        },
        responses={200: LetterAnalysisSerializer},
        examples=[OpenApiExample("Coventry s24 refusal", value=_EXAMPLE, response_only=True)],
        summary="Analyse a response letter",
        description=(
            "Suggests the outcome (granted, partial, refused, not_held, ncnd), each exemption "
            "cited as a catalogue code, what was not held and who holds it, the reference, "
            "date, review window and regulator. Every finding carries the span "
            "[start, end) of the words it came from in `text`. Nothing is saved."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = LetterAnalyseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        text = serializer.validated_data["text"]
        analysis = analyse_letter(text, serializer.validated_data["regime"])
        return Response({**analysis.to_dict(), "text": text})
