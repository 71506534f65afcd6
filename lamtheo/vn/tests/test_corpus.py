"""The toolkit against the shared corpus: the gold doc_refs of the five seed texts, and the
200 news articles for robustness. Skips loudly when ../shared/corpus is absent."""

import re
from datetime import date

import pytest

from lamtheo.vn.docnum import format_doc_number, parse_doc_number
from lamtheo.vn.refs import Reference, find_references
from lamtheo.vn.tests.corpus import news, seeds

_SYMBOL = re.compile(r"[0-9]+[-/][^\s,]+")


def _norm_issuer(issuer: str | None) -> str | None:
    return None if issuer is None else issuer.replace("TƯ", "TW").casefold()


def _fold(kind: str | None) -> str | None:
    return None if kind is None else kind.casefold()


def _matches(ref: Reference, gold: dict) -> bool:
    return (
        ref.surface == gold["surface"]
        and _fold(ref.kind) == _fold(gold["kind"])
        and ref.number == gold["number"]
        and _norm_issuer(ref.issuer) == _norm_issuer(gold["issuer"])
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def test_every_gold_reference_of_the_seeds_is_found_with_its_dates():
    checked = 0
    for name, text, gold in seeds():
        found = find_references(text)
        for item in gold["doc_refs"]:
            hits = [r for r in found if _matches(r, item)]
            assert hits, f"{name}: gold reference {item} not found among {found}"
            for ref in hits:
                if "date" in item:
                    assert _iso(ref.date) == item["date"], (name, item, ref)
                if "date_in_context" in item:
                    assert _iso(ref.date_in_context) == item["date_in_context"], (name, item)
            checked += 1
    assert checked > 0


def test_every_gold_symbol_parses_to_the_gold_and_round_trips():
    for name, _, gold in seeds():
        for item in gold["doc_refs"]:
            if item["issuer"] is None:
                continue
            symbol = _SYMBOL.search(item["surface"])[0]
            doc = parse_doc_number(symbol)
            assert (_fold(doc.kind), doc.number) == (_fold(item["kind"]), item["number"]), name
            assert _norm_issuer(doc.issuer) == _norm_issuer(item["issuer"]), name
            assert format_doc_number(doc) == symbol.replace("TƯ", "TW")
            assert parse_doc_number(format_doc_number(doc)) == doc


def test_no_numbered_reference_is_found_that_the_gold_lacks():
    for name, text, gold in seeds():
        extra = [
            ref
            for ref in find_references(text)
            if not any(_matches(ref, item) for item in gold["doc_refs"])
        ]
        assert extra == [], f"{name}: references the gold lacks: {extra}"


def test_references_in_the_news_articles_parse_and_round_trip():
    articles = news()
    assert len(articles) == 200
    total = full = 0
    for name, text in articles:
        for ref in find_references(text):
            total += 1
            assert ref.surface == text[ref.start : ref.end], name
            if ref.symbol is None:
                assert ref.doc_number is None, (name, ref)
                assert ref.kind is not None, (name, ref)
                continue
            full += 1
            doc = parse_doc_number(ref.symbol)
            assert doc == ref.doc_number, (name, ref)
            written = format_doc_number(doc)
            assert written == ref.symbol.replace("TƯ", "TW"), (name, ref)
            assert parse_doc_number(written) == doc, (name, ref)
    print(f"\nnews corpus: {total} references, {full} with a full symbol, in {len(articles)}")
    assert total > 0
    assert full > 0


@pytest.mark.parametrize(
    "mangle", [str.upper, str.lower, lambda t: t.encode("ascii", "ignore").decode()]
)
def test_seeds_in_capitals_small_letters_or_stripped_of_marks_are_read_without_crashing(mangle):
    for _, text, _ in seeds():
        mangled = mangle(text)
        for ref in find_references(mangled):
            assert ref.surface == mangled[ref.start : ref.end]
            if ref.doc_number:
                assert parse_doc_number(format_doc_number(ref.doc_number)) == ref.doc_number
