"""`lamtheo bench-plans`: an indicator catalogue and some 1.5 million figures over the units of
the bench tree, then the roll-up of an indicator through the hierarchy timed (docs/benchmarks.md).

Run by `make bench` after `lamtheo bench-org --keep` (and bench-docs), in the same throwaway
database. Every commune reports every indicator for 21 periods, 2016-2026; the cells of half the
communes report one indicator instead of their commune, so the roll-up goes down to the deepest
level; one district in three and a few provinces report their own totals of four indicators
before the 2025 reform, which supersede their parts. The roll-ups timed are plain calls of
`selectors.rollup` (no user, no visibility filter), checked against the same sums done in Python.
"""

import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from lamtheo.org.models import Edge, OrgUnit
from lamtheo.plans import selectors
from lamtheo.plans.domain import Aggregation, aggregate
from lamtheo.plans.models import Indicator, Measurement
from lamtheo.vn.dates import Period

PERIODS = tuple(
    [str(year) for year in range(2016, 2027)]
    + [f"{year}-H{half}" for year in range(2022, 2027) for half in (1, 2)]
)
BEFORE, AFTER = "2024", "2026"  # the years timed, before and after the reform of 1/7/2025
REFORM_YEAR = 2025  # province totals up to this year; none in 2026
GOALS_MS = {"province": 200, "country": 1000}  # p95 on PostgreSQL

S, AVG, WAVG, MIN = (
    Aggregation.SUM,
    Aggregation.AVERAGE,
    Aggregation.WEIGHTED_AVERAGE,
    Aggregation.MIN,
)
CATALOGUE = (  # code, name, measure, aggregation, weight, (lowest, highest, decimal places)
    ("dang-vien-moi", "Số đảng viên mới kết nạp", "người", S, None, (0, 60, 0)),
    ("so-ho", "Số hộ dân", "hộ", S, None, (400, 6000, 0)),
    ("ty-le-ho-ngheo", "Tỷ lệ hộ nghèo", "%", WAVG, "so-ho", (0, 4000, 2)),
    ("thu-nhap-binh-quan", "Thu nhập bình quân đầu người", "triệu đồng", AVG, None, (300, 1500, 1)),
    ("ty-le-bhyt", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", MIN, None, (8500, 10000, 2)),
    ("dang-vien", "Số đảng viên", "người", S, None, (80, 2500, 0)),
    ("ho-ngheo", "Số hộ nghèo", "hộ", S, None, (0, 900, 0)),
    ("ho-thoat-ngheo", "Số hộ thoát nghèo", "hộ", S, None, (0, 120, 0)),
    ("chi-bo-hoan-thanh-tot", "Số chi bộ hoàn thành tốt nhiệm vụ", "chi bộ", S, None, (0, 40, 0)),
    ("dang-vien-xuat-sac", "Số đảng viên xuất sắc", "người", S, None, (0, 300, 0)),
    ("lao-dong-dao-tao", "Số lao động được đào tạo nghề", "người", S, None, (0, 500, 0)),
    ("san-pham-ocop", "Số sản phẩm OCOP", "sản phẩm", S, None, (0, 8, 0)),
    ("duong-cung-hoa", "Đường giao thông được cứng hóa", "km", S, None, (0, 300, 1)),
    ("nha-van-hoa", "Số nhà văn hóa thôn, bản", "nhà", S, None, (0, 30, 0)),
    ("hop-tac-xa", "Số hợp tác xã", "hợp tác xã", S, None, (0, 15, 0)),
    ("doanh-nghiep-moi", "Số doanh nghiệp thành lập mới", "doanh nghiệp", S, None, (0, 40, 0)),
    ("truong-dat-chuan", "Số trường đạt chuẩn quốc gia", "trường", S, None, (0, 6, 0)),
    ("ho-nuoc-sach", "Số hộ dùng nước sạch", "hộ", S, None, (300, 6000, 0)),
    ("cuoc-kiem-tra", "Số cuộc kiểm tra, giám sát", "cuộc", S, None, (0, 25, 0)),
    ("mo-hinh-dan-van", "Số mô hình dân vận khéo", "mô hình", S, None, (0, 12, 0)),
)  # fmt: skip
TIMED, RATE, WEIGHT = "dang-vien-moi", "ty-le-ho-ngheo", "so-ho"
CELLS_REPORT = TIMED  # reported by cells in half the communes, by the other communes themselves
TOTALS = ("dang-vien-moi", "so-ho", "dang-vien", "ho-ngheo")  # district and province totals
KEPT = {(TIMED, BEFORE), (TIMED, AFTER), (RATE, BEFORE), (WEIGHT, BEFORE)}  # for the checks


def _timed(fn, units, runs: int, rng) -> list[float]:
    samples = []
    for _ in range(runs):
        unit = rng.choice(units)
        start = time.perf_counter()
        fn(unit)
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def _p95(samples: list[float]) -> float:
    return samples[min(len(samples) - 1, int(len(samples) * 0.95))]


def _active(unit, span: Period) -> bool:  # as services.record_measurement requires
    return unit.valid_from < span.end and (unit.valid_to is None or unit.valid_to > span.start)


def _parents(edges, day: date) -> dict[int, int]:
    return {
        child: parent
        for child, parent, start, end in edges
        if start <= day and (end is None or end > day)
    }


def _reference(rows: dict[int, Decimal], top: int, parents: dict[int, int]):
    """What rollup counts, done in Python: the figures of the units in top's subtree that no unit
    above them, up to top, reported a total over. Returns (sum, reporters)."""
    total, count = Decimal(0), 0
    for unit, value in rows.items():
        node, superseded = unit, False
        while node != top:
            node = parents.get(node)
            if node is None:
                break  # outside top's subtree
            superseded = superseded or node in rows
        else:
            if not superseded:
                total += value
                count += 1
    return total, count


class Command(BaseCommand):
    help = (
        "Đo hiệu năng tổng hợp chỉ tiêu trên cây đơn vị toàn quốc / benchmark the indicator "
        "roll-up on some 1.5 million generated figures (after bench-org --keep)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--cell-share",
            type=float,
            default=0.25,
            help="share of the cells (of half the communes) that report one indicator",
        )
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--explain", action="store_true", help="print the query plans")

    def handle(self, *args, cell_share, runs, explain, **options):
        if Indicator.objects.exists():
            raise CommandError("the database holds indicators; use the throwaway bench database")
        units = list(
            OrgUnit.objects.filter(kind__in=("central", "province", "district", "commune", "cell"))
            .only("id", "kind", "valid_from", "valid_to", "province_code")
            .order_by("id")
        )
        edges = list(Edge.objects.values_list("child_id", "parent_id", "valid_from", "valid_to"))
        children = {child for child, *_ in edges}
        roots = [u for u in units if u.kind == "central" and u.pk not in children]
        if len(roots) != 1 or not any(u.kind == "commune" for u in units):
            raise CommandError("no bench tree: run `lamtheo bench-org --keep` first")
        self.root, self.units, self.edges = roots[0], units, edges

        started = time.perf_counter()
        with transaction.atomic():
            indicators, counts, kept = self._generate(cell_share)
        generated = time.perf_counter() - started
        with connection.cursor() as cursor:  # fresh statistics (VACUUM cannot run in a test's
            # transaction; ANALYZE alone can)
            pg = connection.vendor == "postgresql"
            cursor.execute("VACUUM ANALYZE" if pg and not connection.in_atomic_block else "ANALYZE")
        analyzed = time.perf_counter() - started - generated
        self.stdout.write(
            f"bench-plans on {connection.vendor}: {sum(counts.values()):,} measurements "
            f"({', '.join(f'{n:,} {kind}' for kind, n in counts.items())}) of {len(indicators)} "
            f"indicators over {len(PERIODS)} periods, generated in {generated:.1f} s, "
            f"analyzed in {analyzed:.1f} s"
        )
        self._check(indicators, kept)
        self._measure(indicators, runs, explain)

    def _generate(self, cell_share):
        rng = random.Random(2030)  # noqa: S311 - reproducible data, not security
        by_code = {}
        for code, name, measure, how, _weight, _ in CATALOGUE:
            by_code[code] = Indicator(
                code=code, name=name, measure=measure, aggregation=how, unit=self.root
            )
        plain = [i for i in by_code.values() if i.aggregation != WAVG]
        Indicator.objects.bulk_create(plain)
        weighted = [i for i in by_code.values() if i.aggregation == WAVG]
        weight_of = {code: weight for code, _, _, _, weight, _ in CATALOGUE}
        for indicator in weighted:
            indicator.weight = by_code[weight_of[indicator.code]]
        Indicator.objects.bulk_create(weighted)
        ranges = {code: spread for code, *_, spread in CATALOGUE}

        communes = [u for u in self.units if u.kind == "commune"]
        reporting = {c.pk for i, c in enumerate(communes) if i % 2 == 1}  # their cells report
        cell_parent = _parents(self.edges, date(2000, 1, 1))  # a cell stays in its commune
        cells = [
            u
            for u in self.units
            if u.kind == "cell" and cell_parent.get(u.pk) in reporting and rng.random() < cell_share
        ]
        provinces = [u for u in self.units if u.kind == "province"]
        districts = [u for u in self.units if u.kind == "district"]
        totals_by = {d.pk for i, d in enumerate(districts) if i % 3 == 0}
        totals_by |= {p.pk for i, p in enumerate(provinces) if i % 8 == 7}
        counts = dict.fromkeys(("commune", "cell", "district", "province"), 0)
        kept: dict[tuple[str, str], dict[int, Decimal]] = {key: {} for key in KEPT}
        now = timezone.now()
        batch: list[Measurement] = []

        def add(indicator, unit, span, value):
            batch.append(
                Measurement(
                    indicator_id=indicator.pk,
                    unit_id=unit.pk,
                    province_code=unit.province_code,
                    period=span.code,
                    period_end=span.end,
                    value=value,
                    entered_at=now,
                )
            )
            counts[unit.kind] += 1
            if (indicator.code, span.code) in kept:
                kept[indicator.code, span.code][unit.pk] = value
            if len(batch) >= 5000:
                Measurement.objects.bulk_create(batch)
                batch.clear()

        for period in PERIODS:
            span = Period.from_code(period)
            parents = _parents(self.edges, span.end - timedelta(days=1))
            for code, indicator in by_code.items():
                low, high, places = ranges[code]
                with_totals = code in TOTALS and int(period[:4]) <= REFORM_YEAR
                parts: dict[int, Decimal] = {}  # the figures under each unit reporting a total
                for unit in communes if code != CELLS_REPORT else [*communes, *cells]:
                    if not _active(unit, span):
                        continue
                    if code == CELLS_REPORT and unit.pk in reporting:
                        continue  # its cells report instead
                    high_here = high if unit.kind == "commune" else max(high // 10, 2)
                    value = Decimal(rng.randrange(low, high_here)).scaleb(-places)
                    add(indicator, unit, span, value)
                    node = unit.pk
                    while with_totals and (node := parents.get(node)) is not None:
                        if node in totals_by:
                            parts[node] = parts.get(node, Decimal(0)) + value
                if not with_totals:
                    continue
                # A district (while it exists over the whole period) and a few provinces report
                # their own total: the sum of the figures under them, corrected by a few.
                for unit in (*districts, *provinces):
                    if unit.pk not in totals_by or (unit.valid_to and unit.valid_to < span.end):
                        continue
                    value = parts.get(unit.pk, Decimal(0)) + rng.randrange(-3, 4)
                    add(indicator, unit, span, max(value, Decimal(0)))
        if batch:
            Measurement.objects.bulk_create(batch)
        return by_code, counts, kept

    def _check(self, indicators, kept):
        """The roll-ups against the same sums in Python, for the first province and the country:
        plain sums in 2026 (no totals above the communes then), the rule that a reported total
        supersedes its parts in 2024, and the weighted average."""
        province = next(u for u in self.units if u.kind == "province")
        in_province = {u.pk for u in self.units if u.province_code == province.province_code}
        after, before = kept[TIMED, AFTER], kept[TIMED, BEFORE]
        plain = [value for unit, value in after.items() if unit in in_province]
        on_2026 = _parents(self.edges, Period.from_code(AFTER).end - timedelta(days=1))
        on_2024 = _parents(self.edges, Period.from_code(BEFORE).end - timedelta(days=1))
        expected = (
            ("a province", province, AFTER, (sum(plain), len(plain))),
            ("the country", self.root, AFTER, _reference(after, self.root.pk, on_2026)),
            ("a province", province, BEFORE, _reference(before, province.pk, on_2024)),
            ("the country", self.root, BEFORE, _reference(before, self.root.pk, on_2024)),
        )
        for label, unit, period, (value, count) in expected:
            got = selectors.rollup(indicators[TIMED], unit, period)
            if (got.value, got.reporters) != (value, count):
                raise CommandError(
                    f"sum, {label}, {period}: the roll-up gives {got.value} from {got.reporters} "
                    f"units, the generated figures {value} from {count}"
                )
        weights = kept[WEIGHT, BEFORE]
        pairs = [(v, weights.get(u)) for u, v in kept[RATE, BEFORE].items() if u in in_province]
        got = selectors.rollup(indicators[RATE], province, BEFORE).value
        want = aggregate(pairs, Aggregation.WEIGHTED_AVERAGE)
        if got is None or abs(got - want) > Decimal("0.0001"):
            raise CommandError(f"weighted average, a province, {BEFORE}: {got}, expected {want}")
        counted = expected[2][3][1]
        figures = sum(1 for unit in before if unit in in_province)
        self.stdout.write(
            f"checked against the generated figures: {TIMED} for a province and the country in "
            f"{AFTER} (plain sums) and {BEFORE} (reported totals supersede their parts: "
            f"{counted:,} of the province's {figures:,} figures count), {RATE} weighted by {WEIGHT}"
        )

    def _measure(self, indicators, runs, explain):
        rng = random.Random(2025)  # noqa: S311 - reproducible sampling, not security
        provinces = [u for u in self.units if u.kind == "province"]
        country = [self.root]
        timed, rate = indicators[TIMED], indicators[RATE]
        queries = (
            ("sum, a province, 2024 as of 31/12/2024", "province", timed, BEFORE, False),
            ("sum, a province, 2026 as of 31/12/2026", "province", timed, AFTER, False),
            ("sum, a province, 2024 restated to today", "province", timed, BEFORE, True),
            ("sum, the country, 2024 as of 31/12/2024", "country", timed, BEFORE, False),
            ("sum, the country, 2026 as of 31/12/2026", "country", timed, AFTER, False),
            ("sum, the country, 2024 restated to today", "country", timed, BEFORE, True),
            ("weighted average, a province, 2024", "province", rate, BEFORE, False),
        )
        if explain:
            for label, scope, indicator, period, restated in queries:
                unit = provinces[0] if scope == "province" else self.root
                self.stdout.write(f"-- {label}")
                with connection.execute_wrapper(self._explain):
                    selectors.rollup(indicator, unit, period, restated=restated)
        self.stdout.write(
            f"{'roll-up (selectors.rollup)':<44}{'reporters':>10}{'p50 ms':>9}{'p95 ms':>9}"
            f"{'max ms':>9}"
        )
        worst = dict.fromkeys(GOALS_MS, 0.0)
        for label, scope, indicator, period, restated in queries:
            units = provinces if scope == "province" else country

            def run(unit, indicator=indicator, period=period, restated=restated):
                return selectors.rollup(indicator, unit, period, restated=restated)

            reporters = run(units[0]).reporters  # warm the cache
            samples = _timed(run, units, runs, rng)
            worst[scope] = max(worst[scope], _p95(samples))
            self.stdout.write(
                f"{label:<44}{reporters:>10,}{statistics.median(samples):>9.2f}"
                f"{_p95(samples):>9.2f}{samples[-1]:>9.2f}"
            )
        self.stdout.write(
            "goals on PostgreSQL: p95 under 200 ms for a province "
            f"(worst here {worst['province']:.1f} ms, {worst['province'] / 200:.2f} of it), "
            f"under 1 s for the country ({worst['country']:.1f} ms, "
            f"{worst['country'] / 1000:.2f} of it)"
        )

    def _explain(self, execute, sql, params, many, context):
        cursor = context["cursor"].cursor  # the driver's own: past the wrappers, this one too
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        self.stdout.write("\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall()))
        return execute(sql, params, many, context)
