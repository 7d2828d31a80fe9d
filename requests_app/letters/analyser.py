"""Read an authority's letter and suggest the outcome, the exemptions cited and the particulars.

Deterministic rules (see ``docs/letter-analyser.md``): the text is normalised without moving
any character (``normalise``), the regime inferred (``regime``), citations found by a small
grammar (``mentions``) and qualified (``citation_rules``), the letter cut into per-question
blocks (``questions``) and each block classified from the phrases that say what was decided
(``phrases``, ``outcome``); what was not held and who holds it (``holders``) and the letter's
particulars (``metadata``). The user confirms every suggestion.
"""

from __future__ import annotations

from requests_app.law.regimes import Regime
from requests_app.letters import metadata
from requests_app.letters.citation_rules import (
    GATEWAYS,
    disapplied,
    exemption_findings,
    procedural_by_words,
)
from requests_app.letters.holders import not_held_findings
from requests_app.letters.mentions import find_mentions
from requests_app.letters.model import LetterAnalysis, Span
from requests_app.letters.normalise import normalise
from requests_app.letters.outcome import letter_outcome, question_findings
from requests_app.letters.positions import SENTENCE_END, MentionIndex
from requests_app.letters.questions import closing_start, find_blocks
from requests_app.letters.regime import infer_regime

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
    mentions = [
        m
        for m in find_mentions(clean, chosen.is_scottish)
        if m.span[0] < body_end and m.code != GATEWAYS.get(chosen)
    ]
    sentence_ends = [m.end() for m in SENTENCE_END.finditer(clean)]
    mentions = [m for m in mentions if not disapplied(clean, m, sentence_ends)]
    mentions += procedural_by_words(clean, body_end, chosen, {m.code for m in mentions})
    index = MentionIndex(mentions)
    blocks = find_blocks(clean)

    exemptions = exemption_findings(clean, index, body_end, blocks, chosen.is_scottish)
    not_held = not_held_findings(clean, index, body_end, blocks)
    questions = question_findings(clean, blocks, index, chosen.is_scottish)
    outcome, outcome_span = letter_outcome(
        clean, blocks, questions, index, body_end, chosen.is_scottish
    )
    if outcome_span:
        spans["outcome"] = outcome_span

    reference, reference_span = metadata.find_reference(clean)
    letter_date, date_span = metadata.find_date(clean)
    review_window, window_span = metadata.find_review_window(clean)
    regulator, regulator_span = metadata.find_regulator(clean)
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
