"""`lamtheo bench-oversight`: a province evaluates its 100 communes on a 40-criterion set, every
sheet self-scored and reviewed, and follows 10,000 recommendations of its inspections; then the
ranking, a reviewer's save of one cell, the inbox and board of recommendations and the listing
through `visible_to` are timed (docs/benchmarks.md).

Run by `make bench` after the other bench commands, in the same throwaway database: the first
province of the bench tree and its communes. On an empty migrated database it builds its own
province of `--units` communes first. The criteria set, the round, the inspections and a few
sheets and recommendations go through the services; the other sheets' scores and the
recommendations are bulk-written as those calls leave them, which is checked field by field.
Before timing, each ranked total, rank, grade and the quota breaches are checked against the
same sums done in Python over the score rows. A rerun deletes what the previous one wrote.
"""

import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.bench import machine
from lamtheo.bench.report import percentile
from lamtheo.org import selectors as org
from lamtheo.org import services as org_services
from lamtheo.org.models import Edge, Membership, OrgUnit
from lamtheo.oversight import domain, selectors, services
from lamtheo.oversight.models import (
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationStatus,
    Finding,
    FixState,
    Inspection,
    Programme,
    Recommendation,
    Response,
    Round,
    Score,
    Target,
)
from lamtheo.vn.text import fold

from .. import bench_checks as checks

CODE = "bench-oversight"  # the criteria set's code
MARK = " (bench)"  # ends the title of every programme, inspection and round written here
USERNAME = "bench-oversight"
PROVINCE = "BO-T"  # the province this command builds when there is no bench tree
PERIOD, AS_OF = "2025", date(2025, 12, 1)
PER_INSPECTION = 5  # recommendations to each commune in each inspection
THROUGH_SERVICES = 3  # sheets scored and accepted, recommendations made, through the services
GOALS_MS = {"save": 200, "read": 500}  # p95: a reviewer's save; the ranking, inbox and board
# Four groups of a quarter of the criteria each, 30 + 70 points as Quy định 366-QĐ/TW splits
# them: (title, points per criterion when there are 40).
GROUPS = (
    ("Lãnh đạo, chỉ đạo, quán triệt, tuyên truyền", Decimal(3)),
    ("Xây dựng và nhân rộng điển hình", Decimal(2)),
    ("Sinh hoạt chuyên đề, kiểm tra, giám sát", Decimal("2.5")),
    ("Kết quả thực hiện nhiệm vụ chính trị", Decimal("2.5")),
)
STATES = (  # a recommendation's state, by its share (fixed ones confirmed on a day)
    (FixState.OPEN, 30),
    (FixState.FIXING, 20),
    (FixState.REPORTED, 10),
    (FixState.FIXED, 40),
)


def _timed(fn, runs: int) -> list[float]:
    fn()  # warm the caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


class Command(BaseCommand):
    help = (
        "Đo hiệu năng đánh giá, xếp loại và theo dõi kiến nghị / benchmark a province's round "
        "of 100 communes and 10,000 recommendations (after bench-org --keep, or on an empty "
        "database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=100, help="communes evaluated")
        parser.add_argument("--criteria", type=int, default=40, help="a multiple of 4")
        parser.add_argument("--recommendations", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=20)

    def handle(self, *args, units, criteria, recommendations, runs, **options):
        if criteria < 4 or criteria % 4 or units < THROUGH_SERVICES + 2:
            raise CommandError(f"--criteria a multiple of 4 and --units {THROUGH_SERVICES + 2}+")
        if recommendations < units * PER_INSPECTION:
            raise CommandError(f"--recommendations {units * PER_INSPECTION}+ (5 per commune)")
        real = Inspection.objects.exclude(title__endswith=MARK).exists() or (
            Round.objects.exclude(criteria_set__code=CODE).exists()
        )
        if real:
            raise CommandError("the database holds real oversight records; use the bench database")
        started = time.perf_counter()
        with transaction.atomic():
            deleted = self._delete()
            province, communes, built = self._province(units)
            self.user, self.editor = self._users(province, communes[0])
            round_ = self._round(province, communes, criteria)
            made = self._recommendations(province, communes, recommendations)
        generated = time.perf_counter() - started
        with connection.cursor() as cursor:  # fresh statistics (not VACUUM in a transaction)
            pg = connection.vendor == "postgresql"
            cursor.execute("VACUUM ANALYZE" if pg and not connection.in_atomic_block else "ANALYZE")
        scores = Score.objects.filter(evaluation__round=round_).count()
        self.stdout.write(
            f"bench-oversight on {connection.vendor}: {province.name} "
            f"({'built here' if built else 'of the bench tree'}), a round of {len(communes)} "
            f"communes on {criteria} criteria ({scores:,} scores, every sheet self-scored and "
            f"reviewed) and {made:,} recommendations of "
            f"{Inspection.objects.filter(unit=province).count()} inspections, generated in "
            f"{generated:.1f} s"
            + (f"; the previous run's round deleted ({deleted})" if deleted else "")
        )
        checks.same_shape(
            round_,
            sheets=self.through_services,
            recommendations=self.made_by_services,
            leave_out=self.reviewing,
            mark=MARK,
        )
        self.stdout.write(checks.ranking_adds_up(round_))
        self.stdout.write(machine.describe())
        self._measure(round_, province, communes[0], runs)

    # --- The data -----------------------------------------------------------------------------

    def _delete(self) -> int:
        """What a previous run wrote, a statement a table (a delete through the ORM would fetch
        every row and write an audit entry for each)."""
        alias = connection.alias
        ours = {"inspection__title__endswith": MARK}
        rounds = Round.objects.filter(criteria_set__code=CODE).count()
        Response.objects.filter(recommendation__inspection__title__endswith=MARK)._raw_delete(alias)
        for model in (Recommendation, Finding, Target):
            model.objects.filter(**ours)._raw_delete(alias)
        for field in ("documents", "plans"):
            through = getattr(Inspection, field).through
            through.objects.filter(**ours)._raw_delete(alias)
        Inspection.objects.filter(title__endswith=MARK)._raw_delete(alias)
        Programme.objects.filter(title__endswith=MARK)._raw_delete(alias)
        Score.objects.filter(evaluation__round__criteria_set__code=CODE)._raw_delete(alias)
        Evaluation.objects.filter(round__criteria_set__code=CODE)._raw_delete(alias)
        Round.objects.filter(criteria_set__code=CODE)._raw_delete(alias)
        Criterion.sources.through.objects.filter(criterion__criteria_set__code=CODE)._raw_delete(
            alias
        )
        Criterion.objects.filter(criteria_set__code=CODE).update(parent=None)
        Criterion.objects.filter(criteria_set__code=CODE)._raw_delete(alias)
        CriteriaSet.sources.through.objects.filter(criteriaset__code=CODE)._raw_delete(alias)
        CriteriaSet.objects.filter(code=CODE)._raw_delete(alias)
        return rounds

    def _province(self, n_units: int) -> tuple[OrgUnit, list[OrgUnit], bool]:
        """The first province of the bench tree and its communes, or the one this command built
        before, or a new one."""
        province = (
            OrgUnit.objects.filter(kind="province", code__startswith="B-T").order_by("pk").first()
            or OrgUnit.objects.filter(code=PROVINCE).first()
        )
        built = province is None
        if built:
            if OrgUnit.objects.exists():
                raise CommandError(
                    "no bench tree (`lamtheo bench-org --keep`) and the database holds org "
                    "units: use an empty, throwaway database"
                )
            province = self._build(n_units)
        else:
            built = province.code == PROVINCE
        communes = list(
            org.children(province, as_of=AS_OF).filter(kind="commune").order_by("name")[:n_units]
        )
        if len(communes) < THROUGH_SERVICES + 2:
            raise CommandError(f"{province.name} has {len(communes)} communes on {AS_OF}")
        return province, communes, built

    def _build(self, n_units: int) -> OrgUnit:
        """A province and its communes, written as bench-org writes its tree (bench data)."""
        start = date(2000, 1, 1)
        province = OrgUnit(
            code=PROVINCE,
            name="Tỉnh ủy Đánh giá",
            kind="province",
            valid_from=start,
            province_code="98",
        )
        communes = [
            OrgUnit(
                code=f"{PROVINCE}-X{c}",
                name=f"Đảng ủy xã Đánh giá {c + 1:03d}",
                kind="commune",
                valid_from=start,
                province_code="98",
            )
            for c in range(n_units)
        ]
        units = [province, *communes]
        for unit in units:  # bulk_create skips save(), which folds the name for search
            unit.search_name = fold(f"{unit.name} {unit.short_name}")
        OrgUnit.objects.bulk_create(units)
        Edge.objects.bulk_create(
            [Edge(child=c, parent=province, valid_from=start) for c in communes]
        )
        org_services.rebuild_closures([u.pk for u in units])
        return province

    def _users(self, province: OrgUnit, commune: OrgUnit) -> tuple[User, User]:
        """A provincial admin who opens, scores and reviews, and an editor of one commune (not
        superusers: the services and `visible_to` check the roles)."""
        found = []
        for username, unit, role in (
            (USERNAME, province, "admin"),
            (f"{USERNAME}-xa", commune, "editor"),
        ):
            user, made = User.objects.get_or_create(
                username=username, defaults={"full_name": "Bench kiểm tra", "position": "bench"}
            )
            if made:
                user.set_unusable_password()
                user.save(update_fields=["password"])
            Membership.objects.filter(user=user).exclude(unit=unit).delete()
            if not Membership.objects.filter(user=user, unit=unit, role=role).exists():
                org_services.grant_role(
                    user=user, unit=unit, role=role, valid_from=date(2000, 1, 1)
                )
            found.append(user)
        return found[0], found[1]

    def _round(self, province, communes, n_criteria) -> Round:
        per = n_criteria // len(GROUPS)
        nodes = []
        for g, (title, points) in enumerate(GROUPS, start=1):
            worth = (points * 10 / per).quantize(Decimal("0.01"))  # the group's 10 x points
            nodes.append(services.Node(str(g), title, None))
            nodes += [
                services.Node(f"{g}.{i}", f"{title}: tiêu chí {i}", worth, "Hồ sơ minh chứng")
                for i in range(1, per + 1)
            ]
        criteria_set = services.create_criteria_set(
            unit=province, code=CODE, name="Bộ tiêu chí (bench)", criteria=nodes, by=self.user
        )
        round_ = services.open_round(
            unit=province,
            criteria_set=criteria_set,
            title="Đánh giá thực hiện Kết luận 01-KL/TW năm 2025" + MARK,
            period=PERIOD,
            as_of=AS_OF,
            self_deadline=AS_OF + timedelta(days=30),
            review_deadline=AS_OF + timedelta(days=45),
            units=communes,
            quotas={"excellent": 20},
            by=self.user,
        )
        self.leaves = list(criteria_set.criteria.filter(is_group=False).order_by("position"))
        rng = random.Random(2041)  # noqa: S311 - reproducible data, not security
        sheets = list(round_.evaluations.select_related("round", "unit").order_by("unit__name"))
        # Through the services: three accepted, one more reviewed and left for the timed save.
        self.through_services = [e.pk for e in sheets[:THROUGH_SERVICES]]
        for evaluation in sheets[: THROUGH_SERVICES + 1]:
            own, reviewed, conditions = self._points(rng)
            evaluation = services.save_self(
                evaluation=evaluation,
                by=self.user,
                version=evaluation.version,
                scores={pk: {"points": p, "evidence": "Hồ sơ minh chứng"} for pk, p in own.items()},
            )
            evaluation = services.submit(
                evaluation=evaluation, by=self.user, version=evaluation.version
            )
            evaluation = services.review(
                evaluation=evaluation,
                by=self.user,
                version=evaluation.version,
                scores={
                    pk: {"points": p, "comment": "Chưa đủ minh chứng"} for pk, p in reviewed.items()
                },
                conditions=conditions,
            )
            if evaluation.pk in self.through_services:
                services.accept(evaluation=evaluation, by=self.user, version=evaluation.version)
            else:
                self.reviewing = evaluation.pk
        self._bulk_sheets(round_, sheets[THROUGH_SERVICES + 1 :], rng)
        return round_

    def _points(self, rng) -> tuple[dict, dict, list]:
        """A unit's own points (a level of its own, give or take), the reviewer's lower ones on
        about a quarter of the criteria, and the top grade's conditions half of them meet."""
        level = rng.triangular(0.45, 1.0, 0.95)
        own, reviewed = {}, {}
        for criterion in self.leaves:
            top = criterion.max_points
            share = min(1.0, max(0.0, level + rng.uniform(-0.1, 0.1)))
            own[criterion.pk] = (top * Decimal(share)).quantize(Decimal("0.25"))
            if rng.random() < 0.25:
                reviewed[criterion.pk] = max(Decimal(0), own[criterion.pk] - Decimal("0.5"))
        conditions = list(services.CONDITIONS) if rng.random() < 0.5 else []
        return own, reviewed, conditions

    def _bulk_sheets(self, round_, sheets, rng) -> None:
        """The other sheets as the services leave an accepted one: its scores, totals, grade,
        conditions, days and version (created, saved, handed in, reviewed, accepted)."""
        scale, now = round_.domain_scale, timezone.now()
        rows = []
        for evaluation in sheets:
            own, reviewed, conditions = self._points(rng)
            rows += [
                Score(
                    evaluation=evaluation,
                    criterion_id=pk,
                    self_points=points,
                    evidence="Hồ sơ minh chứng",
                    review_points=reviewed.get(pk),
                    review_comment="Chưa đủ minh chứng" if pk in reviewed else "",
                    reviewed_by=self.user if pk in reviewed else None,
                    reviewed_at=now if pk in reviewed else None,
                )
                for pk, points in own.items()
            ]
            evaluation.self_total = sum(own.values(), Decimal(0))
            evaluation.review_total = sum((reviewed.get(k, v) for k, v in own.items()), Decimal(0))
            evaluation.conditions = sorted(conditions)
            evaluation.grade = domain.classify(
                evaluation.review_total, scale, frozenset(conditions)
            ).value
            evaluation.status = EvaluationStatus.ACCEPTED
            evaluation.submitted_at = evaluation.decided_at = now
            evaluation.decided_by = self.user
            evaluation.version = 5
        Score.objects.bulk_create(rows, batch_size=2000)
        fields = [
            "self_total",
            "review_total",
            "conditions",
            "grade",
            "status",
            "submitted_at",
            "decided_at",
            "decided_by",
            "version",
        ]
        Evaluation.objects.bulk_update(sheets, fields, batch_size=500)

    def _recommendations(self, province, communes, total: int) -> int:
        """Inspections of every commune through the services, each asking five things of each
        commune; the recommendations bulk-written but for a few made through the services."""
        today = timezone.localdate()
        programme = services.create_programme(
            unit=province,
            year=today.year,
            title="Chương trình kiểm tra, giám sát" + MARK,
            by=self.user,
        )
        n_inspections = -(-total // (len(communes) * PER_INSPECTION))
        rng = random.Random(2042)  # noqa: S311 - reproducible data, not security
        made, rows, self.made_by_services = 0, [], []
        states = [s for s, share in STATES for _ in range(share)]
        for i in range(n_inspections):
            starts = today - timedelta(days=500 - i * (400 // n_inspections))
            inspection = services.create_inspection(
                unit=province,
                kind="inspection",
                title=f"Kiểm tra chuyên đề {i + 1}" + MARK,
                starts_on=starts,
                ends_on=starts + timedelta(days=10),
                targets=communes,
                programme=programme,
                by=self.user,
            )
            position = 0
            for commune in communes:
                for _ in range(PER_INSPECTION):
                    if made >= total:
                        break
                    made += 1
                    position += 1
                    deadline = starts + timedelta(days=rng.randint(30, 700))
                    if i == 0 and position <= THROUGH_SERVICES:
                        self._by_services(inspection, commune, deadline)
                        continue
                    state = rng.choice(states)
                    rows.append(
                        Recommendation(
                            inspection=inspection,
                            owner=commune,
                            province_code=commune.province_code,
                            position=position,
                            text=f"Khắc phục hạn chế số {position} của {commune.name}",
                            deadline=deadline,
                            state=state,
                            fixed_on=deadline - timedelta(days=3)
                            if state == FixState.FIXED
                            else None,
                            confirmed_by=self.user if state == FixState.FIXED else None,
                            version={FixState.OPEN: 1, FixState.FIXED: 3}.get(state, 2),
                        )
                    )
        Recommendation.objects.bulk_create(rows, batch_size=2000)
        return made

    def _by_services(self, inspection, commune, deadline) -> None:
        recommendation = services.add_recommendation(
            inspection=inspection,
            owner=commune,
            deadline=deadline,
            by=self.user,
            text_=f"Khắc phục hạn chế số {inspection.recommendations.count() + 1} của "
            f"{commune.name}",
        )
        self.made_by_services.append(recommendation.pk)

    # --- The timings --------------------------------------------------------------------------

    def _measure(self, round_, province, commune, runs):
        sheet = Evaluation.objects.select_related("round", "unit").get(pk=self.reviewing)
        cell = self.leaves[len(self.leaves) // 2]
        state = {"sheet": sheet, "n": 0}

        def save_one_cell():
            state["n"] += 1
            points = cell.max_points - Decimal("0.25") * (state["n"] % 4)
            state["sheet"] = services.review(
                evaluation=state["sheet"],
                by=self.user,
                version=state["sheet"].version,
                scores={cell.pk: {"points": points, "comment": f"Lần {state['n']}"}},
            )

        def listing(user):
            found = Recommendation.objects.visible_to(user).select_related("inspection", "owner")
            return found.count(), list(found.order_by("deadline", "pk")[:50])

        board = selectors.board(province)
        inbox = selectors.inbox(commune)
        unit_ids = list(round_.evaluations.values_list("unit_id", flat=True))
        self.stdout.write(
            f"the board: {sum(board.counts.values()):,} recommendations shown ({board.counts}); "
            f"an inbox: {sum(inbox.counts.values())} ({inbox.counts}); visible to the province's "
            f"admin {listing(self.user)[0]:,}, to a commune's editor {listing(self.editor)[0]}"
        )
        timed = (
            ("selectors.ranking (the round)", lambda: selectors.ranking(round_)),
            ("services.review (one cell of a sheet)", save_one_cell),
            ("selectors.sheet (a sheet's rows)", lambda: selectors.sheet(state["sheet"])),
            ("selectors.board (the province)", lambda: selectors.board(province)),
            ("selectors.inbox (a commune)", lambda: selectors.inbox(commune)),
            ("visible_to: count + first 50, province", lambda: listing(self.user)),
            ("visible_to: count + first 50, commune", lambda: listing(self.editor)),
            (
                "selectors.overdue_counts (every commune)",
                lambda: selectors.overdue_counts(unit_ids),
            ),
        )
        self.stdout.write(f"{'timed':<46}{'runs':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        p95 = {}
        for label, fn in timed:
            samples = _timed(fn, runs)
            p95[label] = percentile(samples, 0.95)
            self.stdout.write(
                f"{label:<46}{runs:>6}{statistics.median(samples):>10.1f}{p95[label]:>10.1f}"
                f"{samples[-1]:>10.1f}"
            )
        save = p95["services.review (one cell of a sheet)"]
        read = max(v for k, v in p95.items() if k.startswith("selectors.") and "sheet" not in k)
        self.stdout.write(
            f"goals: p95 under {GOALS_MS['save']} ms for a reviewer's save ({save:.1f} ms, "
            f"{save / GOALS_MS['save']:.2f} of it) and under {GOALS_MS['read']} ms for the "
            f"ranking, board and inbox (worst here {read:.1f} ms, {read / GOALS_MS['read']:.2f} "
            "of it)"
        )
