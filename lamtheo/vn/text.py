"""Text folding for accent-insensitive search."""

import unicodedata


def fold(text: str) -> str:
    """NFC, đ/Đ -> d/D, strip tone and vowel marks, lowercase; one output character per
    character of the NFC input, so match positions map back for highlighting.

    A mark NFC could not put on its letter (typed in an order no precomposed letter has) is
    folded to a space: kept, it would stay a mark in the output, and on a second folding
    combine with the letter before it, so that fold(fold(x)) != fold(x).

    >>> fold("Điện Biên"), fold("Bắc Kạn"), fold("TỈNH ỦY")
    ('dien bien', 'bac kan', 'tinh uy')
    >>> len(fold("Hà Tĩnh")) == len(unicodedata.normalize("NFC", "Hà Tĩnh"))
    True
    >>> fold("e\u0301\u0302")  # acute then circumflex: é and a stray circumflex
    'e '
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in "đĐ":
            out.append("d")
            continue
        decomposed = unicodedata.normalize("NFD", char)
        if unicodedata.combining(decomposed[0]):
            out.append(" ")
            continue
        # A letter with marks folds to the letter; one that decomposes into other letters
        # (a Hangul syllable into its jamo) stays whole.
        marks_only = all(unicodedata.category(c).startswith("M") for c in decomposed[1:])
        base = decomposed[0] if marks_only else char
        out.append(base.lower() if len(base.lower()) == 1 else char.lower()[:1] or char)
    return "".join(out)
