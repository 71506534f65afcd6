"""Text folding for accent-insensitive search."""

import unicodedata


def fold(text: str) -> str:
    """NFC, đ/Đ -> d/D, strip tone and vowel marks, lowercase; one output character per
    character of the NFC input, so match positions map back for highlighting.

    >>> fold("Điện Biên"), fold("Bắc Kạn"), fold("TỈNH ỦY")
    ('dien bien', 'bac kan', 'tinh uy')
    >>> len(fold("Hà Tĩnh")) == len(unicodedata.normalize("NFC", "Hà Tĩnh"))
    True
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", char)[0]
        out.append(base.lower() if len(base.lower()) == 1 else char.lower()[:1] or char)
    return "".join(out)
