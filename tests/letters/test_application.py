"""Applied or only mentioned (issue 16): each trap the issue lists, in a few lines, and the
words each reported exemption points to."""

from __future__ import annotations

import pytest

from requests_app.letters import analyse_letter


def codes(text: str, regime: str | None = None) -> list[str]:
    return sorted(analyse_letter(text, regime).codes)


@pytest.mark.parametrize(
    "text",
    [
        "We have considered whether section 40(2) applies to the figures, but are satisfied "
        "that it is not engaged. Please find the figures attached.",
        "Please find the figures attached. No information has been withheld under section 40(2).",
        "Please find the table attached. We have not needed to rely on section 43.",
        "The figures are aggregated, so there was no need to apply section 40(2). "
        "The total was 41.",
        "Please find the report attached. Section 31(1)(a) was also considered, but we do not "
        "believe disclosure would prejudice crime prevention, so it has not been relied upon.",
        "We considered whether section 43(2) applied. We concluded that it does not. The scores "
        "are attached.",
    ],
)
def test_an_exemption_considered_and_set_aside_is_not_applied(text):
    analysis = analyse_letter(text, "foia")
    assert analysis.codes == []
    assert analysis.outcome == "granted"


def test_what_would_apply_if_held_is_not_applied_unless_the_letter_neither_confirms_nor_denies():
    not_held = (
        "The Council does not hold this information. Even if it were held, it would be exempt "
        "under section 31(1)(a) and section 24(1)."
    )
    analysis = analyse_letter(not_held, "foia")
    assert (analysis.codes, analysis.outcome) == ([], "not_held")
    ncnd = (
        "We neither confirm nor deny whether we hold the information. If held, it would be "
        "exempt under section 35(1)(a) of FOISA."
    )
    analysis = analyse_letter(ncnd, "foisa")
    assert (analysis.codes, analysis.outcome) == (["foisa-s35"], "ncnd")
    assert analysis.exemptions[0].ncnd


def test_an_earlier_requests_exemption_is_not_applied_but_a_repeated_request_is():
    text = (
        "As explained in our response to your earlier request, which we refused under section "
        "12, a search of this scope is not possible. We are refusing this request under section "
        "14(2) as a repeated request."
    )
    assert codes(text, "foia") == ["foia-s14"]
    repeated = (
        "Section 14(2) provides that we need not comply with a request identical to a previous "
        "request from the same person. We are not obliged to comply."
    )
    assert codes(repeated, "foia") == ["foia-s14"]


def test_the_requesters_quoted_words_footers_and_annexes_apply_nothing():
    quoted = (
        "Request:\n"
        '"Please give me the spend on agency staff. If any is withheld under section 43, say '
        'why."\n\nResponse:\nThe total was £41,200.'
    )
    analysis = analyse_letter(quoted, "foia")
    assert (analysis.codes, analysis.outcome) == ([], "granted")
    annex = (
        "Please find the minutes attached. Names of junior staff are exempt under section 40(2)."
        "\n\nAnnex A - The exemptions in the Act\n\nSection 21 - accessible by other means\n"
        "Section 43 - commercial interests\n\nIf you are unhappy you may ask for a review."
    )
    assert codes(annex, "foia") == ["foia-s40"]
    rights = (
        "The draft is withheld under regulation 10(4)(d). Your personal data will be handled in "
        "line with regulation 11 and our privacy notice."
    )
    assert codes(rights, "eisr") == ["eisr-r10-4-d"]
    examples = (
        "The cost of compliance would exceed the appropriate limit, so section 12 applies. "
        "Information is usually withheld under one of the exemptions, such as section 40."
    )
    assert codes(examples, "foia") == ["foia-s12"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We considered section 22A alongside section 22, but section 22A is not relevant. "
            "We are relying on section 22(1) as the report will be published in March.",
            ["foia-s22"],
        ),
        (
            "Section 22 does not cover this. The data is exempt under section 22A(1) (research).",
            ["foia-s22a"],
        ),
    ],
)
def test_section_22_and_22a_named_together_report_the_one_applied(text, expected):
    assert codes(text, "foia") == expected


def test_the_s39_gateway_names_the_regime_and_is_not_an_exemption():
    text = (
        "You asked under the Freedom of Information Act 2000. The information is environmental, "
        "so it is exempt under section 39 of the Act and we have dealt with your request under "
        "the Environmental Information Regulations. Please find the readings attached."
    )
    analysis = analyse_letter(text)
    assert (analysis.regime, analysis.codes, analysis.outcome) == ("eir", [], "granted")


def test_foisa_s17_is_a_not_held_notice_and_eir_12_4_a_a_cited_exception():
    s17 = "Under section 17(1) of FOISA, this is notice that the information is not held."
    analysis = analyse_letter(s17, "foisa")
    assert (analysis.codes, analysis.outcome) == ([], "not_held")
    eir = "We do not hold the survey, and we are applying regulation 12(4)(a) of the EIR."
    analysis = analyse_letter(eir, "eir")
    assert (analysis.codes, analysis.outcome) == (["eir-r12-4-a"], "not_held")


def test_each_exemption_points_to_the_words_that_apply_it():
    text = "You asked for the contract.\n\nThe prices are exempt under section 43(2) of the Act."
    analysis = analyse_letter(text, "foia")
    (finding,) = analysis.exemptions
    # The phrase that applies it, not one word.
    evidence = text[finding.evidence[0] : finding.evidence[1]]
    assert evidence == "The prices are exempt under section 43(2)"
    assert analysis.to_dict()["exemptions"][0]["evidence"] == list(finding.evidence)
    # A heading with no words either way points to itself.
    heading = "Section 24(1) National Security\n\nDisclosure would harm national security."
    (finding,) = analyse_letter(heading, "foia").exemptions
    assert finding.evidence == finding.span


def test_ocr_noise_in_words_and_welsh_dates_are_read():
    text = (
        "F0I reference: NCC/F0I/24/2281\nDyddiad / Date: 9 Hydref / October 2023\n\n"
        "The pricing schedu1e is withho1ding under section 43(2). We considered the pub1ic "
        "interest test."
    )
    analysis = analyse_letter(text, "foia")
    assert analysis.reference == "NCC/F0I/24/2281"
    assert analysis.date is not None and analysis.date.isoformat() == "2023-10-09"
    assert analysis.exemptions[0].public_interest_test


@pytest.mark.parametrize(
    "text",
    [
        "The figures are totals, so the exemption at section 40(2) is not in point.",
        "Section 22A (research) does not come into it; these are routine statistics.",
        "The Trust is content that neither section 40 nor section 43 prevents disclosure.",
        "Section 38 is no bar to disclosing totals, and section 24 plays no part either.",
        "There is nothing in the report that engages section 38(1)(b) of FOISA.",
        "Section 35 of the Act cannot apply here, as the Council is not a department.",
        "We were not persuaded that section 33(1)(b) could properly be claimed.",
        "We had expected to rely on regulation 12(5)(f), but the owner agreed to release it.",
        "We did not have to call upon regulation 11 for any part of the table.",
        "The contractor asked us to withhold the price, saying it was protected by section 43(2).",
        "Exemption looked at: section 31(1)(a).",
    ],
)
def test_set_aside_in_more_words_applies_nothing(text):
    assert codes(text, "foisa" if "FOISA" in text else None) == []


def test_another_request_and_material_that_might_come_to_light_apply_nothing():
    other = (
        "Your other request, about drones, is being dealt with under reference 2024-01561, and "
        "we expect to rely on section 24 there; we will write to you about it separately."
    )
    assert codes(other, "foia") == []
    earlier = (
        "When we answered a request about tram staff in August, the small numbers were held "
        "back under section 40(2). Your request is for network totals: 61 in all."
    )
    assert codes(earlier, "foia") == []
    should = (
        "No footage of that incident is held by the force. Should any such material come to "
        "light, it is likely that it would engage section 30(1)."
    )
    analysis = analyse_letter(should, "foia")
    assert (analysis.codes, analysis.outcome) == ([], "not_held")


def test_a_bare_section_in_an_exemption_column_is_read():
    text = (
        "Our decision on each document is in the table.\n\n"
        "Document                    Decision     Exemption\n"
        "Submission to ministers     Withheld     35(1)(a)\n"
        "Programme timetable         Released     -\n"
        "Costings from contractor    Withheld     43(2)\n\n"
        "The released documents are attached."
    )
    analysis = analyse_letter(text, "foia")
    assert (analysis.codes, analysis.outcome) == (["foia-s35", "foia-s43"], "partial")
    # Outside such a column a bare number is not a section.
    assert codes("The report runs to 43(2) pages.", "foia") == []


@pytest.mark.parametrize(
    "text",
    [
        "In 2022 you asked us for the figures by street, and we refused that request under "
        "section 31(1)(a). Town totals carry no such risk: 2,913 encounters in all.",
        "Your request of February, which we found manifestly unreasonable under regulation "
        "12(4)(b), remains closed. The survey you now ask for is attached.",
        "We found no minutes of any such meeting. Any such record, were one to exist, would be "
        "likely to fall under section 43(2).",
        "No footage of the collision exists. In the unlikely event that footage was passed to "
        "us, it would probably be exempt under section 30.",
        "This is not a refusal under section 14: your request is reasonable. The figures are "
        "attached.",
    ],
)
def test_earlier_decisions_and_what_might_exist_apply_nothing(text):
    assert codes(text, "eir" if "regulation" in text else "foia") == []


def test_not_held_in_other_words_keeps_the_not_held_exception():
    text = "We no longer hold surveys from before 2017, so we are applying regulation 12(4)(a)."
    analysis = analyse_letter(text, "eir")
    assert (analysis.codes, analysis.outcome) == (["eir-r12-4-a"], "not_held")


def test_a_negation_about_releasing_is_no_setting_aside():
    text = (
        "We do not consider it appropriate to release the model, which is exempt under "
        "section 43(2) of the Act."
    )
    assert codes(text, "foia") == ["foia-s43"]
    not_a_case = (
        "The Council holds no records of complaints about this childminder. For clarity, this "
        "is not a case where the information has been withheld under section 40(2)."
    )
    analysis = analyse_letter(not_a_case, "foia")
    assert (analysis.codes, analysis.outcome) == ([], "not_held")


def test_a_link_to_published_material_and_an_offer_are_not_disclosure():
    link = (
        "The results are published on our website, so section 25(1) of FOISA applies and I have "
        "provided the link instead."
    )
    assert analyse_letter(link, "foisa").outcome == "refused"
    offer = (
        "The request is manifestly unreasonable under regulation 12(4)(b). We can provide the "
        "results from 2012 onwards, if you would like them."
    )
    assert analyse_letter(offer, "eir").outcome == "refused"
    central = (
        "The Trust does not hold this in a central report, and reading every record would "
        "exceed the cost limit, so section 12(1) applies."
    )
    analysis = analyse_letter(central, "foia")
    assert (analysis.outcome, analysis.not_held) == ("refused", [])


def test_more_ways_of_not_applying_and_particulars():
    text = (
        "Our reference: CQC IAT 2425 1187\nDate: 3 0ctober 2024\n\n"
        "As this concerns waste it is environmental, and we have considered it under the EIR "
        "rather than under section 43 of the FOIA. The price is withheld under regulation "
        "12(5)(e). The minutes are attached; redaction under regulation 13 was unnecessary."
    )
    analysis = analyse_letter(text, "eir")
    assert analysis.codes == ["eir-r12-5-e"]
    assert analysis.reference == "CQC IAT 2425 1187"
    assert analysis.date is not None and analysis.date.isoformat() == "2024-10-03"
    not_ncnd = (
        "We are withholding the figure under section 26(1)(b). This is not a case for neither "
        "confirming nor denying: the base is well known."
    )
    assert analyse_letter(not_ncnd, "foia").outcome == "refused"


def test_a_bare_number_in_a_pipe_tables_exemption_column_is_read():
    text = (
        "You asked for four items.\n\n| Item | Released | Eithriad / Exemption |\n"
        "| Plan | Yes | |\n| Bids | No | 43 |\n| 2023 totals | Yes | |\n\nThe plan is attached."
    )
    analysis = analyse_letter(text, "foia")
    assert (analysis.codes, analysis.outcome) == (["foia-s43"], "partial")
    # The same number in another column is a figure.
    figures = "| Year | Cases | Exemption |\n| 2023 | 43 | None |\n| 2024 | 40 | None |"
    assert codes(figures, "foia") == []


def test_an_act_and_number_under_an_exemption_column_is_one_citation():
    text = "Document          Decision     Exemption\nCostings          Withheld     FOIA 43(2)\n"
    analysis = analyse_letter(text, "foia")
    [exemption] = analysis.exemptions
    # Read once, as printed: not also as the bare "43(2)" inside it.
    assert exemption.code == "foia-s43"
    assert [text[a:b] for a, b in exemption.mentions] == ["FOIA 43(2)"]


def test_what_the_sentence_after_considered_concludes_decides():
    applied = (
        "Section 43(2) was considered. Having assessed the contracts, we have decided that "
        "disclosure would prejudice our commercial interests, and the figures are withheld."
    )
    assert codes(applied, "foia") == ["foia-s43"]
    set_aside = (
        "Section 43(2) was considered. It was decided that releasing the price would not "
        "prejudice anyone. We paid £8.4 million."
    )
    assert codes(set_aside, "foia") == []
    other = "We considered section 22A. The report is exempt under section 22(1)."
    assert codes(other, "foia") == ["foia-s22"]


def test_outcome_words_read_more_carefully():
    can_be = (
        "Winter 2022-23: £4,880,210\nWinter 2023-24: £5,213,700\n\n"
        "The Council is satisfied that the information can be released in full."
    )
    assert analyse_letter(can_be, "foia").outcome == "granted"
    would_have = (
        "The ward totals are attached. Your first wording would have exceeded the cost limit "
        "under section 12, but you agreed to accept totals."
    )
    analysis = analyse_letter(would_have, "foia")
    assert (analysis.codes, analysis.outcome) == ([], "granted")
    inline = (
        "1. The date the review was commissioned: 14 September 2023.\n\n"
        "2. The interim notes: we are withholding these under section 36(2)(b)(ii)."
    )
    analysis = analyse_letter(inline, "foia")
    assert [(q.number, q.status) for q in analysis.questions] == [(1, "answered"), (2, "refused")]
    assert analysis.outcome == "partial"
