"""`lamtheo bench-honours`: some 400,000 exemplary cases and 500,000 commendations over the units
of the bench tree, 2021-2026, then the statistics (`selectors.stats`) timed (docs/benchmarks.md).

Run by `make bench` after `lamtheo bench-org --keep` (and bench-docs, bench-plans), in the same
throwaway database. A case is owned by a cell or a commune (a few by a district, until the 2025
reform, or a province) that existed in the case's year, and counted as the tree stood at the end
of it (a district's 2025 cases on its last day, 30/6/2025); most are collective, most commended
or replicated, with one to three commendations each by the levels above their unit. The
statistics timed are plain calls of `selectors.stats` (no user, no visibility filter), first
checked against the same counts done in Python from the cases and commendations fetched. A rerun
deletes the cases of the previous one (`--reuse` times them instead).
"""

import random
import statistics
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils import timezone

from lamtheo.honours import domain, selectors
from lamtheo.honours.models import Case, Commendation, Field, Form, Replication
from lamtheo.org.models import Edge, Lineage, OrgUnit

SOURCE = "bench-honours"  # Case.source of the generated cases: a rerun deletes them
YEARS = {2021: 14, 2022: 16, 2023: 17, 2024: 18, 2025: 18, 2026: 17}  # share of the cases
BEFORE = (2021, 2024)  # the years timed: the term before the reform of 1/7/2025
GOALS_MS = {"province": 200, "country": 1000}  # p95 on PostgreSQL
BATCH = 2000  # cases per insert, with their commendations in the next one

OWNERS = {"cell": 58, "commune": 36, "district": 4, "province": 2}  # who records a case
STATUSES = {
    domain.Status.COMMENDED: 62,
    domain.Status.REPLICATED: 16,
    domain.Status.PROPOSED: 9,
    domain.Status.VERIFIED: 8,
    domain.Status.RETURNED: 5,
}
COMMENDATIONS = {1: 55, 2: 30, 3: 15}  # per commended case: 1.6 on average
# The levels that commend a case, by the kind of its unit (a district only while one stands
# above it), and the forms each level gives.
LEVELS = {
    "cell": {"grassroots": 15, "commune": 55, "district": 15, "province": 13, "central": 2},
    "commune": {"commune": 25, "district": 30, "province": 38, "central": 7},
    "district": {"province": 70, "central": 30},
    "province": {"central": 100},
}
FORMS = {
    "grassroots": {"bieu-duong": 100},
    "commune": {"bieu-duong": 50, "giay-khen": 50},
    "district": {"bieu-duong": 20, "giay-khen": 80},
    "province": {"giay-khen": 25, "bang-khen-tinh": 60, "co-thi-dua": 15},
    "central": {"bang-khen-thu-tuong": 80, "huan-chuong": 20},
}
SUFFIX = {"commune": "-QĐ/ĐU", "district": "-QĐ/HU", "province": "-QĐ/TU"}  # Party style
CENTRAL = {  # the State style: the issuer and the register
    "bang-khen-thu-tuong": ("Thủ tướng Chính phủ", "/QĐ-TTg"),
    "huan-chuong": ("Chủ tịch nước", "/QĐ-CTN"),
}

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Lò", "Nông", "Triệu", "Hà", "Ma")  # fmt: skip
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quang", "Xuân", "Thu")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hoa", "Hùng", "Lan", "Mai", "Nam", "Phong", "Quyết", "Sơn",
         "Thảo", "Tuấn", "Xuân", "Yến", "Khải")  # fmt: skip
POSITIONS = (
    "Bí thư chi bộ thôn",
    "Trưởng thôn",
    "Chủ tịch Hội Nông dân xã",
    "Đảng viên chi bộ",
    "Giáo viên Trường Tiểu học",
    "Trưởng Trạm Y tế xã",
    "Chủ nhiệm Hợp tác xã",
    "Công an viên",
    "Chi hội trưởng Hội Phụ nữ",
)
GROUPS = (
    "Chi hội Phụ nữ thôn",
    "Chi đoàn thanh niên thôn",
    "Chi hội Cựu chiến binh thôn",
    "Tổ tự quản thôn",
    "Hợp tác xã nông nghiệp",
    "Câu lạc bộ thiện nguyện",
    "Ban công tác Mặt trận thôn",
    "Hộ gia đình",
)
PLACES = ("Nà Hoang", "Bản Chang", "Khuổi Luông", "Pác Ngòi", "Đông Xá", "Phố Mới", "Tân Lập",
          "Hòa Bình", "Quyết Thắng", "Đoàn Kết", "Nà Làng", "Cốc Pục")  # fmt: skip
TITLES = {
    "kinh-te": ("Mô hình trồng quế hữu cơ", "Nuôi ong lấy mật", "Sản phẩm OCOP miến dong"),
    "nong-thon-moi": ("Tuyến đường hoa nông thôn mới", "Hiến đất làm đường", "Khu dân cư kiểu mẫu"),
    "van-hoa-xa-hoi": ("Câu lạc bộ hát then", "Gia đình văn hóa", "Tủ sách cộng đồng"),
    "thien-nguyen": ("Chuyến xe không đồng", "Bữa cơm nhân ái", "Ngôi nhà khăn quàng đỏ"),
    "an-sinh": ("Mái ấm tình thương", "Quỹ hỗ trợ hộ nghèo", "Tết sum vầy"),
    "giao-duc": ("Khuyến học, khuyến tài dòng họ", "Lớp học xóa mù chữ ban đêm"),
    "y-te": ("Tủ thuốc nhân đạo", "Khám bệnh miễn phí cho người cao tuổi"),
    "xay-dung-dang": ("Chi bộ bốn tốt", "Sinh hoạt chi bộ chuyên đề", "Đảng viên giúp hộ nghèo"),
    "cai-cach-hanh-chinh": ("Một cửa liên thông điện tử", "Chuyển đổi số ở thôn, bản"),
    "quoc-phong-an-ninh": ("Tổ an ninh tự quản", "Camera an ninh khu dân cư"),
    "moi-truong": ("Phân loại rác tại nguồn", "Ngày chủ nhật xanh"),
    "dan-van": ("Dân vận khéo trong giải phóng mặt bằng", "Người có uy tín với Mặt trận"),
}  # fmt: skip
RESULTS = (
    "giúp {n} hộ thoát nghèo",
    "được {n} thôn, bản học tập, nhân rộng",
    "huy động {n} triệu đồng và hàng nghìn ngày công",
    "{n} hộ tham gia, thu nhập tăng rõ rệt",
)


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


def _parents(edges, day: date) -> dict[int, int]:
    return {
        child: parent
        for child, parent, start, end in edges
        if start <= day and (end is None or end > day)
    }


def _active(unit, day: date) -> bool:  # as its own closure row says: [valid_from, valid_to)
    return unit.valid_from <= day and (unit.valid_to is None or unit.valid_to > day)


def _existed(unit, year: int) -> bool:  # as nominate_case requires (domain.counted_on)
    return unit.valid_from <= date(year, 12, 31) and (
        unit.valid_to is None or unit.valid_to > date(year, 1, 1)
    )


def _pick(rng, weights: dict):
    return rng.choices(tuple(weights), tuple(weights.values()))[0]


class Command(BaseCommand):
    help = (
        "Đo hiệu năng thống kê điển hình tiên tiến trên cây đơn vị toàn quốc / benchmark the "
        "honours statistics on some 400,000 generated cases (after bench-org --keep)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=400_000)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="time the cases a previous run generated instead of generating them again",
        )
        parser.add_argument("--explain", action="store_true", help="print the query plans")

    def handle(self, *args, cases, runs, reuse, explain, **options):
        if Case.objects.exclude(source=SOURCE).exists():
            raise CommandError("the database holds real cases; use the throwaway bench database")
        self.units = {
            u.pk: u
            for u in OrgUnit.objects.filter(
                kind__in=("central", "province", "district", "commune", "cell")
            )
            .only("id", "code", "kind", "name", "valid_from", "valid_to", "province_code")
            .order_by("id")
        }
        self.edges = list(
            Edge.objects.values_list("child_id", "parent_id", "valid_from", "valid_to")
        )
        children = {child for child, *_ in self.edges}
        roots = [u for u in self.units.values() if u.kind == "central" and u.pk not in children]
        if len(roots) != 1 or not any(u.kind == "commune" for u in self.units.values()):
            raise CommandError("no bench tree: run `lamtheo bench-org --keep` first")
        self.root = roots[0]
        self.hierarchy: dict[date, dict[int, int]] = {}  # each unit's parent, by day
        self.fields = list(Field.objects.filter(active=True))
        self.forms = {f.code: f for f in Form.objects.all()}
        missing = {code for by_level in FORMS.values() for code in by_level} - set(self.forms)
        if not self.fields or missing:
            raise CommandError(f"fields or forms missing ({', '.join(sorted(missing))}): migrate")

        if not reuse or not Case.objects.exists():
            started = time.perf_counter()
            with transaction.atomic():
                deleted = self._delete()
                dissolved = self._lineage()
                counts = self._generate(cases)
            generated = time.perf_counter() - started
            with connection.cursor() as cursor:  # fresh statistics (VACUUM cannot run in a
                # test's transaction; ANALYZE alone can)
                pg = connection.vendor == "postgresql"
                cursor.execute(
                    "VACUUM ANALYZE" if pg and not connection.in_atomic_block else "ANALYZE"
                )
            analyzed = time.perf_counter() - started - generated
            self.stdout.write(
                f"bench-honours on {connection.vendor}: {counts.pop('cases'):,} cases "
                f"({', '.join(f'{n:,} {kind}' for kind, n in counts.items() if kind != 'all')}"
                f") and {counts['all']:,} commendations, 2021-2026, generated in "
                f"{generated:.1f} s, analyzed in {analyzed:.1f} s"
                + (f"; {deleted:,} cases of a previous run deleted" if deleted else "")
                + (f"; {dissolved} districts dissolved into their provinces" if dissolved else "")
            )
        else:
            self.stdout.write(
                f"bench-honours on {connection.vendor}: reusing {Case.objects.count():,} cases "
                f"and {Commendation.objects.count():,} commendations"
            )
        self._check()
        self._measure(runs, explain)

    def _delete(self) -> int:
        """The cases of a previous run, in three statements (Case.delete would fetch them all
        and write an audit entry for each)."""
        case, commendation = Case._meta.db_table, Commendation._meta.db_table
        replication = Replication._meta.db_table
        ours = f"SELECT id FROM {case} WHERE source = %s"  # noqa: S608 - table names: models
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {commendation} WHERE case_id IN ({ours})", [SOURCE])  # noqa: S608
            cursor.execute(f"DELETE FROM {replication} WHERE case_id IN ({ours})", [SOURCE])  # noqa: S608
            cursor.execute(f"DELETE FROM {case} WHERE source = %s", [SOURCE])  # noqa: S608
            return cursor.rowcount

    def _lineage(self) -> int:
        """bench-org ends its districts on 1/7/2025 and moves their communes under the province
        without recording what became of them: the province carries a district's records on,
        as the reform had it, so that a district's cases restated to today count there."""
        districts = [u for u in self.units.values() if u.kind == "district" and u.valid_to]
        if not districts or Lineage.objects.filter(predecessor__in=districts).exists():
            return 0
        last = {
            day: _parents(self.edges, day - timedelta(days=1))
            for day in {d.valid_to for d in districts}
        }
        rows = [
            Lineage(
                predecessor_id=d.pk,
                successor_id=last[d.valid_to][d.pk],  # its province on its last day
                kind=Lineage.Kind.DISSOLVE,
                effective_on=d.valid_to,
                note=SOURCE,
            )
            for d in districts
            if d.pk in last[d.valid_to]
        ]
        Lineage.objects.bulk_create(rows)  # bench data: not audited, as bench-org's tree
        return len(rows)

    def _generate(self, n_cases) -> dict[str, int]:
        """The cases in batches, each with its commendations: two inserts per batch (more on
        SQLite when a batch passes its limit of parameters), no query per row. Raw
        `bulk_create`, as bench-plans and bench-org: this is bench data, and the audited
        `lamtheo.audit.bulk.bulk_create` would write an audit entry per row on top of it."""
        rng = random.Random(2031)  # noqa: S311 - reproducible data, not security
        self.today = timezone.localdate()
        weights = [max(1, 13 - f.order) for f in self.fields]  # the first fields the busiest
        owners = {
            year: {
                kind: [u for u in self.units.values() if u.kind == kind and _existed(u, year)]
                for kind in OWNERS
            }
            for year in YEARS
        }
        registers: dict[tuple, int] = defaultdict(int)  # decisions per issuer and year
        counts = dict.fromkeys(("cases", *OWNERS, "all"), 0)
        # Recorded year by year, as a register grows.
        years = sorted(rng.choices(tuple(YEARS), tuple(YEARS.values()), k=n_cases))
        batch: list[Case] = []
        commended: list[list[dict]] = []

        def flush():
            Case.objects.bulk_create(batch)  # the ids come back (RETURNING)
            rows = [
                Commendation(case_id=case.pk, **spec)
                for case, specs in zip(batch, commended, strict=True)
                for spec in specs
            ]
            Commendation.objects.bulk_create(rows)
            counts["all"] += len(rows)
            batch.clear()
            commended.clear()
            reset_queries()  # with DEBUG on, each insert's SQL would stay in memory

        for year in years:
            by_kind = {k: v for k, v in owners[year].items() if v}
            kind = _pick(rng, {k: OWNERS[k] for k in by_kind})
            unit = rng.choice(by_kind[kind])
            # What Case.save sets: 31/12, or the unit's last day when it ended that year (a
            # district's 2025 cases count on 30/6/2025, under its province).
            counted_on = domain.counted_on(year, unit.valid_from, unit.valid_to)
            counts["cases"] += 1
            counts[kind] += 1
            field = rng.choices(self.fields, weights)[0]
            title = rng.choice(TITLES.get(field.code, ("Mô hình, cách làm hay",)))
            honoree = None
            if rng.random() < 0.7:  # collective
                if kind == "cell" and rng.random() < 0.2:
                    name, honoree = unit.name, unit
                else:
                    name = f"{rng.choice(GROUPS)} {rng.choice(PLACES)}"
                position, who = "", domain.Kind.COLLECTIVE
            else:
                name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                position, who = f"{rng.choice(POSITIONS)}, {unit.name}", domain.Kind.INDIVIDUAL
            story = f"{title}: {rng.choice(RESULTS).format(n=rng.randint(3, 60))}."
            status = _pick(rng, STATUSES)
            proposed = datetime(year, rng.randint(1, 6), rng.randint(1, 28), 2, tzinfo=UTC)
            reviewed = status != domain.Status.PROPOSED
            published = status in domain.PUBLISHABLE and rng.random() < 0.3
            batch.append(
                Case(
                    unit_id=unit.pk,
                    province_code=unit.province_code,
                    kind=who,
                    name=name,
                    name_key=domain.name_key(name),  # what Case.save sets
                    position=position,
                    honoree_unit=honoree,
                    field_id=field.pk,
                    year=year,
                    year_end=counted_on,
                    title=title,
                    story=story,
                    source=SOURCE,
                    status=status,
                    return_reason="Hồ sơ chưa đủ minh chứng."
                    if status == domain.Status.RETURNED
                    else "",
                    search_text=domain.search_text(name, position, title, story),
                    published=published,
                    published_at=proposed if published else None,
                    proposed_at=proposed,
                    verified_at=proposed if reviewed else None,
                )
            )
            specs = []
            if status in domain.COUNTED:
                for _ in range(_pick(rng, COMMENDATIONS)):
                    specs.append(self._commendation(rng, unit, year, counted_on, registers))
                specs.sort(key=lambda spec: spec["decided_on"])
            commended.append(specs)
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        return counts

    def _commendation(self, rng, unit, year, counted_on, registers) -> dict:
        """A commendation of a case of `unit` by one of the levels above it that year."""
        parents = self._parents_on(counted_on)
        above = {unit.kind: unit}
        node = unit.pk
        while (node := parents.get(node)) is not None:
            above.setdefault(self.units[node].kind, self.units[node])
        if unit.kind == "cell":
            above["grassroots"] = unit
        levels = {k: w for k, w in LEVELS[unit.kind].items() if k in above or k == "central"}
        level = _pick(rng, levels)
        form = self.forms[_pick(rng, FORMS[level])]
        decided_on = date(year, rng.randint(7, 12), rng.randint(1, 28))
        decided_on = min(decided_on, max(self.today, date(year, 1, 1)))  # not after today
        if level == "central":
            issuer, (issuer_name, suffix) = None, CENTRAL[form.code]
            register, style = suffix, "state"
        else:
            issuer = above[level]
            issuer_name = issuer.name if level == "grassroots" else f"Ban Thường vụ {issuer.name}"
            register, suffix, style = issuer.pk, SUFFIX.get(level, ""), "party"
        decision = ""
        if form.needs_decision:
            registers[register, decided_on.year] += 1
            number = registers[register, decided_on.year]
            decision = f"{number:02d}{suffix}"  # 07-QĐ/ĐU, 05/QĐ-TTg: two digits at least
        return {
            "form_id": form.pk,
            "level": level,
            "issuer": issuer,
            "issuer_name": issuer_name,
            "decision": decision,
            "decision_style": style if decision else "",
            "decided_on": decided_on,
            "year": decided_on.year,  # what Commendation.save sets
        }

    # The checks: the same counts in Python, from the cases and commendations fetched.

    def _fetch(self):
        self.cases = list(
            Case.objects.values_list("id", "unit_id", "year", "field_id", "kind", "status")
        )
        self.commendations = defaultdict(list)
        for pk, case, form in Commendation.objects.values_list("id", "case_id", "form_id"):
            self.commendations[case].append((pk, form))
        self.successors = defaultdict(list)
        for before, after, on in Lineage.objects.filter(successor__isnull=False).values_list(
            "predecessor_id", "successor_id", "effective_on"
        ):
            self.successors[before].append((after, on))

    def _top(self, start: int, top: int, day: date):
        """The unit directly under `top` that `start` is in on `day` (top itself for its own
        cases), or None when it is not under top then."""
        if not _active(self.units[start], day):
            return None
        parents, node, below = self._parents_on(day), start, None
        while node != top:
            below, node = node, parents.get(node)
            if node is None:
                return None
        return below or top

    def _parents_on(self, day: date) -> dict[int, int]:
        if day not in self.hierarchy:
            self.hierarchy[day] = _parents(self.edges, day)
        return self.hierarchy[day]

    def _forward(self, unit: int, on: date) -> set[int]:
        """The unit and every unit its records went to through lineage up to `on`."""
        found, todo = {unit}, [unit]
        while todo:
            for after, effective in self.successors.get(todo.pop(), ()):
                if effective <= on and after not in found:
                    found.add(after)
                    todo.append(after)
        return found

    def _expected(self, unit, *, year_from, year_to, by, restated=False, today=None):
        """What `selectors.stats` counts, in Python: {key: (cases, collective, individual,
        commendations)} and the total."""
        statuses = set(selectors.COUNTING["commended"])
        groups = defaultdict(lambda: (set(), set()))  # key: (cases, commendations)
        total = (set(), set())
        kinds = {}
        for pk, owner, year, field, kind, status in self.cases:
            if status not in statuses or not year_from <= year <= year_to:
                continue
            if restated:
                day = today
            else:  # as it stood: computed again, not read from the case's year_end
                unit_of = self.units[owner]
                day = domain.counted_on(year, unit_of.valid_from, unit_of.valid_to)
            starts = self._forward(owner, today) if restated else (owner,)
            tops = {self._top(start, unit.pk, day) for start in starts} - {None}
            if not tops:
                continue
            kinds[pk] = kind
            held = self.commendations.get(pk, [])
            total[0].add(pk)
            total[1].update(c for c, _ in held)
            if by == domain.By.FORM:
                for commendation, form in held:
                    groups[form][0].add(pk)
                    groups[form][1].add(commendation)
                continue
            for key in tops if by == domain.By.UNIT else (field,):
                groups[key][0].add(pk)
                groups[key][1].update(c for c, _ in held)

        def counts(cases, commendations):
            collective = sum(1 for pk in cases if kinds[pk] == domain.Kind.COLLECTIVE)
            return (len(cases), collective, len(cases) - collective, len(commendations))

        return {key: counts(*sets) for key, sets in groups.items()}, counts(*total)

    def _queries(self):
        """(label, scope, the arguments of stats): the statistics timed."""
        start, end = BEFORE
        span = {"year_from": start, "year_to": end}
        return (
            ("a province, 2021-2024 as it stood, by field", "province", span | {"by": "field"}),
            ("a province, 2021-2024 as it stood, by unit", "province", span | {"by": "unit"}),
            (
                "a province, 2021-2024 restated, by field",
                "province",
                span | {"by": "field", "restated": True},
            ),
            ("a province, 2021-2026 as it stood, by form", "province", {
                "year_from": min(YEARS), "year_to": max(YEARS), "by": "form"}),
            ("the country, 2021-2024 as it stood, by field", "country", span | {"by": "field"}),
            (
                "the country, 2021-2024 restated, by field",
                "country",
                span | {"by": "field", "restated": True},
            ),
        )  # fmt: skip

    def _check(self):
        """Each statistic timed, for two provinces and the country, and a district and a
        commune by unit, against the same counts in Python; a mismatch fails the bench."""
        self._fetch()
        rng = random.Random(2032)  # noqa: S311 - reproducible sampling, not security
        provinces = [u for u in self.units.values() if u.kind == "province"]
        sample = {
            "province": [provinces[0], rng.choice(provinces)],
            "country": [self.root],
        }
        today = timezone.localdate()
        checks = [
            (label, unit, arguments)
            for label, scope, arguments in self._queries()
            for unit in sample[scope]
        ]
        span = {"year_from": BEFORE[0], "year_to": BEFORE[1], "by": "unit"}
        districts = [u for u in self.units.values() if u.kind == "district"]
        communes = [u for u in self.units.values() if u.kind == "commune"]
        if districts:
            checks.append(("a district, 2021-2024 as it stood, by unit", districts[0], span))
        checks.append(
            ("a commune, 2021-2024 restated, by unit", communes[0], span | {"restated": True})
        )
        for label, unit, arguments in checks:
            got = selectors.stats(unit, today=today, **arguments)
            rows = {row.key: (row.cases, row.collective, row.individual, row.commendations)
                    for row in got.rows}  # fmt: skip
            total = (got.total.cases, got.total.collective, got.total.individual,
                     got.total.commendations)  # fmt: skip
            expected = self._expected(unit, today=today, **arguments)
            if (rows, total) != expected:
                wrong = sorted(
                    (k, rows.get(k), expected[0].get(k))
                    for k in set(rows) | set(expected[0])
                    if rows.get(k) != expected[0].get(k)
                )
                raise CommandError(
                    f"{label} ({unit.code}): selectors.stats gives {total} in all, the cases "
                    f"fetched {expected[1]}; rows that differ (key, stats, expected): {wrong[:5]}"
                )
        self.stdout.write(
            f"checked against the same counts in Python: {len(checks)} statistics (those timed, "
            "for two provinces or the country; a district and a commune by unit)"
        )

    def _measure(self, runs, explain):
        rng = random.Random(2025)  # noqa: S311 - reproducible sampling, not security
        provinces = [u for u in self.units.values() if u.kind == "province"]
        scopes = {"province": provinces, "country": [self.root]}
        if explain:
            for label, scope, arguments in self._queries():
                self.stdout.write(f"-- {label}")
                with connection.execute_wrapper(self._explain):
                    selectors.stats(scopes[scope][0], **arguments)
        self.stdout.write(
            f"{'statistics (selectors.stats)':<46}{'cases':>9}{'p50 ms':>9}{'p95 ms':>9}"
            f"{'max ms':>9}"
        )
        worst = dict.fromkeys(GOALS_MS, 0.0)
        for label, scope, arguments in self._queries():

            def run(unit, arguments=arguments):
                return selectors.stats(unit, **arguments)

            counted = run(scopes[scope][0]).total.cases  # warm the cache
            samples = _timed(run, scopes[scope], runs, rng)
            worst[scope] = max(worst[scope], _p95(samples))
            self.stdout.write(
                f"{label:<46}{counted:>9,}{statistics.median(samples):>9.2f}"
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
        if connection.vendor == "postgresql" and sql.lstrip().upper().startswith("WITH"):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            self.stdout.write("\n".join(" ".join(str(c) for c in r) for r in cursor.fetchall()))
        elif sql.lstrip().upper().startswith("WITH"):
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            self.stdout.write("\n".join(" ".join(str(c) for c in r) for r in cursor.fetchall()))
        return execute(sql, params, many, context)
