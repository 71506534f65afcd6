"""What the oversight area's pages, API and other areas read: the inspection calendar, a unit's
recommendations to fix (its inbox) and those an inspecting unit follows (its board), a scoring
sheet's tree, and a round's ranking with its distribution and quota breaches."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from lamtheo.org.models import OrgUnit

from . import domain
from .models import (
    Criterion,
    Evaluation,
    EvaluationStatus,
    FixState,
    Grade,
    Inspection,
    Recommendation,
    Round,
)

RANKED = (EvaluationStatus.SUBMITTED, EvaluationStatus.ACCEPTED)


def calendar(inspections, year: int) -> list[tuple[int, list[Inspection]]]:
    """The year's twelve months, each with the inspections running in it (one query)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    found = list(
        inspections.filter(starts_on__lte=end, ends_on__gte=start)
        .select_related("unit")
        .order_by("starts_on", "pk")
    )
    months = []
    for month in range(1, 13):
        first = date(year, month, 1)
        last = date(year + month // 12, month % 12 + 1, 1)
        months.append((month, [i for i in found if i.starts_on < last and i.ends_on >= first]))
    return months


@dataclass
class FollowUp:
    """Recommendations grouped for an inbox or a board, overdue first. `totals` holds each
    group's full count when the lists were cut short (a board lists `limit` of each);
    `owners` the counts per owner unit, for a board."""

    overdue: list = field(default_factory=list)
    open: list = field(default_factory=list)
    reported: list = field(default_factory=list)
    fixed: list = field(default_factory=list)
    totals: dict | None = None
    owners: list = field(default_factory=list)

    @property
    def counts(self) -> dict:
        if self.totals is not None:
            return self.totals
        return {
            "overdue": len(self.overdue),
            "open": len(self.open),
            "reported": len(self.reported),
            "fixed": len(self.fixed),
        }

    @property
    def cut(self) -> bool:
        """Whether some group lists fewer records than it counts."""
        return any(len(getattr(self, key)) < n for key, n in self.counts.items())


GROUPS = ("overdue", "open", "reported", "fixed")


def _conditions(today: date) -> dict:
    """Each group as a condition, so that SQL counts and lists them as `_group` sorts them."""
    late = Q(deadline__lt=today) & ~Q(state=FixState.FIXED)
    return {
        "overdue": late,
        "open": Q(state__in=[FixState.OPEN, FixState.FIXING]) & ~late,
        "reported": Q(state=FixState.REPORTED) & ~late,
        "fixed": Q(state=FixState.FIXED),
    }


def _group(records, today: date) -> FollowUp:
    box = FollowUp()
    for record in records:
        record.is_overdue = record.overdue(today)
        if record.state == FixState.FIXED:
            box.fixed.append(record)
        elif record.is_overdue:
            box.overdue.append(record)
        elif record.state == FixState.REPORTED:
            box.reported.append(record)
        else:
            box.open.append(record)
    return box


def inbox(unit, *, today: date | None = None, fixed_limit: int = 50) -> FollowUp:
    """What `unit` must fix: its open recommendations (overdue flagged first), those it
    reported fixed, and the latest confirmed. Two queries."""
    today = today or timezone.localdate()
    base = Recommendation.objects.filter(owner=unit).select_related(
        "inspection", "inspection__unit"
    )
    records = [
        *base.exclude(state=FixState.FIXED).order_by("deadline", "pk"),
        *base.filter(state=FixState.FIXED).order_by("-fixed_on", "-pk")[:fixed_limit],
    ]
    return _group(records, today)


def board(unit, *, today: date | None = None, limit: int | None = 200) -> FollowUp:
    """The recommendations `unit` made as the inspecting unit, grouped as an inbox: each
    group's count and the counts per owner unit from one grouped query, then up to `limit`
    records of each group (None: all of them, for the download), most urgent first."""
    today = today or timezone.localdate()
    mine = Recommendation.objects.filter(inspection__unit=unit)
    conditions = _conditions(today)
    per_owner = (
        mine.values("owner_id")
        .annotate(**{key: Count("pk", filter=q) for key, q in conditions.items()})
        .order_by()
    )
    owners = {row["owner_id"]: {key: row[key] for key in GROUPS} for row in per_owner}
    totals = {key: sum(c[key] for c in owners.values()) for key in GROUPS}
    names = {u.pk: u for u in OrgUnit.objects.filter(pk__in=owners)}
    box = FollowUp(
        totals=totals,
        owners=sorted(((names[pk], c) for pk, c in owners.items()), key=lambda r: r[0].name),
    )
    base = mine.select_related("inspection", "owner")
    orders = {"fixed": ("-fixed_on", "-pk")}
    for key, q in conditions.items():
        found = base.filter(q).order_by(*orders.get(key, ("deadline", "pk")))
        records = list(found if limit is None else found[:limit])
        for record in records:
            record.is_overdue = key == "overdue"
        setattr(box, key, records)
    return box


def overdue_counts(unit_ids, *, today: date | None = None) -> dict[int, int]:
    """Overdue recommendations per owner unit: one grouped query (for dashboards)."""
    today = today or timezone.localdate()
    rows = (
        Recommendation.objects.filter(owner_id__in=unit_ids, deadline__lt=today)
        .exclude(state=FixState.FIXED)
        .values("owner_id")
        .annotate(n=Count("pk"))
    )
    return {row["owner_id"]: row["n"] for row in rows}


def inspections_held(unit_ids, start: date, end: date) -> int:
    """Inspections and supervisions of these units (as the inspecting or the inspected unit)
    that started in [start, end): one statement."""
    return (
        Inspection.objects.filter(starts_on__gte=start, starts_on__lt=end)
        .filter(Q(unit_id__in=unit_ids) | Q(targets__unit_id__in=unit_ids))
        .values("pk")
        .distinct()
        .count()
    )


@dataclass
class Row:
    criterion: Criterion
    depth: int
    score: object  # Score or None


def sheet(evaluation: Evaluation) -> list[Row]:
    """The set's criteria in order, each with its depth and this sheet's score: two queries."""
    criteria = list(
        Criterion.objects.filter(criteria_set_id=evaluation.round.criteria_set_id)
        .prefetch_related("sources")
        .order_by("position")
    )
    scores = {s.criterion_id: s for s in evaluation.scores.all()}
    return [Row(c, c.code.count("."), scores.get(c.pk)) for c in criteria]


@dataclass
class Ranked:
    evaluation: Evaluation
    rank: int
    total: Decimal
    grade: str


@dataclass
class Ranking:
    round: Round
    rows: list[Ranked]
    waiting: list[Evaluation]  # never handed in
    distribution: dict  # grade -> count
    breaches: list  # domain.Breach
    provisional: int  # ranked sheets not yet accepted


def ranking(round_: Round) -> Ranking:
    """The round's sheets handed in, highest total first (ties share a rank), their grades,
    how many had each grade, and each quota exceeded. One query for the sheets."""
    evaluations = list(
        round_.evaluations.select_related("unit").order_by("-review_total", "unit__name")
    )
    ranked = [e for e in evaluations if e.status in RANKED]
    ranks = domain.rank({e.pk: e.review_total for e in ranked})
    rows = [Ranked(e, ranks[e.pk], e.review_total, e.grade) for e in ranked]
    grades = [domain.Grade(e.grade) for e in ranked if e.grade]
    distribution = {g: sum(1 for x in grades if x == g) for g in Grade.values}
    return Ranking(
        round=round_,
        rows=rows,
        waiting=[e for e in evaluations if e.status not in RANKED],
        distribution=distribution,
        breaches=domain.quota_breaches(grades, round_.domain_scale),
        provisional=sum(1 for e in ranked if e.status != EvaluationStatus.ACCEPTED),
    )


def progress(round_: Round) -> dict:
    """Sheets per status: one grouped query."""
    counts = dict.fromkeys(EvaluationStatus.values, 0)
    for row in round_.evaluations.values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts
