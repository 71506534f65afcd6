"""Reads of the honours area for its pages, its API and other areas (reporting): the statistics
rolled up through the hierarchy, and likely duplicates.

`stats` is one SQL statement for the rows, and one more for the total where a case may be in
several rows (by form or level, by unit restated). As it stood, a case counts under the units
above its own unit on 31/12 of its year (or on the day asked for); restated, its unit is
followed through lineage to the units that carry it today (or on the day asked for) and counted
under that day's hierarchy, once even when a split sends it to several. docs/benchmarks.md has
how long they take over 400,000 cases.
"""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from lamtheo.org.models import Closure, Lineage, OrgUnit

from . import domain
from .domain import By, Status
from .models import Case, Commendation, Field, Form, Kind, Level

# Which cases a statistic counts.
COUNTING = {
    "commended": (Status.COMMENDED, Status.REPLICATED),  # được biểu dương, khen thưởng
    "verified": (Status.VERIFIED, Status.COMMENDED, Status.REPLICATED),
    "replicated": (Status.REPLICATED,),
    "all": (Status.PROPOSED, Status.VERIFIED, Status.COMMENDED, Status.REPLICATED),
}


@dataclass(frozen=True)
class Row:
    key: object  # a field's or form's id, a year, a kind, a level, a unit's id; None: total
    label: str
    cases: int
    collective: int
    individual: int
    commendations: int


@dataclass(frozen=True)
class Stats:
    unit: OrgUnit
    year_from: int
    year_to: int
    by: By
    counting: str
    restated: bool
    as_of: date | None  # None: each case under the hierarchy of the end of its year
    rows: list[Row]
    total: Row


def _in(name: str, values) -> tuple[str, dict]:
    keys = {f"{name}{i}": value for i, value in enumerate(values)}
    return "(" + ", ".join(f"%({key})s" for key in keys) + ")", keys


def _sql(*, by: By | None, restated: bool, fixed_day: bool, field: bool) -> str:
    case, closure = Case._meta.db_table, Closure._meta.db_table
    lineage, commendation = Lineage._meta.db_table, Commendation._meta.db_table
    filters = "k.status IN {statuses} AND k.year >= %(year_from)s AND k.year <= %(year_to)s" + (
        " AND k.field_id = %(field)s" if field else ""
    )
    # The day whose hierarchy counts: the day asked for, or the end of the case's year.
    day = "%(on)s" if restated or fixed_day else "k.year_end"
    # The unit counted (the case's own, or where lineage took it) is `depth` below the one asked
    # about; the unit directly under that one is its ancestor one level less deep (one parent
    # at a time: org.domain.check_parent_edge), found through the closure's descendant index.
    # A case of the unit itself counts under it.
    below, depth = ("b.reached_id", "b.depth") if restated else ("k.unit_id", "c.depth")
    top = (
        f"""COALESCE((
            SELECT t.ancestor_id FROM {closure} t
            WHERE t.descendant_id = {below} AND t.depth = {depth} - 1
              AND t.valid_from <= {day} AND t.valid_to > {day}
            LIMIT 1), %(unit)s)"""  # noqa: S608
        if by == By.UNIT
        else "0"
    )
    columns = f"k.id, {'r.top' if restated else top}, k.field_id, k.kind, k.year"
    if restated:
        # From the units under the one asked about on the day back through lineage to the
        # units whose records they carry: the cases of those, not every case of the years. The
        # recursion is over lineage alone, so that the planner sees how few units it adds. Each
        # unit is taken once (once under each top, by unit: a split may send its records under
        # several), so that each case is once in `inside`.
        under = f"""SELECT c.descendant_id AS unit_id, c.descendant_id AS reached_id, c.depth
            FROM {closure} c
            WHERE c.ancestor_id = %(unit)s AND c.valid_from <= %(on)s AND c.valid_to > %(on)s"""  # noqa: S608
        inside = f"""
            back(unit_id, reached_id, depth) AS (
                SELECT l.predecessor_id, u.reached_id, u.depth FROM {lineage} l JOIN ({under}) u
                  ON l.successor_id = u.unit_id
                WHERE l.effective_on <= %(on)s
                UNION
                SELECT l.predecessor_id, back.reached_id, back.depth FROM {lineage} l JOIN back
                  ON l.successor_id = back.unit_id
                WHERE l.effective_on <= %(on)s
            ),
            reached(unit_id, top) AS (
                SELECT b.unit_id, {top} FROM ({under}) b
                UNION
                SELECT b.unit_id, {top} FROM back b
            ),
            inside(case_id, top, field_id, kind, year) AS (
                SELECT {columns} FROM reached r JOIN {case} k ON k.unit_id = r.unit_id
                WHERE {filters}
            )"""  # noqa: S608
    else:
        # One row per case: a unit is under another through one closure row on a given day.
        inside = f"""
            inside(case_id, top, field_id, kind, year) AS (
                SELECT {columns} FROM {case} k JOIN {closure} c
                  ON c.descendant_id = k.unit_id AND c.ancestor_id = %(unit)s
                 AND c.valid_from <= {day} AND c.valid_to > {day}
                WHERE {filters}
            )"""  # noqa: S608
    collective, individual = (
        f"CASE WHEN i.kind = '{kind}' THEN i.case_id END"
        for kind in (Kind.COLLECTIVE, Kind.INDIVIDUAL)
    )
    # Table names come from the models; every value is a parameter.
    if by in (By.FORM, By.LEVEL):  # a case counts in each row it has a commendation in
        key = "cm.form_id" if by == By.FORM else "cm.level"
        return f"""
            WITH RECURSIVE {inside}
            SELECT {key}, COUNT(DISTINCT i.case_id), COUNT(DISTINCT {collective}),
                   COUNT(DISTINCT {individual}), COUNT(*)
            FROM inside i JOIN {commendation} cm ON cm.case_id = i.case_id
            GROUP BY {key}
        """  # noqa: S608
    # Each case is once in `inside` (once under each unit, by unit), so each commendation is
    # once in its join with them: the cases are counted in `inside`, their commendations in
    # the join, two plain aggregates rather than DISTINCT over one row per commendation.
    key = {None: "NULL", By.FIELD: "i.field_id", By.YEAR: "i.year", By.KIND: "i.kind"}.get(
        by, "i.top"
    )
    group = "" if by is None else f"GROUP BY {key}"
    joined = "CROSS JOIN held h" if by is None else "LEFT JOIN held h ON h.key = c.key"
    return f"""
        WITH RECURSIVE {inside},
        counted(key, cases, collective, individual) AS (
            SELECT {key}, COUNT(*), COUNT({collective}), COUNT({individual}) FROM inside i
            {group}
        ),
        held(key, commendations) AS (
            SELECT {key}, COUNT(*) FROM inside i JOIN {commendation} cm ON cm.case_id = i.case_id
            {group}
        )
        SELECT c.key, c.cases, c.collective, c.individual, COALESCE(h.commendations, 0)
        FROM counted c {joined}
    """  # noqa: S608


# Groupings by what a case has one of (its field, year, kind; as it stood, the unit it was
# under): each case is in exactly one row.
_PARTITIONS = (By.FIELD, By.YEAR, By.KIND, By.UNIT)


def _labels(by: By, keys: list) -> dict:
    if by == By.FIELD:
        return dict(Field.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == By.FORM:
        return dict(Form.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == By.UNIT:
        return dict(OrgUnit.objects.filter(pk__in=keys).values_list("pk", "name"))
    if by == By.KIND:
        return {k: str(Kind(k).label) for k in keys if k in Kind.values}
    if by == By.LEVEL:
        return {k: str(Level(k).label) for k in keys if k in Level.values}
    return {k: str(k) for k in keys}


def _order(by: By):
    if by == By.FIELD:
        order = {pk: i for i, pk in enumerate(Field.objects.values_list("pk", flat=True))}
        return lambda row: order.get(row.key, len(order))
    if by == By.FORM:
        order = {pk: i for i, pk in enumerate(Form.objects.values_list("pk", flat=True))}
        return lambda row: order.get(row.key, len(order))
    if by == By.UNIT:
        return lambda row: row.label
    if by == By.KIND:
        return lambda row: Kind.values.index(row.key) if row.key in Kind.values else 9
    if by == By.LEVEL:
        return lambda row: Level.values.index(row.key) if row.key in Level.values else 9
    return lambda row: row.key


def stats(
    unit: OrgUnit,
    *,
    year_from: int,
    year_to: int,
    by: By = By.FIELD,
    counting: str = "commended",
    as_of: date | None = None,
    restated: bool = False,
    field: Field | None = None,
    today: date | None = None,
) -> Stats:
    """The cases of the unit's subtree from `year_from` to `year_to`, grouped `by`, with how
    many are collective and individual and how many commendations they hold. By form or level
    of commendation, a case counts in each row it has a commendation in."""
    by = By(by)
    statuses, params = _in("status", [str(s) for s in COUNTING[counting]])
    on = as_of or (today or timezone.localdate())
    params |= {
        "unit": unit.pk,
        "year_from": year_from,
        "year_to": year_to,
        "on": on,
        "field": field.pk if field else None,
    }
    shape = {"restated": restated, "fixed_day": as_of is not None, "field": field is not None}
    with connection.cursor() as cursor:
        cursor.execute(_sql(by=by, **shape).replace("{statuses}", statuses), params)
        found = cursor.fetchall()
        if by in _PARTITIONS and not (by == By.UNIT and restated):
            # Each case is in one row: the total is the rows added up.
            total = [sum(row[i] for row in found) for i in range(1, 5)]
        else:  # by form or level a case is in a row per commendation; restated, a split
            # sends it under several units: counted once in the total
            cursor.execute(_sql(by=None, **shape).replace("{statuses}", statuses), params)
            _, *total = cursor.fetchone()
    labels = _labels(by, [row[0] for row in found])
    rows = [Row(key, labels.get(key, str(key)), *counts) for key, *counts in found]
    rows.sort(key=_order(by))
    return Stats(
        unit=unit,
        year_from=year_from,
        year_to=year_to,
        by=by,
        counting=counting,
        restated=restated,
        as_of=on if restated or as_of else None,
        rows=rows,
        total=Row(None, "", *total),
    )


def likely_duplicates(case: Case, user) -> list[Case]:
    """Cases the user may see with the same honoree (folded) in the same field: another year,
    another unit, or recorded twice."""
    return list(
        Case.objects.visible_to(user)
        .filter(name_key=domain.name_key(case.name), field_id=case.field_id)
        .exclude(pk=case.pk)
        .select_related("unit", "field")
        .order_by("-year")[:20]
    )
