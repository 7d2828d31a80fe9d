"""Clean up pasted and OCR'd text without moving a single character.

Every rule maps one character to one character, so an offset into the cleaned text is the
same offset into the text the user gave; spans need no translation table.
"""

from __future__ import annotations

import re

_CHARACTERS = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
        "\r": " ",  # "\r\n" becomes " \n"; paragraph rules allow spaces before newlines
        "\f": "\n",  # PDF page breaks
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00ad": "-",  # soft hyphen
        "\u00a7": "s",  # § 24 reads as s 24
        "\u2022": "-",  # bullet
        "\u25cf": "-",
        "\u25aa": "-",
        "\uf0b7": "-",  # Word's Symbol-font bullet after PDF extraction
    }
)

# OCR confuses O/o with 0 and l/I with 1 inside numbers: "4O(2)", "l2(5)(e)". Only a run
# that already holds a real digit is touched, so words stay words.
_NUMBERISH = re.compile(r"(?<![A-Za-z])[0-9OolI]*[0-9][0-9OolI]*(?![A-Za-z])")
_DIGIT_FOR = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})
# A subsection read as a letter: "24(l)" or "24(I)" is "24(1)".
_PAREN_ONE = re.compile(r"(?<=[0-9)])(\s?\()[lI](\))")
# And the other way inside words: "pub1ic", "Ju1y", "F0I", "fu11", "lnformation". Only digits
# between letters, or ending a lower-case word, are touched, so "s40", "CF10" and "12(5)(e)"
# stay as they are.
_LETTERISH = re.compile(r"(?<=[A-Za-z])[10]+(?=[A-Za-z])|(?<=[a-z]{2})1+\b|\bl(?=n[a-z])")
# "0ctober", "0ur ref": a zero opening a lower-case word is a capital O.
_LEADING_ZERO = re.compile(r"(?<![\w£$.,/-])0(?=[a-z]{2,})")
_LETTER_FOR = str.maketrans({"1": "l", "0": "o", "l": "I"})


def normalise(text: str) -> str:
    cleaned = text.translate(_CHARACTERS)
    cleaned = _NUMBERISH.sub(lambda m: m.group(0).translate(_DIGIT_FOR), cleaned)
    cleaned = _PAREN_ONE.sub(lambda m: m.group(1) + "1" + m.group(2), cleaned)
    cleaned = _LETTERISH.sub(lambda m: _ocr_letters(m.group(0), m.string, m.start()), cleaned)
    cleaned = _LEADING_ZERO.sub("O", cleaned)
    assert len(cleaned) == len(text), "normalisation must preserve offsets"
    return cleaned


def _ocr_letters(run: str, text: str, start: int) -> str:
    # "F0I": a zero between capitals is a capital O.
    upper = start > 0 and text[start - 1].isupper()
    return "".join("O" if ch == "0" and upper else ch.translate(_LETTER_FOR) for ch in run)
