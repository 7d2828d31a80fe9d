"""Read an authority's letter and suggest the outcome, the exemptions cited and the particulars.

Deterministic rules (see ``docs/letter-analyser.md``): the text is normalised without moving
any character (``normalise``), the regime inferred (``regime``), citations found by a small
grammar (``mentions``) and qualified (``citation_rules``), the letter cut into per-question
blocks (``questions``) and each block classified from the phrases that say what was decided
(``phrases``, ``outcome``); what was not held and who holds it (``holders``) and the letter's
particulars (``metadata``). The user confirms every suggestion.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from requests_app.law.regimes import Regime
from requests_app.letters import metadata, phrases
from requests_app.letters.application import (
    GATEWAY,
    KEPT,
    LAW,
    NCND_GROUND,
    NOT_APPLIED,
    applied_codes,
    verdicts,
)
from requests_app.letters.citation_rules import (
    GATEWAYS,
    exemption_findings,
    gateway_regime,
    procedural_by_words,
)
from requests_app.letters.holders import not_held_findings
from requests_app.letters.mentions import find_mentions
from requests_app.letters.model import LetterAnalysis, Span
from requests_app.letters.normalise import normalise
from requests_app.letters.outcome import letter_outcome, question_findings
from requests_app.letters.positions import MentionIndex
from requests_app.letters.questions import closing_start, find_blocks, schedule_after
from requests_app.letters.regime import infer_regime
from requests_app.letters.regions import mask, regions

MAX_LETTER_CHARS = 100_000


def analyse_letter(text: str, regime: str | None = None) -> LetterAnalysis:
    """Suggest what ``text`` (a response letter) decided. ``regime`` is inferred when None.

    Raises ``ValueError`` for an unknown regime or a text longer than ``MAX_LETTER_CHARS``.
    """
    if len(text) > MAX_LETTER_CHARS:
        raise ValueError(f"a letter is at most {MAX_LETTER_CHARS} characters")
    clean = normalise(text)
    spans: dict[str, Span] = {}
    if regime:
        chosen = Regime(regime.lower())
        inferred = False
    else:
        chosen, regime_span = infer_regime(clean)
        inferred = True
        if regime_span:
            spans["regime"] = regime_span

    body_end = closing_start(clean)
    # The letter's own particulars are read from all of it; its decisions from the body, and
    # from a schedule after the sign-off that the body points to (the rights and sign-off
    # between them blanked out, offsets kept).
    particulars = clean
    schedule = schedule_after(clean, body_end)
    if schedule is not None:
        clean = mask(clean, [(body_end, schedule)])
        body_end = closing_start(clean, schedule)
    mentions = [m for m in find_mentions(clean, chosen.is_scottish) if m.span[0] < body_end]
    if inferred:
        # "exempt under section 39 ... dealt with under the EIR": the gateway names the regime.
        chosen = gateway_regime(clean, mentions, chosen)
    mentions += procedural_by_words(clean, body_end, chosen, {m.code for m in mentions})
    mentions.sort(key=lambda m: m.span)
    # Applied, or only mentioned (set aside, hypothetical, quoted, in a footer...)?
    ncnd_letter = next(phrases.ncnd(clean, 0, body_end, chosen.is_scottish), None) is not None
    not_held_letter = next(phrases.not_held(clean, 0, body_end), None) is not None
    found_regions = regions(clean, body_end)
    reference, reference_span = metadata.find_reference(particulars)
    found = [
        replace(verdict, status=GATEWAY) if m.code == GATEWAYS.get(chosen) else verdict
        for m, verdict in zip(
            mentions,
            verdicts(clean, mentions, found_regions, ncnd_letter, not_held_letter, reference),
            strict=True,
        )
    ]
    applied = applied_codes(mentions, found, ncnd_letter)
    kept = [
        (m, verdict)
        for m, verdict in zip(mentions, found, strict=True)
        if m.code in applied and (verdict.status in KEPT or verdict.status == LAW)
    ]
    # Every mention of a code given as the ground for neither confirming nor denying.
    ncnd_codes = {m.code for m, v in kept if v.status == NCND_GROUND}
    index = MentionIndex(
        [m for m, _ in kept], ncnd_grounds={m.span for m, _ in kept if m.code in ncnd_codes}
    )
    blocks = find_blocks(clean)
    # What was given, withheld or not held is read from the authority's own words: not the
    # requester's quoted back, an annex of legislation, or a clause about an exemption it did
    # not apply ("even if held, it would be exempt under ...").
    kept_starts = sorted(m.span[0] for m, _ in kept)
    # Only the clause up to the comma after the citation: "Although section 42 could apply,
    # the council has waived privilege, and the advice is attached" still discloses.
    aside = [
        (v.clause[0], _segment_end(clean, m.span[1], v.clause[1]))
        for m, v in zip(mentions, found, strict=True)
        if v.status in NOT_APPLIED and v.clause and not _holds_any(kept_starts, v.clause)
    ]
    decided = mask(clean, found_regions.quoted + found_regions.law_annexes + aside)

    exemptions = exemption_findings(clean, index, body_end, blocks, chosen.is_scottish, applied)
    not_held = not_held_findings(decided, index, body_end, blocks)
    questions = question_findings(decided, blocks, index, chosen.is_scottish)
    outcome, outcome_span = letter_outcome(
        decided, blocks, questions, index, body_end, chosen.is_scottish
    )
    if outcome_span:
        spans["outcome"] = outcome_span

    letter_date, date_span = metadata.find_date(particulars)
    review_window, window_span = metadata.find_review_window(particulars)
    regulator, regulator_span = metadata.find_regulator(particulars)
    for name, span in (
        ("reference", reference_span),
        ("date", date_span),
        ("review_window", window_span),
        ("regulator", regulator_span),
    ):
        if span:
            spans[name] = span
    return LetterAnalysis(
        regime=chosen.value,
        regime_inferred=inferred,
        outcome=outcome,
        exemptions=exemptions,
        not_held=not_held,
        questions=questions,
        reference=text[reference_span[0] : reference_span[1]] if reference_span else reference,
        date=letter_date,
        review_window=review_window,
        regulator=regulator,
        spans=spans,
    )


def _holds_any(sorted_starts: list[int], span: Span) -> bool:
    index = bisect.bisect_left(sorted_starts, span[0])
    return index < len(sorted_starts) and sorted_starts[index] < span[1]


def _segment_end(text: str, position: int, end: int) -> int:
    comma = text.find(",", position, end)
    return end if comma == -1 else comma
