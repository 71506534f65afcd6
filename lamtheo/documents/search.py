"""Accent-insensitive full-text search over the number and symbol, the title and the body.

Both databases index the same words, made in Python: the text folded (`lamtheo.vn.text.fold`:
"Điện Biên" -> "dien bien", which SQLite's own tokenizer cannot do for đ), split into runs of
letters and digits, numbers without leading zeros (so "01" and "1" meet). The query is made of
the same words: each word must appear; a group typed without spaces ("499-BC/TU") must appear
as a phrase; the last word may be the start of a longer one.

- SQLite: an FTS5 table `documents_search(symbol, title, body)` keyed by the document id,
  ranked by bm25 with the symbol weighing most.
- PostgreSQL: `search_head` (symbol and title) and `search_all` (with the body) tsvector
  columns of the document table, with a GIN index on `search_all`; ranked by ts_rank of the
  head, so that ranking costs no read of the large body vectors.

Highlighted snippets are cut in Python from the stored text: `fold` keeps one character per
character, so a match found in the folded text is at the same place in the original.
"""

import re
import unicodedata
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BooleanField, Case, FloatField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lamtheo.vn.text import fold

from . import domain
from .models import Document

_WORD = re.compile(r"[a-z0-9]+")
SNIPPET_WIDTH = 240  # characters of the body shown around the matches
TABLE = Document._meta.db_table
FTS = "documents_search"


def words(text: str) -> list[str]:
    """The indexed words of a text.

    >>> words("Kết luận số 01-KL/TƯ của Bộ Chính trị")
    ['ket', 'luan', 'so', '1', 'kl', 'tu', 'cua', 'bo', 'chinh', 'tri']
    """
    return [_number(w) for w in _WORD.findall(fold(text))]


def _number(word: str) -> str:
    return (word.lstrip("0") or "0") if word.isdigit() else word


def index_text(text: str) -> str:
    return " ".join(words(text))


@dataclass(frozen=True)
class Query:
    """What was asked: phrases of words (a single word is a phrase of one); the last word
    matches as a prefix when `prefix` is set."""

    phrases: tuple[tuple[str, ...], ...]
    prefix: bool

    @property
    def terms(self) -> list[str]:
        return [w for phrase in self.phrases for w in phrase]

    def __bool__(self) -> bool:
        return bool(self.phrases)


def parse_query(text: str) -> Query:
    """
    >>> parse_query("ke hoach 129")
    Query(phrases=(('ke',), ('hoach',), ('129',)), prefix=False)
    >>> parse_query("499-BC/TU")
    Query(phrases=(('499', 'bc', 'tu'),), prefix=False)
    >>> parse_query("dien bie")
    Query(phrases=(('dien',), ('bie',)), prefix=True)
    """
    phrases = []
    for chunk in (text or "").split()[:20]:
        found = tuple(words(chunk))
        if found:
            phrases.append(found[:10])
    last = phrases[-1] if phrases else ()
    prefix = len(last) == 1 and not last[0].isdigit() and not text.endswith(" ")
    return Query(tuple(phrases), prefix)


def _fts5(query: Query) -> str:
    parts = []
    for i, phrase in enumerate(query.phrases):
        star = "*" if query.prefix and i == len(query.phrases) - 1 else ""
        parts.append(f'"{" ".join(phrase)}"{star}')
    return " AND ".join(parts)


def _tsquery(query: Query) -> str:
    parts = []
    for i, phrase in enumerate(query.phrases):
        star = ":*" if query.prefix and i == len(query.phrases) - 1 else ""
        parts.append("(" + " <-> ".join(phrase) + star + ")")
    return " & ".join(parts)


def head_text(document: Document) -> str:
    """What the symbol column says: the kind, the number and symbol, the issuing unit - in
    Vietnamese, whatever the language of the request that saves it."""
    kind = domain.kind_name(document.style, document.kind, document.issued_on, "vi")
    return f"{kind} số {document.symbol} {document.unit.name} {document.place}"


def reindex(document_ids) -> None:
    """Write the index rows of these documents (after a create or an edit), in one statement
    per database round."""
    ids = list(document_ids)
    if not ids:
        return
    rows = [
        (d.pk, index_text(head_text(d)), index_text(d.title), index_text(d.body))
        for d in Document.objects.filter(pk__in=ids).select_related("unit")
    ]
    write_index(rows)


def write_index(rows: list[tuple[int, str, str, str]]) -> None:
    """(id, head words, title words, body words) per document, already made by index_text."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(f"DELETE FROM {FTS} WHERE rowid = %s", [(r[0],) for r in rows])  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {FTS} (rowid, symbol, title, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )
        else:
            cursor.executemany(
                f"""UPDATE {TABLE} SET
                    search_head = setweight(to_tsvector('simple', %s), 'A')
                               || setweight(to_tsvector('simple', %s), 'B'),
                    search_all = setweight(to_tsvector('simple', %s), 'A')
                              || setweight(to_tsvector('simple', %s), 'B')
                              || setweight(to_tsvector('simple', %s), 'D')
                    WHERE id = %s""",  # noqa: S608
                [(h, t, h, t, b, i) for i, h, t, b in rows],
            )


def search(queryset, query: Query, *, symbol: str = "", limit: int, offset: int = 0):
    """The ids of one page of the documents of `queryset` that match, best first, and how many
    match in all. A document whose own number and symbol is `symbol` comes first; then by rank
    (the symbol and title weigh most), then the newest.

    Two statements whatever the size: the page, and the count.
    """
    if connection.vendor == "sqlite":
        # The FTS5 table joins the filtered documents in the same statement, so the filters
        # are checked on the matches only; bm25() is known only inside that join.
        matched = queryset.extra(  # noqa: S610 - table names from the model, values as params
            tables=[FTS],
            where=[f"{FTS}.rowid = {TABLE}.id", f"{FTS} MATCH %s"],
            params=[_fts5(query)],
        )
        ranked = matched.extra(select={"rank": f"-bm25({FTS}, 10.0, 4.0, 1.0)"})  # noqa: S610
        return _page(matched, ranked, symbol, limit, offset, index_scans=False)
    tsquery = _tsquery(query)
    # The table name comes from the model; the query is a parameter.
    found = RawSQL(  # noqa: S611
        f"{TABLE}.search_all @@ to_tsquery('simple', %s)",
        [tsquery],
        output_field=BooleanField(),
    )
    rank = RawSQL(  # noqa: S611
        f"ts_rank({TABLE}.search_head, to_tsquery('simple', %s))",
        [tsquery],
        output_field=FloatField(),
    )
    matched = queryset.filter(found)
    return _page(matched, matched.annotate(rank=rank), symbol, limit, offset, index_scans=True)


def _page(matched, ranked, symbol: str, limit: int, offset: int, *, index_scans: bool):
    order = ["-rank", "-issued_on", "-id"]
    if symbol:
        ranked = ranked.annotate(exact=Case(When(symbol=symbol, then=Value(1)), default=Value(0)))
        order.insert(0, "-exact")
    with _index_scans() if index_scans else nullcontext():
        ids = list(ranked.order_by(*order).values_list("id", flat=True)[offset : offset + limit])
        total = matched.count()
    return ids, total


@contextmanager
def _index_scans():
    """The planner counts a match against the large vector as cheap, so for a word found in
    half the documents it reads the whole table and unpacks every vector from TOAST (544 ms on
    100,000 documents) instead of taking the matches from the GIN index (84 ms): forbid that
    plan for these statements only, and put the setting back as it was."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        before = cursor.fetchone()[0]
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
        yield
        # On an error the block's rollback puts the setting back with everything else.
        cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])


# --- Snippets -----------------------------------------------------------------------------------


def _pattern(query: Query) -> re.Pattern | None:
    """A pattern over folded text for every word of the query at a word start (numbers with
    any leading zeros; the last word as a prefix when the query says so)."""
    alternatives = []
    terms = query.terms
    for i, term in enumerate(terms):
        if term.isdigit():
            alternatives.append(rf"0*{re.escape(term)}(?![a-z0-9])")
        elif query.prefix and i == len(terms) - 1:
            alternatives.append(rf"{re.escape(term)}[a-z0-9]*")
        else:
            alternatives.append(rf"{re.escape(term)}(?![a-z0-9])")
    if not alternatives:
        return None
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(alternatives)})")


def highlight(text: str, query: Query, *, width: int | None = None) -> SafeString:
    """`text` escaped, with the query's words in <mark>; with `width`, only the passage of about
    that many characters where most of them meet (the start of the text if none does)."""
    text = unicodedata.normalize("NFC", text or "")
    pattern = _pattern(query)
    spans = [m.span() for m in pattern.finditer(fold(text))] if pattern else []
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        start = _best_window(spans, width, len(text))
        start = _word_start(text, start)
        end = min(len(text), start + width)
        end = _word_end(text, end)
    pieces, cursor = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        pieces.append(escape(text[cursor:s]))
        pieces.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    pieces.append(escape(text[cursor:end]))
    before = "… " if start > 0 else ""
    after = " …" if end < len(text) else ""
    return mark_safe(before + "".join(pieces) + after)  # noqa: S308 - every piece is escaped


def _best_window(spans: list[tuple[int, int]], width: int, length: int) -> int:
    """The start of the window of `width` holding the most matches, a little before the first."""
    if not spans:
        return 0
    best, best_count, j = spans[0][0], 0, 0
    for i, (s, _e) in enumerate(spans):
        while spans[j][0] < s - width // 2:
            j += 1
        count = sum(1 for t, _ in spans[j:] if s - width // 3 <= t < s - width // 3 + width)
        if count > best_count:
            best, best_count = s, count
        if i > 200:
            break
    return max(0, min(best - width // 3, length - width))


def _word_start(text: str, at: int) -> int:
    if at <= 0:
        return 0
    space = text.rfind(" ", max(0, at - 20), at)
    return space + 1 if space >= 0 else at


def _word_end(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    space = text.find(" ", at, at + 20)
    return space if space >= 0 else at
