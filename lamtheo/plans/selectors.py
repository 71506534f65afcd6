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
from django.utils import timezone

from lamtheo.org.models import Closure, Lineage, OrgUnit

from .domain import Aggregation
from .models import Indicator, Measurement
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
        f"LEFT JOIN {measurement} w ON w.unit_id = m.unit_id AND w.period = m.period "
        "AND w.indicator_id = %(weight)s"
        if indicator.aggregation == Aggregation.WEIGHTED_AVERAGE
        else ""
    )
    sql = f"""
        WITH RECURSIVE {inside}
        SELECT {_AGGREGATES[Aggregation(indicator.aggregation)]}, COUNT(*)
        FROM {measurement} m {weight}
        WHERE m.indicator_id = %(indicator)s AND m.period = %(period)s
          AND m.unit_id IN (SELECT unit_id FROM inside)
          AND NOT EXISTS (
              SELECT 1 FROM {closure} a JOIN {measurement} above
                ON above.unit_id = a.ancestor_id AND above.indicator_id = m.indicator_id
               AND above.period = m.period
              WHERE a.descendant_id = m.unit_id AND a.depth > 0
                AND a.valid_from <= %(last_day)s AND a.valid_to > %(last_day)s
                AND a.ancestor_id IN (SELECT unit_id FROM inside)
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
