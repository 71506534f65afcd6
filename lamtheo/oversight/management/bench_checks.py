"""The checks `lamtheo bench-oversight` makes before timing: what it bulk-wrote looks like what
the services write, and the ranking adds up to the score rows summed in Python."""

from collections import Counter
from decimal import Decimal

from django.core.management.base import CommandError

from lamtheo.oversight import domain, selectors
from lamtheo.oversight.models import FixState, Recommendation, Round, Score


def _sheet(e) -> tuple:
    scores = e.scores.all()
    return (
        e.status,
        e.version,
        bool(e.grade),
        e.submitted_at is None,
        e.decided_at is None,
        e.decided_by_id is None,
        scores.count(),
        scores.filter(self_points__isnull=True).count(),
        scores.exclude(evidence="").count(),
        scores.filter(review_points__isnull=False, reviewed_by__isnull=True).count(),
    )


def _advice(r) -> tuple:
    return (r.state, r.version, r.province_code, r.fixed_on, r.confirmed_by_id, r.position > 0)


def same_shape(round_: Round, *, sheets, recommendations, leave_out: int, mark: str) -> None:
    """The sheets (ids) scored and accepted through the services and a sample of the others hold
    the same fields, status and version, and as many scores; likewise the recommendations made
    through the services and a sample of the open ones bulk-written."""
    found = round_.evaluations.exclude(pk=leave_out)
    made = {_sheet(e) for e in found.filter(pk__in=sheets)}
    written = {_sheet(e) for e in found.exclude(pk__in=sheets).order_by("?")[:5]}
    ours = Recommendation.objects.filter(inspection__title__endswith=mark)
    by_services = {_advice(r) for r in ours.filter(pk__in=recommendations)}
    bulk_open = {
        _advice(r) for r in ours.exclude(pk__in=recommendations).filter(state=FixState.OPEN)[:5]
    }
    if len(made) != 1 or written != made or len(by_services) != 1 or bulk_open != by_services:
        raise CommandError(
            f"bulk-written records differ from those made through the services: sheets "
            f"{sorted(made)} / {sorted(written)}; recommendations {by_services} / {bulk_open}"
        )


def ranking_adds_up(round_: Round) -> str:
    """Every ranked total, rank and grade, the distribution and the breaches, from the score
    rows summed in Python (the reviewer's points where given, else the unit's); what was
    checked, in words."""
    sums: dict[int, Decimal] = {}
    rows = Score.objects.filter(evaluation__round=round_).values_list(
        "evaluation_id", "self_points", "review_points"
    )
    for evaluation_id, own, review in rows:
        sums[evaluation_id] = sums.get(evaluation_id, Decimal(0)) + (
            own if review is None else review
        )
    sheets = {e.pk: e for e in round_.evaluations.all()}
    ranking = selectors.ranking(round_)
    scale = round_.domain_scale
    ranks = domain.rank(sums)
    grades = {
        pk: domain.classify(total, scale, frozenset(sheets[pk].conditions))
        for pk, total in sums.items()
    }
    for row in ranking.rows:
        pk = row.evaluation.pk
        if (row.total, row.rank, row.grade) != (sums[pk], ranks[pk], grades[pk].value):
            raise CommandError(
                f"ranking of sheet {pk}: {row.total}, rank {row.rank}, {row.grade} where the "
                f"scores give {sums[pk]}, rank {ranks[pk]}, {grades[pk].value}"
            )
    counted = Counter(g.value for g in grades.values())
    expected = {g: counted.get(g, 0) for g in ranking.distribution}
    breaches = domain.quota_breaches(list(grades.values()), scale)
    if len(ranking.rows) != len(sums) or ranking.distribution != expected:
        raise CommandError(f"ranking: {len(ranking.rows)} rows, {ranking.distribution}")
    if ranking.breaches != breaches:
        raise CommandError(f"ranking: breaches {ranking.breaches} where {breaches}")
    shown = ", ".join(f"{k} {v}" for k, v in ranking.distribution.items())
    breached = "; ".join(f"{b.grade} {b.count} > {b.allowed}" for b in breaches)
    return (
        f"checked against the same sums in Python: {len(sums)} totals, ranks and grades "
        f"({len(set(ranks.values()))} distinct ranks; {shown}; quota breached: "
        f"{breached or 'none'}); the sheets and recommendations made through the services hold "
        "the same fields as the bulk-written ones"
    )
