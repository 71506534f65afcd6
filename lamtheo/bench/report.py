"""Pure helpers of the load benchmark: percentiles, locust's statistics read back, the fixed
tables `make bench` prints, and the tally that proves no submission was lost or doubled."""

import csv
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def percentile(samples: Iterable[float], q: float) -> float:
    """Nearest-rank percentile: the smallest sample with at least `q` of them at or below it.

    >>> percentile([40, 10, 30, 20], 0.5), percentile([40, 10, 30, 20], 0.95)
    (20, 40)
    >>> math.isnan(percentile([], 0.5))
    True
    """
    ordered = sorted(samples)
    if not ordered:
        return math.nan
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


@dataclass(frozen=True)
class RouteStats:
    """One line of a load table: a route (method and URL pattern) over a whole phase."""

    route: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float
    max: float

    @property
    def error_rate(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


def _number(value: str) -> float:
    return math.nan if value in ("", "N/A") else float(value)


def read_locust_stats(path: Path) -> list[RouteStats]:
    """The rows of locust's `<prefix>_stats.csv`, its "Aggregated" total last."""
    rows = []
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            route = f"{row['Type']} {row['Name']}".strip()
            rows.append(
                RouteStats(
                    route="all routes" if row["Name"] == "Aggregated" else route,
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    per_second=_number(row["Requests/s"]),
                    p50=_number(row["50%"]),
                    p95=_number(row["95%"]),
                    p99=_number(row["99%"]),
                    max=_number(row["Max Response Time"]),
                )
            )
    return rows


def _ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:,.0f}"


def route_table(rows: list[RouteStats]) -> str:
    """A fixed-width table, one line per route; milliseconds as whole numbers.

    >>> print(route_table([RouteStats("GET /", 200, 1, 6.66, 12, 40, 95.5, 120)]))
    route                                         reqs   req/s  p50 ms  p95 ms  p99 ms  max ms  errors   err %
    GET /                                          200     6.7      12      40      96     120       1    0.50
    """  # noqa: E501 - the table is wider than a line of code
    width = max([44, *(len(r.route) for r in rows)])
    lines = [
        f"{'route':<{width}}{'reqs':>6}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'max ms':>8}{'errors':>8}{'err %':>8}"
    ]
    for r in rows:
        lines.append(
            f"{r.route:<{width}}{r.requests:>6}{r.per_second:>8.1f}{_ms(r.p50):>8}"
            f"{_ms(r.p95):>8}{_ms(r.p99):>8}{_ms(r.max):>8}{r.failures:>8}"
            f"{100 * r.error_rate:>8.2f}"
        )
    return "\n".join(lines)


# --- Concurrent submissions -------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """The server's answer to one upload request (status 0: no answer at all)."""

    unit: str
    status: int
    record: str | None
    ms: float
    detail: str = ""  # the start of the body of an answer other than 200 or 201


@dataclass(frozen=True)
class Stored:
    """An attachment found in the database for a submitting unit after the run; `intact` when its
    file is on disk with exactly the bytes that unit sent."""

    unit: str
    record: str
    intact: bool


@dataclass(frozen=True)
class Tally:
    submissions: int  # units that each submitted one file (sending it more than once)
    requests: int
    created: int  # 201 answers
    deduplicated: int  # 200 answers: the same idempotency key again, the same record back
    errors: int  # any other answer, or none
    kept: int  # submissions stored exactly once, file intact
    lost: int  # submissions with no intact stored record
    doubled: int  # records beyond the first for one submission
    mismatched: int  # successful answers naming a record that is not the unit's stored one
    latencies: tuple[float, ...]

    @property
    def ok(self) -> bool:
        return (self.errors, self.lost, self.doubled, self.mismatched) == (0, 0, 0, 0) and (
            self.kept == self.submissions
        )


def tally(units: Iterable[str], answers: list[Answer], stored: list[Stored]) -> Tally:
    """Compare what the clients were told with what the database holds, unit by unit: each unit
    sent one file (twice, with one idempotency key) and must end with exactly one intact record,
    named by every successful answer it got."""
    units = list(units)
    records = defaultdict(list)
    for s in stored:
        records[s.unit].append(s)
    kept = lost = doubled = 0
    for unit in units:
        mine = records[unit]
        doubled += max(0, len(mine) - 1)
        if not any(s.intact for s in mine):
            lost += 1
        elif len(mine) == 1:
            kept += 1
    mismatched = sum(
        1
        for a in answers
        if a.status in (200, 201) and a.record not in {s.record for s in records[a.unit]}
    )
    return Tally(
        submissions=len(units),
        requests=len(answers),
        created=sum(a.status == 201 for a in answers),
        deduplicated=sum(a.status == 200 for a in answers),
        errors=sum(a.status not in (200, 201) for a in answers),
        kept=kept,
        lost=lost,
        doubled=doubled,
        mismatched=mismatched,
        latencies=tuple(a.ms for a in answers),
    )


def submission_table(t: Tally) -> str:
    """One line: what the clients were told, what the database holds, and the latencies."""
    head = (
        f"{'units':>6}{'reqs':>6}{'201 new':>9}{'200 again':>11}{'errors':>8}{'kept':>6}"
        f"{'lost':>6}{'doubled':>9}{'wrong id':>10}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'max ms':>8}"
    )
    p = [percentile(t.latencies, q) for q in (0.5, 0.95, 0.99, 1.0)]
    line = (
        f"{t.submissions:>6}{t.requests:>6}{t.created:>9}{t.deduplicated:>11}{t.errors:>8}"
        f"{t.kept:>6}{t.lost:>6}{t.doubled:>9}{t.mismatched:>10}"
        + "".join(f"{_ms(v):>8}" for v in p)
    )
    return f"{head}\n{line}"


def read_locust_failures(path: Path) -> list[tuple[str, str, int]]:
    """(route, error, occurrences) from locust's `<prefix>_failures.csv`, most frequent first."""
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        rows = [
            (f"{r['Method']} {r['Name']}", r["Error"], int(r["Occurrences"]))
            for r in csv.DictReader(f)
        ]
    return sorted(rows, key=lambda r: -r[2])
