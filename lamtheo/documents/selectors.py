"""Reads of the registry for its pages and API, and for other areas: the filtered and searched
list, the chain of implementation, the references a body makes. Each is a fixed number of
statements, whatever the size."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from lamtheo.files.models import Attachment
from lamtheo.org.models import Closure, Edge, Membership, OrgUnit
from lamtheo.vn.docnum import format_doc_number, parse_doc_number
from lamtheo.vn.errors import VnError
from lamtheo.vn.refs import find_references

from . import search
from .models import Document, Relation

CHAIN_KINDS = (Relation.Kind.IMPLEMENTS, Relation.Kind.GUIDES)
MAX_DEPTH = 12


@dataclass(frozen=True)
class Filters:
    q: str = ""
    kind: str = ""  # a kind key ("ke-hoach"), a form value ("party:ke-hoach") or a code ("KH")
    issuer: str = ""  # the issuing unit's code
    unit: str = ""  # a unit's code: documents of it and of every unit ever under it
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class Page:
    documents: list[Document]
    total: int
    query: search.Query


def filtered(user, filters: Filters):
    documents = Document.objects.visible_to(user)
    if filters.kind:
        style, _, key = filters.kind.partition(":")
        if key:
            documents = documents.filter(style=style, kind=key)
        else:
            documents = documents.filter(Q(kind=filters.kind) | Q(type_code=filters.kind.upper()))
    if filters.issuer:
        documents = documents.filter(unit__code=filters.issuer)
    if filters.unit:
        documents = documents.filter(
            unit_id__in=Closure.objects.filter(ancestor__code=filters.unit).values("descendant_id")
        )
    if filters.date_from:
        documents = documents.filter(issued_on__gte=filters.date_from)
    if filters.date_to:
        documents = documents.filter(issued_on__lte=filters.date_to)
    return documents


def exact_symbol(text: str) -> str:
    """The number and symbol the whole query is, written as the registry stores it, or ""."""
    try:
        return format_doc_number(parse_doc_number(text.strip()))
    except VnError:
        return ""


def find(user, filters: Filters, *, limit: int, offset: int = 0) -> Page:
    """One page of the visible documents that pass the filters: best matches first when there
    is a query, else the newest."""
    documents = filtered(user, filters)
    query = search.parse_query(filters.q)
    if query:
        ids, total = search.search(
            documents, query, symbol=exact_symbol(filters.q), limit=limit, offset=offset
        )
        by_id = Document.objects.select_related("unit").in_bulk(ids)
        page = [by_id[i] for i in ids if i in by_id]
    else:
        total = documents.count()
        page = list(
            documents.select_related("unit").order_by("-issued_on", "-id")[offset : offset + limit]
        )
    return Page(page, total, query)


def issuing_units(user, limit: int = 300):
    """The units a user filters by: where they hold a role, the levels above those, and the
    units directly under them today (the centre and the provinces for a superuser). A few
    indexed lookups; not every unit whose documents they may see, which at national scale is
    thousands (the API's `issuer` and `unit` take any code)."""
    today = timezone.localdate()
    if user.is_superuser:
        units = OrgUnit.objects.filter(kind__in=["central", "province"]).valid_on(today)
    else:
        roles = Membership.objects.active().filter(user=user).values("unit_id")
        units = OrgUnit.objects.filter(
            Q(pk__in=roles)
            | Q(pk__in=Closure.objects.filter(descendant__in=roles).values("ancestor_id"))
            | Q(pk__in=children_ids(roles, today))
        )
    return units.order_by("name")[:limit]


def children_ids(parents, day):
    """The ids of the units directly under any of `parents` (a subquery of ids) on `day`."""
    return Edge.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day), parent_id__in=parents, valid_from__lte=day
    ).values("child_id")


def attachments(document: Document):
    """The files attached to the document, newest first."""
    return (
        Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(Document), owner_id=str(document.pk)
        )
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")
    )


# --- The chain ---------------------------------------------------------------------------------


@dataclass
class Node:
    document: Document
    children: list["Node"] = field(default_factory=list)


def _walk(document: Document, *, up: bool) -> list[tuple[int, int, int]]:
    """(source, target, depth) of every implements/guides link reached from the document, up
    (to what it carries out) or down (to what carries it out): one recursive query."""
    table = Relation._meta.db_table
    kinds = ", ".join(["%s"] * len(CHAIN_KINDS))
    near, far = ("source_id", "target_id") if up else ("target_id", "source_id")
    # Table and column names come from the model and this function; values are parameters.
    sql = f"""WITH RECURSIVE walk(source_id, target_id, depth) AS (
          SELECT source_id, target_id, 1 FROM {table}
          WHERE {near} = %s AND kind IN ({kinds})
          UNION
          SELECT r.source_id, r.target_id, walk.depth + 1 FROM {table} r
          JOIN walk ON r.{near} = walk.{far}
          WHERE r.kind IN ({kinds}) AND walk.depth < %s
        ) SELECT source_id, target_id, MIN(depth) FROM walk GROUP BY source_id, target_id"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [document.pk, *CHAIN_KINDS, *CHAIN_KINDS, MAX_DEPTH])
        return [tuple(row) for row in cursor.fetchall()]


def chain(document: Document, user) -> tuple[list[Document], list[Node]]:
    """What the document carries out, up to the first directive (nearest last:
    05-CT/TW, 01-KL/TW for 129-KH/TU), and the tree of what carries it out below it. Each is
    one recursive query over the links, then one fetch of the documents the user may see."""
    depth: dict[int, int] = {}
    for _source, target, d in _walk(document, up=True):
        depth[target] = min(d, depth.get(target, d))
    down = [(source, target) for source, target, _d in _walk(document, up=False)]
    wanted = set(depth) | {i for pair in down for i in pair}
    seen = Document.objects.visible_to(user).select_related("unit").in_bulk(wanted)
    above = sorted(
        (seen[i] for i in depth if i in seen),
        key=lambda d: (-depth[d.pk], d.issued_on, d.pk),
    )
    below: dict[int, list[int]] = defaultdict(list)
    for source_id, target_id in down:
        below[target_id].append(source_id)

    def grow(target_id: int, path: frozenset) -> list[Node]:
        nodes = []
        for source_id in below.get(target_id, []):
            if source_id in seen and source_id not in path:
                node = Node(seen[source_id], grow(source_id, path | {source_id}))
                nodes.append(node)
        return sorted(nodes, key=lambda n: (n.document.issued_on, n.document.pk))

    return above, grow(document.pk, frozenset({document.pk}))


def relations(document: Document, user) -> tuple[list[Relation], list[Relation]]:
    """The document's links to documents the user may see, and theirs to it."""
    visible = Document.objects.visible_to(user)
    out = (
        document.relations_out.filter(target__in=visible)
        .select_related("target", "target__unit")
        .order_by("kind", "target__issued_on")
    )
    incoming = (
        document.relations_in.filter(source__in=visible)
        .select_related("source", "source__unit")
        .order_by("kind", "source__issued_on")
    )
    return list(out), list(incoming)


# --- References in the body ----------------------------------------------------------------------


@dataclass
class Suggestion:
    surface: str
    symbol: str  # "01-KL/TW": the full symbol the text gave (or resolved to)
    date: date | None
    candidates: list[Document]  # registered documents with that symbol, the likeliest first
    linked: bool  # the document already links to one of them


def references(document: Document, user) -> list[Suggestion]:
    """The numbered references of the body (found with the toolkit), each with the registered
    documents it may mean: one query for all of them."""
    found = {}
    for ref in find_references(document.body or ""):
        value = ref.doc_number or ref.resolved
        if value is None:
            continue
        symbol = format_doc_number(value)
        if symbol == document.symbol:
            continue
        key = (value.kind or "", value.value, value.issuer)
        if key not in found or (ref.date and not found[key][2]):
            found[key] = (ref.surface, symbol, ref.date or ref.date_in_context)
    if not found:
        return []
    match = Q()
    for kind, number, issuer in found:
        match |= Q(type_code=kind, number=number, issuer_code=issuer)
    candidates: dict[tuple, list[Document]] = defaultdict(list)
    for candidate in (
        Document.objects.visible_to(user)
        .filter(match)
        .exclude(pk=document.pk)
        .select_related("unit")
    ):
        key = (candidate.type_code, candidate.number, candidate.issuer_code)
        candidates[key].append(candidate)
    linked = set(document.relations_out.values_list("target_id", flat=True))
    suggestions = []
    for key, (surface, symbol, day) in found.items():
        options = sorted(
            candidates.get(key, []),
            key=lambda c: (
                c.issued_on != day,
                c.province_code != document.province_code,
                -c.issued_on.toordinal(),
            ),
        )
        suggestions.append(
            Suggestion(surface, symbol, day, options, any(c.pk in linked for c in options))
        )
    return suggestions


def by_symbol(user, symbol: str, on: date | None = None) -> list[Document]:
    """Registered documents the user may see with this number and symbol (on that date)."""
    value = parse_doc_number(symbol)
    documents = Document.objects.visible_to(user).filter(
        type_code=value.kind or "", number=value.value, issuer_code=value.issuer
    )
    if on:
        documents = documents.filter(issued_on=on)
    return list(documents.select_related("unit").order_by("-issued_on")[:20])
