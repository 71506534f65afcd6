"""Fuzzing the toolkit: every function that reads text people type takes any text at all
without crashing (or refuses it with the error it documents) and keeps its promises.

A parser joins by adding a `Parser` to PARSERS with the checks its result must pass; the
generated text (any Unicode, and Vietnamese with its marks composed, decomposed and misordered)
is the same for all. `derandomize` makes the examples the same on every run, so CI is stable.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lamtheo.vn.text import fold


@dataclass(frozen=True)
class Parser:
    name: str
    parse: Callable[[str], object]
    check: Callable[[str, object], None]  # asserts what must hold of parse(text)
    refuses: tuple[type[Exception], ...] = ()  # the errors it raises on text it cannot read


def _check_fold(text: str, folded: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    assert len(folded) == len(nfc), "one character out per character of the NFC input"
    assert fold(folded) == folded, "folding twice changes nothing"
    assert not any(unicodedata.combining(c) for c in folded), "no marks left"
    for char, out in zip(nfc, folded, strict=True):
        letter, *marks = unicodedata.normalize("NFD", char)
        if char in "đĐ":
            assert out == "d"
        elif letter.isascii() and letter.isalnum() and all(unicodedata.combining(m) for m in marks):
            assert out == letter.lower(), f"{char!r} folds to {letter.lower()!r} in place"


PARSERS = [
    Parser("fold", fold, _check_fold),
]

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền sắc ngã hỏi nặng
_LETTERS = sorted(
    {unicodedata.normalize("NFC", v + t) for v in _VOWELS + _VOWELS.upper() for t in _TONES}
    | set("bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX")
)
_MARKS = [*_TONES[1:], "\u0302", "\u0306", "\u031b"]  # and circumflex, breve, horn
_VIETNAMESE = st.text(st.sampled_from([*_LETTERS, *_MARKS, *"0123456789 .,/-:()"]))
TEXT = st.one_of(
    st.text(),
    _VIETNAMESE,
    _VIETNAMESE.map(lambda text: unicodedata.normalize("NFD", text)),
)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
@settings(max_examples=1000, derandomize=True, deadline=None)
@given(text=TEXT)
# What the fuzzing found in fold: a mark NFC cannot place (after x; acute before circumflex;
# on İ, whose dot is a mark too) stayed a mark, and a Hangul syllable lost its vowel.
@example(text="x\u0301")
@example(text="e\u0301\u0302")
@example(text="İ\u0301")
@example(text="가\u1161")
def test_any_text_is_read_or_refused_and_the_promises_hold(parser, text):
    try:
        result = parser.parse(text)
    except parser.refuses:
        return
    parser.check(text, result)
