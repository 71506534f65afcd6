"""`lamtheo bench-reporting`: a province asks its 100 communes for a yearly report on 50
indicators and 4 narrative sections, every answer accepted; then the consolidation, the compiled
body and the official files timed (docs/benchmarks.md).

Run by `make bench` after `lamtheo bench-org --keep` (and the other bench commands), in the same
throwaway database: the first province of the bench tree and its communes. On an empty migrated
database it builds its own province of `--communes` communes first. The template and the request
go through the services; the answers are bulk-written (one revision each, its values and texts,
accepted), except a few handed in and accepted through the services, which the bulk-written ones
are then checked against field by field. Before timing, the consolidated totals and every
cell, as the hierarchy stood and restated, are checked against the same sums done in Python. A
rerun deletes what the previous one wrote.
"""

import io
import random
import statistics
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.bench import machine
from lamtheo.bench.report import percentile
from lamtheo.org import selectors as org
from lamtheo.org import services as org_services
from lamtheo.org.models import Edge, Membership, OrgUnit
from lamtheo.plans.domain import Aggregation
from lamtheo.plans.models import Indicator
from lamtheo.reporting import official, selectors, services
from lamtheo.reporting.models import (
    Narrative,
    Rendering,
    Report,
    Request,
    Revision,
    Section,
    SectionKind,
    Status,
    Submission,
    Template,
    Value,
)
from lamtheo.reporting.render import render_docx, render_pdf, render_xlsx
from lamtheo.reporting.render.pdf import office_binary
from lamtheo.vn.text import fold

CODE = "bench-reporting"  # the template's code; the indicators' codes start with it
USERNAME = "bench-reporting"
PROVINCE = "BR-T"  # the province this command builds when there is no bench tree
PERIOD, AS_OF, DEADLINE = "2025", date(2025, 12, 1), date(2026, 1, 15)
FIGURES = ["cases_commended", "commendations", "plans_issued", "conferences_held", "commitments"]
GOALS_MS = {"consolidate": 1000, "docx": 1000}  # p95
THROUGH_SERVICES = 3  # answers handed in and accepted through the services
TOLERANCE = Decimal("1e-6")  # SQLite adds decimals as floating point; PostgreSQL exactly

S, AVG, WAVG, MIN, MAX = (
    Aggregation.SUM,
    Aggregation.AVERAGE,
    Aggregation.WEIGHTED_AVERAGE,
    Aggregation.MIN,
    Aggregation.MAX,
)
# The first indicators: a weight, a rate weighted by it, an average, a minimum, a maximum;
# then counts. (name, measure, aggregation, lowest, highest, decimal places)
FIRST = (
    ("Số hộ dân", "hộ", S, 800, 6000, 0),
    ("Tỷ lệ hộ nghèo", "%", WAVG, 0, 4000, 2),
    ("Thu nhập bình quân đầu người", "triệu đồng", AVG, 300, 1500, 1),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", MIN, 8500, 10000, 2),
    ("Số sản phẩm OCOP cao nhất của một hợp tác xã", "sản phẩm", MAX, 0, 8, 0),
)
COUNTS = (
    ("Đảng viên mới kết nạp", "người"),
    ("Cán bộ, đảng viên đăng ký việc làm theo", "người"),
    ("Mô hình, cách làm hay", "mô hình"),
    ("Chi bộ sinh hoạt chuyên đề hằng quý", "chi bộ"),
    ("Hộ thoát nghèo", "hộ"),
    ("Đường giao thông được cứng hóa", "km"),
    ("Nhà văn hóa thôn được sửa chữa", "nhà"),
    ("Lao động được đào tạo nghề", "người"),
    ("Cuộc kiểm tra, giám sát", "cuộc"),
    ("Điển hình được biểu dương", "điển hình"),
)
PARAGRAPHS = (
    "Cấp ủy đã quán triệt Kết luận số 01-KL/TW và chủ đề năm đến {n} chi bộ; các chi bộ đưa "
    "nội dung học tập và làm theo Bác vào sinh hoạt định kỳ, gắn với nhiệm vụ chính trị của "
    "địa phương và việc khắc phục những hạn chế đã được chỉ ra.",
    "Nhiều mô hình, cách làm hay được nhân rộng: giúp hộ nghèo con giống, ngày công; hiến đất "
    "làm đường; bữa cơm nhân ái; hướng dẫn kỹ thuật sản xuất cho {n} hộ; việc làm cụ thể của "
    "người đứng đầu được Nhân dân ghi nhận.",
    "Việc theo dõi, đánh giá, biểu dương điển hình ở {n} thôn chưa thường xuyên; một bộ phận "
    "đảng viên đăng ký việc làm theo còn chung chung, chưa gắn với nhiệm vụ được giao.",
    "Tiếp tục sinh hoạt chuyên đề, kiểm tra, giám sát việc thực hiện; phát hiện, biểu dương kịp "
    "thời tập thể, cá nhân điển hình, phấn đấu có thêm {n} mô hình mới trong năm tới.",
)


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock(hour)))


def _timed(fn, runs: int) -> list[float]:
    fn()  # warm the caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def _close(got: Decimal | None, expected: Decimal | None) -> bool:
    if got is None or expected is None:
        return got is expected
    return abs(got - expected) <= TOLERANCE * max(1, abs(expected))


class Command(BaseCommand):
    help = (
        "Đo hiệu năng tổng hợp báo cáo định kỳ / benchmark the consolidation and rendering of a "
        "province's report from 100 communes (after bench-org --keep, or on an empty database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=100)
        parser.add_argument("--indicators", type=int, default=50)
        parser.add_argument("--runs", type=int, default=20)
        parser.add_argument(
            "--pdf-runs", type=int, default=3, help="runs of the PDF (LibreOffice: seconds each)"
        )

    def handle(self, *args, communes, indicators, runs, pdf_runs, **options):
        if indicators < len(FIRST) + 1 or communes < THROUGH_SERVICES + 1:
            raise CommandError(f"--indicators {len(FIRST) + 1}+ and --communes 4+, please")
        if Request.objects.exclude(template__code=CODE).exists():
            raise CommandError("the database holds real reports; use the throwaway bench database")
        started = time.perf_counter()
        with transaction.atomic():
            deleted = self._delete()
            province, recipients, built = self._province(communes)
            self.user = self._user(province)
            request = self._generate(province, recipients, indicators)
        generated = time.perf_counter() - started
        with connection.cursor() as cursor:  # fresh statistics (VACUUM cannot run in a test's
            # transaction; ANALYZE alone can)
            pg = connection.vendor == "postgresql"
            cursor.execute("VACUUM ANALYZE" if pg and not connection.in_atomic_block else "ANALYZE")
        n_values = Value.objects.filter(revision__submission__request=request).count()
        self.stdout.write(
            f"bench-reporting on {connection.vendor}: {province.name} "
            f"({'built here' if built else 'of the bench tree'}), a request to "
            f"{len(recipients)} communes on {len(self.indicators)} indicators, every answer "
            f"accepted: {n_values:,} values and "
            f"{Narrative.objects.filter(revision__submission__request=request).count():,} texts, "
            f"generated in {generated:.1f} s"
            + (f"; the previous run's request deleted ({deleted})" if deleted else "")
        )
        self._check_shape(request)
        self._check_sums(request)
        self.stdout.write(machine.describe())
        self._measure(request, runs, pdf_runs)

    # --- The data -----------------------------------------------------------------------------

    def _delete(self) -> int:
        """What a previous run wrote, a statement a table (a delete through the ORM would fetch
        every value and write an audit entry for each)."""
        alias = connection.alias
        ours = {"template__code": CODE}
        requests = Request.objects.filter(**ours).count()
        Rendering.objects.filter(report__request__template__code=CODE)._raw_delete(alias)
        Report.objects.filter(request__template__code=CODE)._raw_delete(alias)
        Submission.objects.filter(request__template__code=CODE).update(accepted=None)
        for model in (Value, Narrative):
            model.objects.filter(revision__submission__request__template__code=CODE)._raw_delete(
                alias
            )
        Revision.objects.filter(submission__request__template__code=CODE)._raw_delete(alias)
        Submission.objects.filter(request__template__code=CODE)._raw_delete(alias)
        Request.objects.filter(**ours)._raw_delete(alias)
        Section.indicators.through.objects.filter(section__template__code=CODE)._raw_delete(alias)
        Section.objects.filter(**ours)._raw_delete(alias)
        Template.objects.filter(code=CODE)._raw_delete(alias)
        self._ours().update(weight=None)
        self._ours()._raw_delete(alias)
        return requests

    def _ours(self):
        return Indicator.objects.filter(code__startswith=CODE + "-")

    def _province(self, n_communes: int) -> tuple[OrgUnit, list[OrgUnit], bool]:
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
            province = self._build(n_communes)
        else:
            built = province.code == PROVINCE
        communes = list(
            org.children(province, as_of=AS_OF).filter(kind="commune").order_by("name")[:n_communes]
        )
        if len(communes) <= THROUGH_SERVICES:
            raise CommandError(f"{province.name} has {len(communes)} communes on {AS_OF}")
        return province, communes, built

    def _build(self, n_communes: int) -> OrgUnit:
        """A province and its communes, written as bench-org writes its tree (bench data)."""
        start = date(2000, 1, 1)
        province = OrgUnit(
            code=PROVINCE,
            name="Tỉnh ủy Thử nghiệm",
            kind="province",
            valid_from=start,
            province_code="99",
        )
        communes = [
            OrgUnit(
                code=f"{PROVINCE}-X{c}",
                name=f"Đảng ủy xã Thử nghiệm {c + 1:03d}",
                kind="commune",
                valid_from=start,
                province_code="99",
            )
            for c in range(n_communes)
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

    def _user(self, province: OrgUnit) -> User:
        """A provincial admin (not a superuser: the services check the role)."""
        user, made = User.objects.get_or_create(
            username=USERNAME, defaults={"full_name": "Bench báo cáo", "position": "bench"}
        )
        if made:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if not Membership.objects.filter(user=user, unit=province, role="admin").exists():
            org_services.grant_role(
                user=user, unit=province, role="admin", valid_from=date(2000, 1, 1)
            )
        return user

    def _indicators(self, province: OrgUnit, n: int) -> list[Indicator]:
        """The catalogue: raw `bulk_create`, bench data like bench-plans' (the weight first)."""
        specs = [*FIRST]
        for i in range(n - len(FIRST)):
            name, measure = COUNTS[i % len(COUNTS)]
            suffix = f" (nhóm {i // len(COUNTS) + 1})" if i >= len(COUNTS) else ""
            specs.append((name + suffix, measure, S, 0, 60 + 40 * (i % 7), 0))
        self.specs = {}
        weight = Indicator.objects.create(
            code=f"{CODE}-01", name=specs[0][0], measure=specs[0][1], unit=province
        )
        rest = Indicator.objects.bulk_create(
            [
                Indicator(
                    code=f"{CODE}-{i + 1:02d}",
                    name=name,
                    measure=measure,
                    aggregation=how,
                    weight=weight if how == WAVG else None,
                    unit=province,
                )
                for i, (name, measure, how, *_range) in enumerate(specs)
                if i
            ]
        )
        made = [weight, *rest]
        for indicator, (*_name, low, high, places) in zip(made, specs, strict=True):
            self.specs[indicator.pk] = (low, high, places)
        return made

    def _values(self, rng) -> dict[int, Decimal]:
        found = {}
        for pk, (low, high, places) in self.specs.items():
            found[pk] = Decimal(rng.randint(low, high)).scaleb(-places)
        return found

    def _texts(self, rng, sections) -> dict[int, str]:
        return {
            section.pk: "\n".join(
                paragraph.format(n=rng.randint(3, 40))
                for paragraph in (PARAGRAPHS[i], PARAGRAPHS[(i + 1) % len(PARAGRAPHS)])
            )
            for i, section in enumerate(sections)
        }

    def _generate(self, province, communes, n_indicators) -> Request:
        rng = random.Random(2040)  # noqa: S311 - reproducible data, not security
        self.indicators = self._indicators(province, n_indicators)
        template = services.create_template(
            unit=province,
            code=CODE,
            name="Báo cáo năm kết quả học tập và làm theo Bác (bench)",
            sections=services.standard_sections(self.indicators, FIGURES),
            by=self.user,
        )
        request = services.issue_request(
            unit=province,
            template=template,
            title="Báo cáo kết quả năm 2025 thực hiện Kết luận số 01-KL/TW (bench)",
            period=PERIOD,
            deadline=DEADLINE,
            units=communes,
            by=self.user,
            as_of=AS_OF,
        )
        sections = list(template.sections.filter(kind=SectionKind.NARRATIVE).order_by("position"))
        submissions = list(request.submissions.order_by("unit__name"))
        for submission in submissions[:THROUGH_SERVICES]:  # the services path
            submission = services.submit(
                submission=submission,
                by=self.user,
                version=submission.version,
                values=self._values(rng),
                narratives=self._texts(rng, sections),
            )
            services.accept(submission=submission, by=self.user, version=submission.version)
        self.through_services = [s.pk for s in submissions[:THROUGH_SERVICES]]
        # The others as those calls leave them, bulk-written: one revision each, accepted.
        bulk = submissions[THROUGH_SERVICES:]
        revisions = []
        for index, submission in enumerate(bulk):
            handed = _at(DEADLINE - timedelta(days=10 - index % 12))
            revisions.append(
                Revision(
                    submission=submission,
                    number=1,
                    saved_by=self.user,
                    saved_at=handed,
                    submitted_at=handed,
                    accepted_at=handed + timedelta(days=2),
                )
            )
        Revision.objects.bulk_create(revisions)
        values, texts = [], []
        for revision in revisions:
            values += [
                Value(revision=revision, indicator_id=pk, value=value)
                for pk, value in self._values(rng).items()
            ]
            texts += [
                Narrative(revision=revision, section_id=pk, text=text)
                for pk, text in self._texts(rng, sections).items()
            ]
        Value.objects.bulk_create(values, batch_size=2000)
        Narrative.objects.bulk_create(texts, batch_size=500)
        for submission, revision in zip(bulk, revisions, strict=True):
            submission.status, submission.revision, submission.accepted = (
                Status.ACCEPTED,
                1,
                revision,
            )
            submission.first_submitted_at = submission.submitted_at = revision.submitted_at
            submission.decided_at, submission.decided_by = revision.accepted_at, self.user
            submission.version = 3  # created, handed in, accepted
        Submission.objects.bulk_update(
            bulk,
            [
                "status",
                "revision",
                "accepted",
                "first_submitted_at",
                "submitted_at",
                "decided_at",
                "decided_by",
                "version",
            ],
            batch_size=500,
        )
        return request

    # --- The checks ---------------------------------------------------------------------------

    def _check_shape(self, request):
        """A bulk-written answer holds what the services leave: the same fields set, the same
        status, version, and as many values and texts."""

        def shape(submission):
            revision = submission.accepted
            return (
                submission.status,
                submission.revision,
                submission.version,
                submission.reason,
                *(
                    getattr(submission, f) is None
                    for f in ("first_submitted_at", "submitted_at", "decided_at", "decided_by_id")
                ),
                revision.number,
                *(
                    getattr(revision, f) is None
                    for f in ("saved_by_id", "saved_at", "submitted_at", "accepted_at")
                ),
                revision.values.count(),
                revision.narratives.count(),
                submission.revisions.count(),
            )

        found = request.submissions.select_related("accepted")
        made = [shape(s) for s in found.filter(pk__in=self.through_services)]
        written = [shape(s) for s in found.exclude(pk__in=self.through_services).order_by("?")[:5]]
        if len(set(made)) != 1 or set(written) != set(made):
            raise CommandError(
                f"bulk-written answers differ from those made through the services: services "
                f"{sorted(set(made))}, bulk {sorted(set(written))}"
            )

    def _expected(self, request):
        """Per indicator: the aggregate of the accepted values of every commune, and each
        commune's own, in Python."""
        rows = Value.objects.filter(
            revision__submission__request=request,
            revision_id=F("revision__submission__accepted_id"),
        ).values_list("revision__submission__unit_id", "indicator_id", "value")
        by_unit: dict[int, dict[int, Decimal]] = {}
        for unit, indicator, value in rows:
            by_unit.setdefault(unit, {})[indicator] = value
        totals = {}
        for indicator in self.indicators:
            found = [(u, v[indicator.pk]) for u, v in by_unit.items() if indicator.pk in v]
            numbers = [v for _u, v in found]
            how = Aggregation(indicator.aggregation)
            if how == WAVG:
                weights = [by_unit[u][indicator.weight_id] for u, _v in found]
                value = sum(v * w for v, w in zip(numbers, weights, strict=True)) / sum(weights)
            else:
                value = {
                    S: lambda n: sum(n),
                    AVG: lambda n: sum(n) / len(n),
                    MIN: min,
                    MAX: max,
                }[how](numbers)
            totals[indicator.pk] = (value, len(numbers))
        cells = {
            (indicator, unit): value
            for unit, values in by_unit.items()
            for indicator, value in values.items()
        }
        return totals, cells

    def _check_sums(self, request):
        totals, cells = self._expected(request)
        checked = 0
        for restated in (False, True):
            got = selectors.consolidate(request, restated=restated)
            how = "restated" if restated else "as it stood"
            for pk, (value, count) in totals.items():
                cell = got.totals.get(pk)
                if cell is None or cell.reporters != count or not _close(cell.value, value):
                    raise CommandError(
                        f"consolidation ({how}), indicator {pk}: {cell} where the values "
                        f"fetched give {value} from {count} communes"
                    )
            for key, value in cells.items():
                cell = got.cells.get(key)
                if cell is None or cell.reporters != 1 or not _close(cell.value, value):
                    raise CommandError(
                        f"consolidation ({how}), cell {key}: {cell} where the commune "
                        f"reported {value}"
                    )
            checked += len(totals) + len(cells)
        body = services.reports.compile_body(request, restated=False)
        table = next(
            b
            for b in body
            if b["t"] == "table" and b["caption"] == "Kết quả thực hiện các chỉ tiêu"
        )
        reporters = [row[4] for row in table["rows"]]
        if reporters != [
            str(totals[i.pk][1]) for i in sorted(self.indicators, key=lambda i: i.code)
        ]:
            raise CommandError(f"the compiled indicator table counts {reporters} reporters")
        self.stdout.write(
            f"checked against the same sums in Python: {checked:,} totals and cells (as it "
            f"stood and restated; sums, averages, minimum, maximum, a weighted average); the "
            f"{THROUGH_SERVICES} answers made through the services hold the same fields as the "
            "bulk-written ones"
        )

    # --- The timings --------------------------------------------------------------------------

    def _measure(self, request, runs, pdf_runs):
        report = services.consolidate(request=request, by=self.user)
        report = services.update_report(
            report=report,
            by=self.user,
            version=report.version,
            number="15-BC/TU",
            place=report.place,
            signed_on=DEADLINE + timedelta(days=20),
            issuer=report.issuer,
            abstract=report.abstract,
            authority="T/M BAN THƯỜNG VỤ",
            signer_title="PHÓ BÍ THƯ THƯỜNG TRỰC",
            signer="Nguyễn Văn Bench",
            recipients="- Ban Thường vụ Tỉnh ủy,\n- Lưu Văn phòng Tỉnh ủy.",
        )
        document = official.document_of(report)
        docx = render_docx(document)
        engine = "libreoffice" if office_binary() else "html (WeasyPrint)"
        pdf = render_pdf(docx, document) if pdf_runs > 0 else b""
        xlsx = render_xlsx(document)
        blocks = {kind: sum(b["t"] == kind for b in report.body) for kind in ("paragraph", "table")}
        made = (
            f".pdf {len(pdf) / 1024:,.0f} KB{self._pages(pdf)} by {engine}"
            if pdf
            else f".pdf not made (--pdf-runs 0; the engine would be {engine})"
        )
        self.stdout.write(
            f"the report: {len(report.body)} blocks ({blocks['paragraph']} paragraphs, "
            f"{blocks['table']} tables, a chart); .docx {len(docx) / 1024:,.0f} KB, {made}, "
            f".xlsx {len(xlsx) / 1024:,.0f} KB"
        )
        timed = (
            ("selectors.consolidate, as it stood", runs, lambda: selectors.consolidate(request)),
            (
                "selectors.consolidate, restated",
                runs,
                lambda: selectors.consolidate(request, restated=True),
            ),
            (
                "services.reports.compile_body (whole body)",
                runs,
                lambda: services.reports.compile_body(request, restated=False),
            ),
            ("render_docx(official.document_of(report))", runs, lambda: render_docx(document)),
            (f"render_pdf ({engine.split()[0]})", pdf_runs, lambda: render_pdf(docx, document)),
            ("render_xlsx", runs, lambda: render_xlsx(document)),
        )
        self.stdout.write(f"{'timed':<46}{'runs':>6}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}")
        p95 = {}
        for label, n, fn in timed:
            if n <= 0:
                continue
            samples = _timed(fn, n)
            p95[label] = percentile(samples, 0.95)
            self.stdout.write(
                f"{label:<46}{n:>6}{statistics.median(samples):>10.1f}{p95[label]:>10.1f}"
                f"{samples[-1]:>10.1f}"
            )
        consolidation = max(v for k, v in p95.items() if k.startswith("selectors.consolidate"))
        word = p95["render_docx(official.document_of(report))"]
        self.stdout.write(
            f"goals: p95 under {GOALS_MS['consolidate']} ms for the consolidation (worst here "
            f"{consolidation:.1f} ms, {consolidation / GOALS_MS['consolidate']:.2f} of it) and "
            f"under {GOALS_MS['docx']} ms for the .docx ({word:.1f} ms, "
            f"{word / GOALS_MS['docx']:.2f} of it)"
        )

    def _pages(self, pdf: bytes) -> str:
        try:
            from pypdf import PdfReader
        except ImportError:  # a test dependency
            return ""
        return f" ({len(PdfReader(io.BytesIO(pdf)).pages)} pages)"
