"""Starting a request to the body another authority said holds the information."""

from __future__ import annotations

from requests_app.models import PublicAuthority, QuestionOutcome
from requests_app.selectors.access import requests_managed_by
from requests_app.selectors.web_requests import authority_suggestions
from requests_app.services.validation import day_month_year


def referrable_question(user, pk) -> QuestionOutcome | None:
    """A question of a request ``user`` manages whose answer names another holder."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        QuestionOutcome.objects.select_related(
            "response__request__authority", "response__request__organisation"
        )
        .filter(pk=pk, response__request__in=requests_managed_by(user))
        .exclude(held_by="")
        .first()
    )


def holder_authority(name: str) -> PublicAuthority | None:
    """The directory's entry for the body a letter names ("West Midlands Police"), when one
    name matches exactly or only one contains it."""
    exact = PublicAuthority.objects.filter(name__iexact=name.strip()).first()
    if exact is not None:
        return exact
    found = authority_suggestions(name, limit=2)
    if len(found) == 1:
        return PublicAuthority.objects.filter(slug=found[0]["slug"]).first()
    return None


def referral_initial(question: QuestionOutcome) -> dict:
    """The new-request form filled in with the same question, addressed to the holder."""
    original = question.response.request
    holder = holder_authority(question.held_by)
    said = f"{original.authority.name} told me"
    if original.authority_reference or question.response.reference:
        said += f" (their reference {question.response.reference or original.authority_reference}"
        said += f", {day_month_year(question.response.received_on)})"
    said += f" that {question.held_by} holds the information I asked for in question "
    said += f"{question.number} of my request."
    parts = [said]
    if question.question_text:
        parts.append(f"Question {question.number}: {question.question_text}")
    if original.text:
        parts.append(f"My request to {original.authority.name} read:\n\n{original.text}")
    parts.append("Please provide this information.")
    return {
        "authority": holder.name if holder else question.held_by,
        "title": f"{original.title} (question {question.number})"[:255],
        "text": "\n\n".join(parts),
        "regime": "",
        "campaign": original.campaign_id,
        "organisation": original.organisation_id,
        "visibility": original.visibility,
        "referred_from": question.pk,
    }
