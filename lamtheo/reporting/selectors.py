"""Reads of the reporting area: a request's completeness, a unit's forms due, the consolidated
values of a request with the sources of each, and the differences between two revisions.

Consolidation is one SQL statement for every indicator of a request: the accepted revisions'
values, each reporting unit placed under the issuing unit's child that held it at the period's
end (or, restated, followed through lineage to today's units and placed under today's
children of the unit that carries the issuer on), where a reported total supersedes its parts:
a figure is left out when a unit above it reported an accepted figure of the same indicator.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, localcontext

from django.db import connection
from django.db.models import F, Q
from django.utils import timezone

from lamtheo.org import selectors as org
from lamtheo.org.models import Closure, Lineage, Membership, OrgUnit
from lamtheo.plans.domain import Aggregation
from lamtheo.plans.models import Indicator

from . import domain
from .models import Narrative, Request, Revision, SectionKind, Status, Submission, Value

WAITING = [Status.PENDING, Status.DRAFT, Status.RETURNED]


# --- Completeness -----------------------------------------------------------------------------


@dataclass
class Node:
    unit: OrgUnit
    submission: Submission | None = None
    children: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)


@dataclass
class Completeness:
    request: Request
    rows: list  # submissions, each with .state (Timeliness) and .status
    by_state: dict
    by_status: dict
    rate: Decimal | None  # handed in, of all
    on_time_rate: Decimal | None
    tree: Node | None


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else None


def completeness(request: Request, *, user=None, today: date | None = None, tree=True):
    """Which recipients handed in on time, late, not at all, or still have time; as a table
    and as the tree of the hierarchy on the request's day (one query each)."""
    today = today or timezone.localdate()
    found = request.submissions.all() if user is None else Submission.objects.visible_to(user)
    rows = list(
        found.filter(request=request).select_related("unit", "decided_by").order_by("unit__name")
    )
    by_state = dict.fromkeys(domain.Timeliness, 0)
    by_status = dict.fromkeys(domain.Status, 0)
    for row in rows:
        row.state = row.timeliness(today)
        by_state[row.state] += 1
        by_status[domain.Status(row.status)] += 1
    handed = by_state[domain.Timeliness.ON_TIME] + by_state[domain.Timeliness.LATE]
    result = Completeness(
        request,
        rows,
        by_state,
        by_status,
        _share(handed, len(rows)),
        _share(by_state[domain.Timeliness.ON_TIME], len(rows)),
        None,
    )
    if tree:
        result.tree = _tree(request, rows)
    return result


def _tree(request: Request, rows: list) -> Node:
    """The issuing unit with, under it, the units between it and each recipient on the
    request's day, each branch counting its recipients by state."""
    day = request.as_of
    # The units between the issuer and each recipient (their ancestors inside the issuer's
    # subtree), then the parent of each of those: two queries.
    between = list(
        Closure.objects.filter(
            descendant_id__in=[row.unit_id for row in rows],
            ancestor__in=org.subtree_ids(request.unit, as_of=day),
            valid_from__lte=day,
            valid_to__gt=day,
        ).values_list("ancestor_id", flat=True)
    )
    units = OrgUnit.objects.in_bulk({*between, request.unit_id})
    parent_of = dict(
        Closure.objects.filter(
            descendant_id__in=units,
            ancestor_id__in=units,
            depth=1,
            valid_from__lte=day,
            valid_to__gt=day,
        ).values_list("descendant_id", "ancestor_id")
    )
    nodes = {pk: Node(unit) for pk, unit in units.items()}
    for row in rows:
        if row.unit_id in nodes:
            nodes[row.unit_id].submission = row
    for pk, node in nodes.items():
        parent = parent_of.get(pk)
        if pk != request.unit_id and parent in nodes:
            nodes[parent].children.append(node)
    for row in rows:  # count each recipient on its branch up to the issuer
        pk = row.unit_id
        seen = set()
        while pk in nodes and pk not in seen:
            seen.add(pk)
            nodes[pk].counts[row.state] += 1
            pk = parent_of.get(pk)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.unit.name)
    root = nodes[request.unit_id]
    return root


def forms_due(user, *, units=None, today: date | None = None, done_limit: int = 20):
    """What the user's own units (where they hold a role today) must hand in: not accepted
    yet, overdue first then by deadline, and the latest accepted. The units below them are
    not in it: what they owe is the completeness of each request. `units` narrows it."""
    today = today or timezone.localdate()
    own = Membership.objects.active().filter(user=user).values("unit_id")
    mine = Submission.objects.visible_to(user).filter(unit_id__in=own)
    if units is not None:
        mine = mine.filter(unit__in=units)
    mine = mine.select_related("request", "request__unit", "unit")
    open_ = list(mine.exclude(status=Status.ACCEPTED).order_by("deadline", "pk")[:500])
    for row in open_:
        row.state = row.timeliness(today)
        row.overdue = row.status in WAITING and row.deadline < today
    open_.sort(key=lambda r: (not r.overdue, r.deadline, r.pk))
    done = list(mine.filter(status=Status.ACCEPTED).order_by("-decided_at")[:done_limit])
    return open_, done


# --- Consolidation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    reporters: int


@dataclass
class Consolidated:
    request: Request
    restated: bool
    on: date  # the day whose hierarchy placed the units
    top: OrgUnit  # the issuing unit, or the unit carrying it today when restated
    rows: list[OrgUnit]  # the units the table is broken down by (the top's children)
    cells: dict  # (indicator_id, row unit id) -> Cell
    totals: dict  # indicator_id -> Cell
    indicators: list[Indicator]
    outside: int = 0  # figures of units that are in no row (moved out of the issuer's subtree)


def _in(name: str, ids) -> tuple[str, dict]:
    keys = {f"{name}{i}": pk for i, pk in enumerate(ids)}
    return "(" + ", ".join(f"%({key})s" for key in keys) + ")" if keys else "(NULL)", keys


def _placed_sql(restated: bool) -> str:
    """CTEs `counted(unit_id, revision_id)` (the accepted revisions) and `placed(row_id,
    unit_id, revision_id)`; a figure of theirs is counted when `SUPERSEDED` is false."""
    closure, lineage = Closure._meta.db_table, Lineage._meta.db_table
    submission = Submission._meta.db_table
    counted = f"""
        counted(unit_id, revision_id) AS (
            SELECT s.unit_id, s.accepted_id FROM {submission} s
            WHERE s.request_id = %(request)s AND s.accepted_id IS NOT NULL
        )"""  # noqa: S608 - table names from the models; every value is a parameter
    if restated:
        return f"""{counted},
        fwd(origin, unit_id) AS (
            SELECT unit_id, unit_id FROM counted
            UNION
            SELECT fwd.origin, l.successor_id FROM {lineage} l JOIN fwd
              ON l.predecessor_id = fwd.unit_id
            WHERE l.successor_id IS NOT NULL AND l.effective_on <= %(on)s
        ),
        placed(row_id, unit_id, revision_id) AS (
            SELECT DISTINCT c.ancestor_id, k.unit_id, k.revision_id
            FROM counted k JOIN fwd ON fwd.origin = k.unit_id
            JOIN {closure} c ON c.descendant_id = fwd.unit_id
             AND c.valid_from <= %(on)s AND c.valid_to > %(on)s
            WHERE c.ancestor_id IN {{rows}}
        )"""  # noqa: S608
    return f"""{counted},
        placed(row_id, unit_id, revision_id) AS (
            SELECT c.ancestor_id, k.unit_id, k.revision_id
            FROM counted k JOIN {closure} c ON c.descendant_id = k.unit_id
             AND c.valid_from <= %(on)s AND c.valid_to > %(on)s
            WHERE c.ancestor_id IN {{rows}}
        )"""  # noqa: S608


def _superseded() -> str:
    """True for the figure `v` of the unit `p.unit_id` when a unit above it (at the period's
    end) handed in an accepted figure of the same indicator: a district's total supersedes its
    communes', indicator by indicator (an indicator the district left blank keeps theirs)."""
    closure, value = Closure._meta.db_table, Value._meta.db_table
    return f"""EXISTS (
            SELECT 1 FROM {closure} x JOIN counted b ON b.unit_id = x.ancestor_id
            JOIN {value} vb ON vb.revision_id = b.revision_id AND vb.indicator_id = v.indicator_id
            WHERE x.descendant_id = p.unit_id AND x.depth > 0
              AND x.valid_from <= %(last_day)s AND x.valid_to > %(last_day)s
        )"""  # noqa: S608 - table names from the models


def _top(request: Request, restated: bool, today: date) -> OrgUnit:
    if not restated or request.unit.valid_to is None or request.unit.valid_to > today:
        return request.unit
    carriers = list(org.successors(request.unit, as_of=today))
    return carriers[0] if carriers else request.unit


FIGURE = Decimal("0.0001")  # the precision figures are stored with (Value.value)


def _exact(number, places: Decimal = FIGURE):
    """SQLite adds decimals up in binary floating point (0,1 + 0,2 = 0,30000000000000004):
    back to the stored figures' own precision, which every sum of them has."""
    if number is None or isinstance(number, Decimal):
        return number
    if not isinstance(number, float):
        return Decimal(number)
    with localcontext(prec=60):  # a product of two figures up to 10^16 has 40 digits
        return Decimal(repr(number)).quantize(places)


def _aggregate(how: str, total, avg, low, high, weighted, weights, count) -> Decimal | None:
    total, low, high, weights = (_exact(n) for n in (total, low, high, weights))
    weighted = _exact(weighted, FIGURE * FIGURE)  # a product of two figures
    if isinstance(avg, float):  # as above: the exact sum over the count instead
        avg = total / count if count else None
    value = {
        Aggregation.SUM: total,
        Aggregation.AVERAGE: avg,
        Aggregation.MIN: low,
        Aggregation.MAX: high,
        Aggregation.WEIGHTED_AVERAGE: (weighted / weights) if weights else None,
        Aggregation.NONE: None,
    }[Aggregation(how)]
    if value is not None and not isinstance(value, Decimal):
        value = Decimal(str(value))
    return value


def indicators_of(request: Request) -> list[Indicator]:
    seen: dict[int, Indicator] = {}
    for section in request.template.sections.filter(kind=SectionKind.INDICATORS).order_by(
        "position"
    ):
        for indicator in section.indicators.order_by("code"):
            seen.setdefault(indicator.pk, indicator)
    return list(seen.values())


def consolidate(request: Request, *, restated: bool = False, today: date | None = None):
    """Every indicator of the request aggregated by the top unit's children and in total:
    two statements whatever the number of units and indicators."""
    today = today or timezone.localdate()
    last_day = request.period_end - timedelta(days=1)
    on = today if restated else last_day
    top = _top(request, restated, today)
    rows = list(org.children(top, as_of=on).order_by("name"))
    indicators = indicators_of(request)
    row_sql, params = _in("row", [top.pk, *[u.pk for u in rows]])
    params |= {"request": request.pk, "on": on, "last_day": last_day}
    value, indicator = Value._meta.db_table, Indicator._meta.db_table
    figures = f"""
        SELECT v.indicator_id, {{key}}, SUM(v.value), AVG(v.value), MIN(v.value), MAX(v.value),
               SUM(v.value * w.value), SUM(w.value), COUNT(*)
        FROM {{source}} p JOIN {value} v ON v.revision_id = p.revision_id
        JOIN {indicator} i ON i.id = v.indicator_id
        LEFT JOIN {value} w ON w.revision_id = v.revision_id AND w.indicator_id = i.weight_id
        WHERE NOT {_superseded()}
        GROUP BY v.indicator_id{{group}}
    """  # noqa: S608
    by_row = figures.format(key="p.row_id", source="placed", group=", p.row_id")
    # The total counts each figure once: under the top (restated, a unit may reach it twice
    # through a split, so DISTINCT), or, for a unit outside every row, once all the same.
    total = figures.format(
        key="NULL", source="(SELECT DISTINCT unit_id, revision_id FROM counted)", group=""
    )
    ctes = _placed_sql(restated).replace("{rows}", row_sql)
    how = {i.pk: i.aggregation for i in indicators}
    cells, totals = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(f"WITH RECURSIVE {ctes} {by_row}", params)
        for indicator_id, row_id, *numbers, count in cursor.fetchall():
            if indicator_id in how:
                value = _aggregate(how[indicator_id], *numbers, count)
                cells[(indicator_id, row_id)] = Cell(value, count)
        cursor.execute(f"WITH RECURSIVE {ctes} {total}", params)
        for indicator_id, _key, *numbers, count in cursor.fetchall():
            if indicator_id in how:
                totals[indicator_id] = Cell(_aggregate(how[indicator_id], *numbers, count), count)
    # Not added up: each row unit's own accepted figure, and the top's own as the total (as
    # plans' rollup does), not the count of every figure under it.
    alone = [pk for pk, aggregation in how.items() if aggregation == Aggregation.NONE]
    if alone:
        cells = {key: cell for key, cell in cells.items() if key[0] not in alone}
        own = Value.objects.filter(
            indicator_id__in=alone,
            revision__submission__request=request,
            revision__submission__accepted_id=F("revision_id"),
            revision__submission__unit_id__in=[top.pk, *[u.pk for u in rows]],
        ).values_list("indicator_id", "revision__submission__unit_id", "value")
        for indicator_id, unit_id, figure in own:
            cells[(indicator_id, unit_id)] = Cell(figure, 1)
        for pk in alone:
            totals[pk] = cells.get((pk, top.pk), Cell(None, 0))
    return Consolidated(request, restated, on, top, rows, cells, totals, indicators)


@dataclass(frozen=True)
class Source:
    submission: Submission
    value: Decimal


def sources(
    request: Request,
    indicator: Indicator,
    *,
    row: OrgUnit | None = None,
    restated: bool = False,
    today: date | None = None,
) -> list[Source]:
    """The accepted figures one consolidated number is made of: the figures counted under
    `row` (a child of the top unit), or in the total."""
    today = today or timezone.localdate()
    last_day = request.period_end - timedelta(days=1)
    on = today if restated else last_day
    top = _top(request, restated, today)
    ids = (
        [row.pk]
        if row is not None
        else [top.pk, *org.children(top, as_of=on).values_list("pk", flat=True)]
    )
    row_sql, params = _in("row", ids)
    params |= {"request": request.pk, "on": on, "last_day": last_day}
    ctes = _placed_sql(restated).replace("{rows}", row_sql)
    source = "placed" if row is not None else "counted"
    params["indicator"] = indicator.pk
    sql = f"""WITH RECURSIVE {ctes}
        SELECT DISTINCT v.id FROM {source} p JOIN {Value._meta.db_table} v
          ON v.revision_id = p.revision_id AND v.indicator_id = %(indicator)s
        WHERE NOT {_superseded()}"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [pk for (pk,) in cursor.fetchall()]
    found = (
        Value.objects.filter(pk__in=ids)
        .select_related("revision__submission__unit")
        .order_by("revision__submission__unit__name")
    )
    return [Source(v.revision.submission, v.value) for v in found]


def narratives(request: Request, *, restated: bool = False, today: date | None = None):
    """The accepted texts of each narrative section, by reporting unit's name: one query."""
    found = (
        Narrative.objects.filter(
            revision__submission__request=request,
            revision__submission__accepted_id=F("revision_id"),
        )
        .exclude(text="")
        .select_related("revision__submission__unit")
        .order_by("section__position", "revision__submission__unit__name")
    )
    by_section: dict[int, list[Narrative]] = {}
    for narrative in found:
        by_section.setdefault(narrative.section_id, []).append(narrative)
    return by_section


# --- Revisions --------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: str
    new: str
    pieces: list | None = None  # a narrative's word diff


def content(revision: Revision) -> tuple[dict[int, Decimal], dict[int, str]]:
    values = dict(revision.values.values_list("indicator_id", "value"))
    texts = dict(revision.narratives.values_list("section_id", "text"))
    return values, texts


def diff(old: Revision | None, new: Revision) -> list[Change]:
    """What changed from one revision to another: each indicator's value and each section's
    text, in the template's order."""
    from lamtheo.vn.numbers import format_number

    request = new.submission.request
    old_values, old_texts = content(old) if old else ({}, {})
    new_values, new_texts = content(new)
    changes = []
    for section in request.template.sections.order_by("position").prefetch_related("indicators"):
        if section.kind == SectionKind.INDICATORS:
            for indicator in section.indicators.all():
                a, b = old_values.get(indicator.pk), new_values.get(indicator.pk)
                if a != b:
                    changes.append(
                        Change(
                            indicator.name,
                            "" if a is None else format_number(a.normalize()),
                            "" if b is None else format_number(b.normalize()),
                        )
                    )
        elif section.kind == SectionKind.NARRATIVE:
            a, b = old_texts.get(section.pk, ""), new_texts.get(section.pk, "")
            if a != b:
                changes.append(Change(section.title, a, b, domain.text_diff(a, b)))
    return changes


def visible_requests(user):
    """Requests the user's units issued or received."""
    return Request.objects.filter(
        Q(pk__in=Request.objects.visible_to(user).values("pk"))
        | Q(pk__in=Submission.objects.visible_to(user).values("request_id"))
    )
