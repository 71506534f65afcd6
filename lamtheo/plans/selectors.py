"""Roll-ups of an indicator through the hierarchy, for other areas (reporting) and the pages.

One SQL statement per roll-up. The units counted are the reporters inside the unit's subtree,
where a reported total supersedes its parts: a figure is left out when a unit above it (as the
hierarchy stood at the period's end) and inside the same subtree reported one too. Restated,
each reporter is followed through lineage to the units that carry its data today, and counted
under today's hierarchy; a split unit's figure counts once under any unit holding one of its
parts (it is not divided).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from lamtheo.org.models import Closure, Lineage, OrgUnit

from . import domain
from .domain import Aggregation
from .models import (
    Cascade,
    CascadeItem,
    Commitment,
    Focus,
    Indicator,
    Measurement,
    Programme,
    Target,
    Task,
)
from .services import period_of

_AGGREGATES = {
    Aggregation.SUM: "SUM(m.value)",
    Aggregation.AVERAGE: "AVG(m.value)",
    Aggregation.MIN: "MIN(m.value)",
    Aggregation.MAX: "MAX(m.value)",
    Aggregation.WEIGHTED_AVERAGE: "SUM(m.value * w.value) / NULLIF(SUM(w.value), 0)",
}


@dataclass(frozen=True)
class Rollup:
    value: Decimal | None
    reporters: int  # the units whose figures were counted
    as_of: date  # the day whose hierarchy was used


def rollup(
    indicator: Indicator, unit: OrgUnit, period: str, *, restated: bool = False, today=None
) -> Rollup:
    span = period_of(period)
    last_day = span.end - timedelta(days=1)
    today = today or timezone.localdate()
    on = today if restated else last_day
    closure, lineage = Closure._meta.db_table, Lineage._meta.db_table
    measurement = Measurement._meta.db_table
    if indicator.aggregation == Aggregation.NONE:
        own = Measurement.objects.filter(indicator=indicator, unit=unit, period=span.code).first()
        return Rollup(own.value if own else None, 1 if own else 0, on)
    # Table names come from the models; every value is a parameter.
    if restated:
        inside = f"""
            fwd(origin, unit_id) AS (
                SELECT unit_id, unit_id FROM {measurement}
                WHERE indicator_id = %(indicator)s AND period = %(period)s
                UNION
                SELECT fwd.origin, l.successor_id FROM {lineage} l JOIN fwd
                  ON l.predecessor_id = fwd.unit_id
                WHERE l.successor_id IS NOT NULL AND l.effective_on <= %(on)s
            ),
            inside(unit_id) AS (
                SELECT DISTINCT fwd.origin FROM fwd JOIN {closure} c
                  ON c.descendant_id = fwd.unit_id AND c.ancestor_id = %(unit)s
                 AND c.valid_from <= %(on)s AND c.valid_to > %(on)s
            )"""  # noqa: S608
    else:
        inside = f"""
            inside(unit_id) AS (
                SELECT c.descendant_id FROM {closure} c
                WHERE c.ancestor_id = %(unit)s AND c.valid_from <= %(on)s AND c.valid_to > %(on)s
            )"""  # noqa: S608
    weight = (
        f"LEFT JOIN {measurement} w ON w.unit_id = m.unit_id AND w.period = %(period)s "
        "AND w.indicator_id = %(weight)s"
        if indicator.aggregation == Aggregation.WEIGHTED_AVERAGE
        else ""
    )
    # `reported`: the figures inside, read once. One is left out when a unit above it at the
    # period's end reported one too (both inside): an anti-join over each figure's few
    # ancestors (NOT IN would compare each figure with every unit under a reported one).
    sql = f"""
        WITH RECURSIVE {inside},
        reported(unit_id, value) AS MATERIALIZED (
            SELECT m.unit_id, m.value FROM {measurement} m
            WHERE m.indicator_id = %(indicator)s AND m.period = %(period)s
              AND m.unit_id IN (SELECT unit_id FROM inside)
        )
        SELECT {_AGGREGATES[Aggregation(indicator.aggregation)]}, COUNT(*)
        FROM reported m {weight}
        WHERE NOT EXISTS (
            SELECT 1 FROM {closure} a JOIN {measurement} above
              ON above.unit_id = a.ancestor_id AND above.indicator_id = %(indicator)s
             AND above.period = %(period)s
            WHERE a.descendant_id = m.unit_id AND a.depth > 0
              AND a.valid_from <= %(last_day)s AND a.valid_to > %(last_day)s
              AND a.ancestor_id IN (SELECT unit_id FROM reported)
        )
    """  # noqa: S608
    params = {
        "indicator": indicator.pk,
        "period": span.code,
        "unit": unit.pk,
        "on": on,
        "last_day": last_day,
        "weight": indicator.weight_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        value, count = cursor.fetchone()
    if value is not None and not isinstance(value, Decimal):
        value = Decimal(str(value))
    return Rollup(value, count, on)


def _in(name: str, ids: list[int]) -> tuple[str, dict]:
    """`(%(name0)s, %(name1)s, ...)` and its parameters."""
    keys = {f"{name}{i}": pk for i, pk in enumerate(ids)}
    return "(" + ", ".join(f"%({key})s" for key in keys) + ")", keys


def rollups(
    indicator: Indicator,
    units: list[OrgUnit],
    period: str,
    *,
    restated: bool = False,
    today=None,
) -> dict[int, Rollup]:
    """`rollup` for many units at once (the rows of a targets table: the children of a unit),
    in one statement grouped by unit. Units without any figure are absent from the answer."""
    if not units:
        return {}
    span = period_of(period)
    last_day = span.end - timedelta(days=1)
    today = today or timezone.localdate()
    on = today if restated else last_day
    ids = [unit.pk for unit in units]
    if indicator.aggregation == Aggregation.NONE:
        own = Measurement.objects.filter(indicator=indicator, unit_id__in=ids, period=span.code)
        return {m.unit_id: Rollup(m.value, 1, on) for m in own}
    closure, lineage = Closure._meta.db_table, Lineage._meta.db_table
    measurement = Measurement._meta.db_table
    tops, params = _in("top", ids)
    if restated:
        inside = f"""
            fwd(origin, unit_id) AS (
                SELECT unit_id, unit_id FROM {measurement}
                WHERE indicator_id = %(indicator)s AND period = %(period)s
                UNION
                SELECT fwd.origin, l.successor_id FROM {lineage} l JOIN fwd
                  ON l.predecessor_id = fwd.unit_id
                WHERE l.successor_id IS NOT NULL AND l.effective_on <= %(on)s
            ),
            inside(top, unit_id) AS (
                SELECT DISTINCT c.ancestor_id, fwd.origin FROM fwd JOIN {closure} c
                  ON c.descendant_id = fwd.unit_id AND c.ancestor_id IN {tops}
                 AND c.valid_from <= %(on)s AND c.valid_to > %(on)s
            )"""  # noqa: S608
    else:
        inside = f"""
            inside(top, unit_id) AS (
                SELECT c.ancestor_id, c.descendant_id FROM {closure} c
                WHERE c.ancestor_id IN {tops} AND c.valid_from <= %(on)s AND c.valid_to > %(on)s
            )"""  # noqa: S608
    weight = (
        f"LEFT JOIN {measurement} w ON w.unit_id = m.unit_id AND w.period = m.period "
        "AND w.indicator_id = %(weight)s"
        if indicator.aggregation == Aggregation.WEIGHTED_AVERAGE
        else ""
    )
    sql = f"""
        WITH RECURSIVE {inside}
        SELECT i.top, {_AGGREGATES[Aggregation(indicator.aggregation)]}, COUNT(*)
        FROM {measurement} m JOIN inside i ON i.unit_id = m.unit_id {weight}
        WHERE m.indicator_id = %(indicator)s AND m.period = %(period)s
          AND NOT EXISTS (
              SELECT 1 FROM {closure} a JOIN {measurement} above
                ON above.unit_id = a.ancestor_id AND above.indicator_id = m.indicator_id
               AND above.period = m.period
              JOIN inside i2 ON i2.unit_id = a.ancestor_id AND i2.top = i.top
              WHERE a.descendant_id = m.unit_id AND a.depth > 0
                AND a.valid_from <= %(last_day)s AND a.valid_to > %(last_day)s
          )
        GROUP BY i.top
    """  # noqa: S608
    params |= {
        "indicator": indicator.pk,
        "period": span.code,
        "on": on,
        "last_day": last_day,
        "weight": indicator.weight_id,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    result = {}
    for top, value, count in found:
        if value is not None and not isinstance(value, Decimal):
            value = Decimal(str(value))
        result[top] = Rollup(value, count, on)
    return result


# --- Programmes, inbox, cascade board ---------------------------------------------------------


@dataclass
class Branch:
    """A focus programme (or the tasks under none) with its tasks and their progress."""

    focus: Focus | None
    tasks: list
    progress: Decimal | None
    counts: dict


def _counts(states) -> dict:
    counts = dict.fromkeys(domain.TaskStatus, 0)
    for state in states:
        counts[state] += 1
    return counts


def programme_tree(programme: Programme, *, user=None, today=None) -> tuple[list[Branch], Branch]:
    """The programme's focus programmes with their tasks (those `user` may see), each task's
    state of today, and the share done of each branch and of the whole: three queries."""
    today = today or timezone.localdate()
    tasks = programme.tasks.all() if user is None else Task.objects.visible_to(user)
    tasks = list(
        tasks.filter(programme=programme)
        .select_related("unit")
        .prefetch_related("partners")
        .order_by("pk")
    )
    by_focus: dict = {}
    for task in tasks:
        task.today = task.state(today)
        by_focus.setdefault(task.focus_id, []).append(task)
    branches = []
    for focus in programme.focuses.all():
        mine = by_focus.get(focus.pk, [])
        states = [t.today for t in mine]
        branches.append(Branch(focus, mine, domain.progress(states), _counts(states)))
    loose = by_focus.get(None, [])
    if loose:
        states = [t.today for t in loose]
        branches.append(Branch(None, loose, domain.progress(states), _counts(states)))
    states = [t.today for t in tasks]
    return branches, Branch(None, tasks, domain.progress(states), _counts(states))


def programme_progress(programme_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(done, all) tasks per programme, one grouped query for a list page."""
    rows = (
        Task.objects.filter(programme_id__in=programme_ids)
        .values("programme_id")
        .annotate(all=Count("pk"), done=Count("pk", filter=Q(status=Task.Status.DONE)))
    )
    return {row["programme_id"]: (row["done"], row["all"]) for row in rows}


@dataclass
class Inbox:
    unit: OrgUnit
    overdue: list
    due: list
    done: list


def inbox(unit: OrgUnit, *, today=None, done_limit: int = 50) -> Inbox:
    """What a unit has to do: its tasks and its cascade items, overdue first, then by deadline,
    and the latest done. Two queries for the open ones, two for the done."""
    today = today or timezone.localdate()
    tasks = Task.objects.filter(unit=unit).select_related("programme", "programme__unit")
    items = CascadeItem.objects.filter(unit=unit).select_related(
        "cascade", "cascade__programme", "cascade__unit", "document", "theme"
    )
    open_ = [
        *tasks.exclude(status=Task.Status.DONE),
        *items.filter(done_on__isnull=True),
    ]
    for record in open_:
        record.today = record.state(today)
        record.kind = "task" if isinstance(record, Task) else "item"
    far = date.max
    open_.sort(key=lambda r: (r.deadline or far, r.pk))
    overdue = [r for r in open_ if r.today in (domain.TaskStatus.OVERDUE, domain.ItemState.OVERDUE)]
    due = [r for r in open_ if r not in overdue]
    done = [
        *tasks.filter(status=Task.Status.DONE).order_by("-completed_on")[:done_limit],
        *items.filter(done_on__isnull=False).order_by("-done_on")[:done_limit],
    ]
    for record in done:
        record.today = record.state(today)
        record.kind = "task" if isinstance(record, Task) else "item"
        record.finished = record.completed_on if record.kind == "task" else record.done_on
    done.sort(key=lambda r: r.finished or date.min, reverse=True)
    return Inbox(unit, overdue, due, done[:done_limit])


@dataclass
class Board:
    cascade: Cascade
    items: list
    counts: dict
    done_share: Decimal | None


def board(cascade: Cascade, *, user=None, today=None) -> Board:
    """Per unit (those `user` may see): done (with what shows it), late, not yet, overdue.
    One query."""
    today = today or timezone.localdate()
    items = cascade.items.all() if user is None else CascadeItem.objects.visible_to(user)
    items = list(
        items.filter(cascade=cascade)
        .select_related("unit", "document", "theme", "done_by")
        .order_by("unit__name")
    )
    counts = dict.fromkeys(domain.ItemState, 0)
    for item in items:
        item.today = item.state(today)
        counts[item.today] += 1
    finished = counts[domain.ItemState.DONE] + counts[domain.ItemState.LATE]
    return Board(cascade, items, counts, domain.share(finished, len(items)))


def board_counts(cascade_ids: list[int], *, today=None) -> dict[int, dict]:
    """Done, overdue and all items per cascade for list pages: one grouped query."""
    today = today or timezone.localdate()
    rows = (
        CascadeItem.objects.filter(cascade_id__in=cascade_ids)
        .values("cascade_id")
        .annotate(
            all=Count("pk"),
            done=Count("pk", filter=Q(done_on__isnull=False)),
            overdue=Count("pk", filter=Q(done_on__isnull=True, deadline__lt=today)),
        )
    )
    return {row.pop("cascade_id"): row for row in rows}


# --- Targets ----------------------------------------------------------------------------------


@dataclass
class TargetRow:
    unit: OrgUnit
    figure: Rollup | None
    target: Target | None
    band: tuple | None
    status: domain.Status


def _rule(target: Target, baseline: Decimal | None) -> domain.Target:
    years = 1
    if target.kind == domain.TargetKind.GROWTH and target.baseline_period:
        years = max(
            1,
            period_of(target.period).end.year - period_of(target.baseline_period).end.year,
        )
    return domain.Target(
        domain.TargetKind(target.kind),
        target.value,
        target.value_max,
        baseline=baseline,
        years=years,
    )


def targets_table(
    indicator: Indicator, units: list[OrgUnit], period: str, *, restated: bool = False
) -> list[TargetRow]:
    """Each unit's figure for the period (rolled up), its target and the status: one roll-up
    statement for the figures, one for the baselines of growth targets, one for the targets."""
    span = period_of(period)
    figures = rollups(indicator, units, span.code, restated=restated)
    targets = {
        t.unit_id: t
        for t in Target.objects.filter(
            indicator=indicator, period=span.code, unit_id__in=[u.pk for u in units]
        )
    }
    baselines: dict[str, dict[int, Rollup]] = {}
    for base in {t.baseline_period for t in targets.values() if t.baseline_period}:
        baselines[base] = rollups(indicator, units, base, restated=restated)
    rows = []
    for unit in units:
        figure, target = figures.get(unit.pk), targets.get(unit.pk)
        band = None
        state = domain.Status.NO_DATA
        if target is not None:
            base = baselines.get(target.baseline_period, {}).get(unit.pk)
            rule = _rule(target, base.value if base else None)
            band = domain.band(rule)
            state = domain.status(
                rule, figure.value if figure else None, domain.Direction(indicator.direction)
            )
        rows.append(TargetRow(unit, figure, target, band, state))
    return rows


def series(indicator: Indicator, unit: OrgUnit, periods: list[str], *, restated: bool = False):
    """The unit's figure over periods, for the chart: one roll-up statement per period (a
    period's hierarchy is the one of its own end)."""
    return [(code, rollup(indicator, unit, code, restated=restated).value) for code in periods]


# --- Commitments ------------------------------------------------------------------------------


@dataclass
class CommitmentCounts:
    registered: int = 0
    midyear: int = 0
    yearend: int = 0
    rated: int = 0
    completing: int = 0  # rated hoàn thành or better
    excellent: int = 0

    @property
    def completion(self) -> Decimal | None:
        return domain.share(self.completing, self.rated)

    @property
    def assessed(self) -> Decimal | None:
        return domain.share(self.yearend, self.registered)


def commitment_counts(units: list[OrgUnit], year: int) -> dict[int, CommitmentCounts]:
    """For each unit, the commitments registered in its subtree as it stood at the end of the
    year, how many were self-assessed and rated, and how many completed: one statement."""
    if not units:
        return {}
    on = date(year, 12, 31)
    closure, table = Closure._meta.db_table, Commitment._meta.db_table
    tops, params = _in("top", [u.pk for u in units])
    completing = ", ".join(f"'{r.value}'" for r in domain.COMPLETING)
    sql = f"""
        SELECT c.ancestor_id, COUNT(*),
               SUM(CASE WHEN k.midyear <> '' THEN 1 ELSE 0 END),
               SUM(CASE WHEN k.yearend <> '' THEN 1 ELSE 0 END),
               SUM(CASE WHEN k.rating <> '' THEN 1 ELSE 0 END),
               SUM(CASE WHEN k.rating IN ({completing}) THEN 1 ELSE 0 END),
               SUM(CASE WHEN k.rating = '{domain.Rating.EXCELLENT.value}' THEN 1 ELSE 0 END)
        FROM {closure} c JOIN {table} k ON k.unit_id = c.descendant_id AND k.year = %(year)s
        WHERE c.ancestor_id IN {tops} AND c.valid_from <= %(on)s AND c.valid_to > %(on)s
        GROUP BY c.ancestor_id
    """  # noqa: S608 - table names and enum values from the code; every input is a parameter
    params |= {"year": year, "on": on}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: CommitmentCounts(*[int(v or 0) for v in row[1:]]) for row in cursor}
