"""`lamtheo bench-docs`: 100,000 generated documents over the units of the bench tree, then the
registry's searches timed as people make them (docs/benchmarks.md).

Run by `make bench` after `lamtheo bench-org --keep`, in the same throwaway database: the
documents are issued by its provinces, districts (before 1/7/2025) and communes, and a
provincial admin searches with the visibility rule applied.
"""

import random
import statistics
import time
from datetime import date, timedelta
from itertools import pairwise

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from lamtheo.accounts.models import User
from lamtheo.documents import domain, search, selectors
from lamtheo.documents.models import Document
from lamtheo.org.models import Membership, OrgUnit

KINDS = (  # (kind key, type code, weight)
    ("ke-hoach", "KH", 30),
    ("bao-cao", "BC", 25),
    ("nghi-quyet", "NQ", 10),
    ("thong-bao", "TB", 10),
    ("quyet-dinh", "QĐ", 10),
    ("huong-dan", "HD", 5),
    ("chuong-trinh", "CTr", 5),
    ("ket-luan", "KL", 5),
)
ISSUER = {"province": "TU", "district": "HU", "commune": "ĐU"}
PLACES = (
    "Điện Biên", "Hà Tĩnh", "Bắc Kạn", "Thái Nguyên", "Lào Cai", "Sơn La", "Lai Châu",
    "Tuyên Quang", "Cao Bằng", "Lạng Sơn", "Quảng Ninh", "Hải Phòng", "Nghệ An", "Quảng Trị",
    "Huế", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Lâm Đồng", "Đồng Nai",
    "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)  # fmt: skip
TOPICS = (
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "xây dựng, chỉnh đốn Đảng và hệ thống chính trị",
    "chuyển đổi số trong cơ quan Đảng",
    "xây dựng nông thôn mới nâng cao",
    "giảm nghèo bền vững",
    "cải cách hành chính, nâng cao chỉ số PCI và PAR Index",
    "công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
    "phát triển du lịch cộng đồng",
    "công tác dân vận của hệ thống chính trị",
    "phòng, chống tham nhũng, tiêu cực",
    "phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh",
    "biểu dương, nhân rộng điển hình tiên tiến",
)
VERBS = ("Thực hiện", "Triển khai", "Sơ kết", "Tổng kết", "Kết quả", "Tăng cường", "Đẩy mạnh")
WORDS = tuple(
    """
cấp ủy chi bộ đảng viên cán bộ nhân dân đơn vị địa phương nhiệm vụ giải pháp kết quả
hạn chế nguyên nhân tồn tại phong trào mô hình cách làm hay điển hình tiên tiến khen thưởng
biểu dương tuyên truyền quán triệt học tập nghị quyết chương trình kế hoạch chỉ tiêu thôn bản
xã phường tổ chức hội nghị kiểm tra giám sát đánh giá xếp loại hoàn thành xuất sắc tốt trách
nhiệm người đứng đầu nêu gương đoàn kết thống nhất dân chủ kỷ cương sản xuất hàng hóa chuỗi
giá trị sản phẩm OCOP hợp tác xã doanh nghiệp đầu tư hạ tầng giao thông trường học trạm y tế
nước sạch môi trường rừng đất đai thu nhập bình quân hộ nghèo cận nghèo an sinh xã hội văn
hóa thể thao du lịch chuyển đổi số dịch vụ công
""".split()  # noqa: SIM905 - a vocabulary reads better as text
)
REFS = (
    "Kết luận số 01-KL/TW",
    "Chỉ thị số 05-CT/TW",
    "Quy định số 144-QĐ/TW",
    "Kết luận số 21-KL/TW",
)
QUERIES = (
    ("ke hoach 129", {}),
    ("dien bien", {}),
    ("ket luan 01", {}),
    ("129-KH/TU", {}),
    ("thuc hien", {}),
    ("chuyen doi so", {}),
    ("giam ngheo ben vung", {"kind": "KH", "date_from": date(2023, 1, 1)}),
    ("", {}),
    ("", {"kind": "BC", "date_from": date(2024, 1, 1), "date_to": date(2024, 12, 31)}),
)


def _vocabulary(rng) -> tuple[list[str], list[float]]:
    """Words and two-word phrases with Zipf frequencies (the n-th most common is n times rarer
    than the first), as in real text: a few in nearly every document, most in few of them."""
    terms = sorted(set(WORDS) | {f"{a} {b}" for a, b in pairwise(WORDS)})
    rng.shuffle(terms)
    weights, total = [], 0.0
    for rank in range(len(terms)):
        total += 1 / (rank + 1)
        weights.append(total)
    return terms, weights


def _timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def _p95(samples: list[float]) -> float:
    return samples[min(len(samples) - 1, int(len(samples) * 0.95))]


class Command(BaseCommand):
    help = "Benchmark the document search on 100,000 generated documents (after bench-org)."

    def add_arguments(self, parser):
        parser.add_argument("--documents", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--explain", action="store_true", help="print the query plans")

    def handle(self, *args, documents, runs, explain, **options):
        if Document.objects.exists():
            raise CommandError("the database holds documents; use the throwaway bench database")
        issuers = list(
            OrgUnit.objects.filter(kind__in=ISSUER).only(
                "id", "kind", "name", "valid_to", "province_code"
            )
        )
        if not issuers:
            raise CommandError("no units: run `lamtheo bench-org --keep` first")
        started = time.perf_counter()
        with transaction.atomic():
            self._generate(issuers, documents)
        generated = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        self.stdout.write(
            f"bench-docs on {connection.vendor}: {documents:,} documents generated and indexed "
            f"in {generated:.1f} s"
        )
        self._measure(issuers, runs, explain)

    def _generate(self, issuers, total):
        rng = random.Random(2026)  # noqa: S311 - reproducible data, not security
        counters: dict[tuple, int] = {}
        kinds = [k for k in KINDS for _ in range(k[2])]
        # A provincial committee issues far more than a commune: 60% of the documents come from
        # the 34 provinces (a few hundred plans a term each, as 129-KH/TU and 499-BC/TU show).
        provinces = [u for u in issuers if u.kind == "province"]
        others = [u for u in issuers if u.kind != "province"]
        terms, weights = _vocabulary(rng)
        batch = []
        for i in range(total):
            unit = rng.choice(provinces if rng.random() < 0.6 or not others else others)
            last = (unit.valid_to or date(2026, 11, 30)) - timedelta(days=1)
            day = date(2016, 1, 1) + timedelta(days=rng.randrange((last - date(2016, 1, 1)).days))
            key, code, _ = rng.choice(kinds)
            term = domain.default_term(style="party", issued_on=day, central=False)
            number = counters[(unit.pk, code, term)] = counters.get((unit.pk, code, term), 0) + 1
            issuer = ISSUER[unit.kind]
            place = rng.choice(PLACES) if i % 7 else "Điện Biên"
            topic = rng.choice(TOPICS)
            title = f"{rng.choice(VERBS)} {topic} năm {day.year} tại {place}"
            body = " ".join(
                [
                    f"{rng.choice(REFS)}, ngày {day.day}/{day.month}/{day.year}.",
                    *rng.choices(terms, cum_weights=weights, k=rng.randrange(60, 200)),
                    f"Về {topic}.",
                ]
            )
            batch.append(
                Document(
                    unit=unit,
                    province_code=unit.province_code,
                    style="party",
                    profile="party-2018",
                    kind=key,
                    number=number,
                    number_text=f"{number:02d}",
                    type_code=code,
                    issuer_code=issuer,
                    symbol=f"{number:02d}-{code}/{issuer}",
                    term=term,
                    issued_on=day,
                    place=place,
                    title=title,
                    body=body,
                )
            )
            if len(batch) == 2000 or i == total - 1:
                self._write(batch)
                batch = []

    def _write(self, batch):
        Document.objects.bulk_create(batch)
        search.write_index(
            [
                (
                    d.pk,
                    search.index_text(search.head_text(d)),
                    search.index_text(d.title),
                    search.index_text(d.body),
                )
                for d in batch
            ]
        )

    def _measure(self, issuers, runs, explain):
        superuser = User.objects.create(username="bench-docs-root", is_superuser=True)
        province = next(u for u in issuers if u.kind == "province")
        admin = User.objects.create(username="bench-docs-admin")
        Membership.objects.create(
            user=admin, unit=province, role="admin", valid_from=date(2020, 1, 1)
        )
        self.stdout.write(
            f"{'search (20 per page, with snippets)':<52}{'who':>7}{'found':>9}"
            f"{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        )
        every = []
        for user, who in ((superuser, "all"), (admin, "prov")):
            for text, extra in QUERIES:
                filters = selectors.Filters(q=text, **extra)

                def run(filters=filters, user=user):
                    page = selectors.find(user, filters, limit=20)
                    for d in page.documents:
                        search.highlight(d.title, page.query)
                        search.highlight(d.body, page.query, width=search.SNIPPET_WIDTH)
                    return page

                found = run().total  # warm
                samples = _timed(run, runs)
                every += samples
                label = (repr(text) if text else "(newest)") + (
                    " " + ",".join(f"{k}={v}" for k, v in extra.items()) if extra else ""
                )
                self.stdout.write(
                    f"{label[:52]:<52}{who:>7}{found:>9,}{statistics.median(samples):>9.2f}"
                    f"{_p95(samples):>9.2f}{samples[-1]:>9.2f}"
                )
        every.sort()
        p95 = _p95(every)
        self.stdout.write(
            f"all searches: p50 {statistics.median(every):.2f} ms, p95 {p95:.2f} ms "
            f"(goal on PostgreSQL: p95 < 100 ms, {p95 / 100:.2f} of it)"
        )
        if explain:
            page_qs = selectors.filtered(admin, selectors.Filters())
            self.stdout.write(page_qs.explain())
