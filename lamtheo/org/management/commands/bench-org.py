"""`lamtheo bench-org`: a generated national tree (about 100,000 units), then the hierarchy
queries timed. Everything is written inside a transaction that is rolled back at the end."""

import random
import statistics
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from lamtheo.org import selectors, services
from lamtheo.org.models import Closure, Edge, OrgUnit
from lamtheo.vn.text import fold

BEFORE, REFORM, TODAY = date(2024, 1, 1), date(2025, 7, 1), date(2026, 1, 1)


class Rollback(Exception):
    pass


def _timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


class Command(BaseCommand):
    help = "Benchmark the org hierarchy on a generated national tree (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=34)
        parser.add_argument("--communes", type=int, default=98, help="per province")
        parser.add_argument("--cells", type=int, default=29, help="per commune")
        parser.add_argument("--runs", type=int, default=50)
        parser.add_argument("--explain", action="store_true", help="print the query plans")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="commit the tree and vacuum before timing (only into an empty, throwaway "
            "database: `make bench` makes one)",
        )

    def handle(self, *args, provinces, communes, cells, runs, explain, keep, **options):
        self.explain = explain
        if keep:
            if OrgUnit.objects.exists():
                raise CommandError("--keep: the database holds org units; use an empty one")
            with transaction.atomic():
                units, n_edges = self._generate(provinces, communes, cells)
            with connection.cursor() as cursor:  # fresh statistics, visibility map
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
            self._measure(units, n_edges, communes, cells, runs)
            return
        try:
            with transaction.atomic():
                units, n_edges = self._generate(provinces, communes, cells)
                self._measure(units, n_edges, communes, cells, runs)
                raise Rollback
        except Rollback:
            pass

    def _generate(self, n_prov, n_comm, n_cells):
        started = time.perf_counter()
        root = OrgUnit(code="B-TW", name="Trung ương", kind="central", valid_from=date(2000, 1, 1))
        units, edges = [root], []
        for p in range(n_prov):
            prov = OrgUnit(
                code=f"B-T{p}",
                name=f"Tỉnh ủy {p}",
                kind="province",
                valid_from=date(2000, 1, 1),
                province_code=f"{p:02d}",
            )
            # before the reform: 3 districts per province, each with a third of the communes
            districts = [
                OrgUnit(
                    code=f"B-H{p}-{d}",
                    name=f"Huyện ủy {p}-{d}",
                    kind="district",
                    valid_from=date(2000, 1, 1),
                    valid_to=REFORM,
                    province_code=f"{p:02d}",
                )
                for d in range(3)
            ]
            units += [prov, *districts]
            edges.append((prov, root, date(2000, 1, 1), None))
            edges += [(d, prov, date(2000, 1, 1), REFORM) for d in districts]
            for c in range(n_comm):
                commune = OrgUnit(
                    code=f"B-X{p}-{c}",
                    name=f"Đảng ủy xã {p}-{c}",
                    kind="commune",
                    valid_from=date(2000, 1, 1),
                    province_code=f"{p:02d}",
                )
                units.append(commune)
                edges.append((commune, districts[c % 3], date(2000, 1, 1), REFORM))
                edges.append((commune, prov, REFORM, None))
                for k in range(n_cells):
                    cell = OrgUnit(
                        code=f"B-C{p}-{c}-{k}",
                        name=f"Chi bộ {p}-{c}-{k}",
                        kind="cell",
                        valid_from=date(2000, 1, 1),
                        province_code=f"{p:02d}",
                    )
                    units.append(cell)
                    edges.append((cell, commune, date(2000, 1, 1), None))
        for unit in units:  # bulk_create skips save(), which folds the name for search
            unit.search_name = fold(f"{unit.name} {unit.short_name}")
        OrgUnit.objects.bulk_create(units, batch_size=5000)
        Edge.objects.bulk_create(
            [Edge(child=c, parent=p, valid_from=f, valid_to=t) for c, p, f, t in edges],
            batch_size=5000,
        )
        built = time.perf_counter()
        services.rebuild_closures([u.pk for u in units])
        self.stdout.write(
            f"generated on {connection.vendor}: units+edges {built - started:.1f} s, "
            f"closure {time.perf_counter() - built:.1f} s"
        )
        return units, len(edges)

    def _measure(self, units, n_edges, n_comm, n_cells, runs):
        rows = Closure.objects.count()
        self.stdout.write(
            f"bench-org on {connection.vendor}: {len(units):,} units, {n_edges:,} edges, "
            f"{rows:,} closure rows"
        )

        rng = random.Random(2025)  # noqa: S311 - reproducible sampling, not security
        provs = [u for u in units if u.kind == "province"]
        leaves = [u for u in units if u.kind == "cell"]
        expected = 1 + n_comm + n_comm * n_cells

        def subtree_ids_today():
            ids = list(selectors.subtree_ids(rng.choice(provs), as_of=TODAY))
            assert len(ids) == expected, len(ids)

        def subtree_today():
            ids = list(selectors.subtree(rng.choice(provs), as_of=TODAY).values_list("name"))
            assert len(ids) == expected, len(ids)

        def subtree_before():
            list(selectors.subtree(rng.choice(provs), as_of=BEFORE).values_list("id", flat=True))

        def ancestors():
            assert len(list(selectors.ancestors(rng.choice(leaves), as_of=BEFORE))) == 4

        def children():
            assert selectors.children(rng.choice(provs), as_of=TODAY).count() == n_comm

        def successors():
            list(selectors.successors(rng.choice(leaves), as_of=TODAY))

        if self.explain:
            for qs in (
                selectors.subtree(provs[0], as_of=TODAY).values_list("name"),
                selectors.children(provs[0], as_of=TODAY),
            ):
                self.stdout.write(qs.explain(analyze=connection.vendor == "postgresql"))
        self.stdout.write(f"{'query':<44}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for label, fn in (
            (f"subtree ids of a province today ({expected:,})", subtree_ids_today),
            ("subtree of a province today (units, by name)", subtree_today),
            ("subtree of a province as of 2024-01-01", subtree_before),
            ("ancestors of a cell as of 2024-01-01", ancestors),
            ("children of a province today (count)", children),
            ("successors today of a cell", successors),
        ):
            fn()  # warm the cache
            samples = sorted(_timed(fn, runs))
            p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
            self.stdout.write(
                f"{label:<44}{statistics.median(samples):>9.2f}{p95:>9.2f}{samples[-1]:>9.2f}"
            )
