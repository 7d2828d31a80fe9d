"""README's deadline table says what shared/foi-law.md's "Time limits" table says: every
provision the law file cites for a step and regime is cited in the README's cell too."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAW = (ROOT.parent / "shared" / "foi-law.md").read_text()
README = (ROOT / "README.md").read_text()
# foi-law.md row -> README row
ROWS = {
    "authority's response due": "response due",
    "latest with a permitted extension": "latest with an extension",
    "requester may ask for internal review until": "internal review may be asked until",
    "authority's review decision due": "review decision due",
    "complaint to the regulator": "regulator complaint",
}
CITATION = re.compile(r"\b(?:s|reg )\d+[A-Z]?(?:\(\w+\))*")
PERIOD = re.compile(r"\b\d+ (?:WD|weeks|months)\b")


def table(text: str, first_header: str) -> dict[str, list[str]]:
    start = text.index(f"| {first_header} |")
    rows = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.skipif(not (ROOT.parent / "shared").exists(), reason="shared/ is not checked out")
@pytest.mark.parametrize(("law_row", "readme_row"), ROWS.items())
def test_readme_deadline_table_agrees_with_foi_law(law_row, readme_row):
    law = table(LAW, "step")[law_row]
    readme = table(README, "step")[readme_row]
    for regime, law_cell, readme_cell in zip(
        ("foia", "eir", "foisa", "eisr"), law, readme, strict=True
    ):
        for pattern in (CITATION, PERIOD):
            for fact in pattern.findall(law_cell):
                assert fact in readme_cell, (law_row, regime, fact)
