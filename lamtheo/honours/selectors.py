"""Reads of the honours area for its pages, its API and other areas (reporting): the statistics
rolled up through the hierarchy, and likely duplicates.

`stats` is one SQL statement for the rows and one for the total. As it stood, a case counts
under the units above its own unit on 31/12 of its year (or on the day asked for); restated,
its unit is followed through lineage to the units that carry it today (or on the day asked
for) and counted under that day's hierarchy, once even when a split sends it to several.
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
    unit_of = "fwd.unit_id" if restated else "k.unit_id"
    top = (
        f"""COALESCE((
            SELECT t.ancestor_id FROM {closure} t JOIN {closure} ch
              ON ch.descendant_id = t.ancestor_id AND ch.ancestor_id = %(unit)s AND ch.depth = 1
             AND ch.valid_from <= {day} AND ch.valid_to > {day}
            WHERE t.descendant_id = {unit_of} AND t.valid_from <= {day} AND t.valid_to > {day}
            LIMIT 1), %(unit)s)"""  # noqa: S608
        if by == By.UNIT
        else "0"
    )
    if restated:
        inside = f"""
            fwd(case_id, unit_id) AS (
                SELECT k.id, k.unit_id FROM {case} k WHERE {filters}
                UNION
                SELECT fwd.case_id, l.successor_id FROM {lineage} l JOIN fwd
                  ON l.predecessor_id = fwd.unit_id
                WHERE l.successor_id IS NOT NULL AND l.effective_on <= %(on)s
            ),
            inside(case_id, top) AS (
                SELECT DISTINCT fwd.case_id, {top} FROM fwd JOIN {closure} c
                  ON c.descendant_id = fwd.unit_id AND c.ancestor_id = %(unit)s
                 AND c.valid_from <= %(on)s AND c.valid_to > %(on)s
            )"""  # noqa: S608
    else:
        inside = f"""
            inside(case_id, top) AS (
                SELECT k.id, {top} FROM {case} k JOIN {closure} c
                  ON c.descendant_id = k.unit_id AND c.ancestor_id = %(unit)s
                 AND c.valid_from <= {day} AND c.valid_to > {day}
                WHERE {filters}
            )"""  # noqa: S608
    key = {
        None: "NULL",
        By.FIELD: "k.field_id",
        By.YEAR: "k.year",
        By.KIND: "k.kind",
        By.UNIT: "i.top",
        By.FORM: "cm.form_id",
        By.LEVEL: "cm.level",
    }[by]
    join = "JOIN" if by in (By.FORM, By.LEVEL) else "LEFT JOIN"
    group = "" if by is None else f"GROUP BY {key}"
    # Table names come from the models; every value is a parameter.
    return f"""
        WITH RECURSIVE {inside}
        SELECT {key}, COUNT(DISTINCT k.id),
               COUNT(DISTINCT CASE WHEN k.kind = '{Kind.COLLECTIVE}' THEN k.id END),
               COUNT(DISTINCT CASE WHEN k.kind = '{Kind.INDIVIDUAL}' THEN k.id END),
               COUNT(DISTINCT cm.id)
        FROM inside i JOIN {case} k ON k.id = i.case_id
        {join} {commendation} cm ON cm.case_id = k.id
        {group}
    """  # noqa: S608


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
