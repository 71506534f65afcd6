"""The invented cases behind Bắc Kạn's "1.567 điển hình được các cấp ủy biểu dương, khen
thưởng" over 2021-2024 [001] (../../shared/DEMO.md).

The figure is not typed in anywhere: after the cases the texts describe, as many commended
cases as the statistics still miss are generated each year, across Bắc Kạn's legacy districts
and communes, its fields of work, mostly collective, each with its commendations (decisions
numbered as a committee numbers them), a few replicated or published. Every one carries the
source `DEMO_SOURCE`. They come from a seeded random source, so each load makes the same demo,
and are written in a few statements whatever their number (`audit.bulk`).
"""

import random
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from lamtheo.audit import bulk
from lamtheo.org import selectors as org
from lamtheo.org.models import OrgUnit

from .. import domain, selectors
from ..models import Case, Commendation, Field, Form, Level, Replication, Status
from .texts import CONFERENCE, CONFERENCE_NOTE, DEMO, DEMO_SOURCE, aware, unit_named

# [001]: điển hình được các cấp ủy biểu dương, khen thưởng in Bắc Kạn over 2021-2024.
REPORTED_COMMENDED = 1567
YEARS = (2021, 2022, 2023, 2024)
# How the cases spread over the years (KL 01 dates from May 2021, the report from May 2024):
# demo weights, not reported figures.
YEAR_WEIGHTS = {2021: 20, 2022: 30, 2023: 33, 2024: 17}

# Per field: titles, collectives of a village (thôn, tổ dân phố), of a commune, of a district
# ("{unit}": the committee's name, else the place follows), the role of an individual, a story
# with a figure {n}.
KINDS_OF_WORK = {
    "kinh-te": (
        (
            "Trồng cam, quýt theo tiêu chuẩn VietGAP",
            "Liên kết sản xuất và tiêu thụ miến dong",
            "Nuôi lợn đen bản địa theo hướng hàng hóa",
            "Trồng rừng gỗ lớn kết hợp cây dược liệu",
            "Trồng bí xanh thơm trên ruộng một vụ",
        ),
        ("Tổ hợp tác", "Chi hội Nông dân"),
        ("Hợp tác xã nông nghiệp",),
        (
            "Chi bộ Phòng Nông nghiệp và Phát triển nông thôn",
            "Hội Nông dân",
            "Chi bộ Trạm Khuyến nông",
        ),
        "Hội viên Hội Nông dân",
        "Từ {n} hộ ban đầu, mô hình mở rộng sản xuất, tăng thu nhập và được nhiều hộ học tập.",
    ),
    "nong-thon-moi": (
        (
            "Hiến đất, góp công làm đường giao thông nông thôn",
            "Xây dựng khu dân cư nông thôn mới kiểu mẫu",
            "Giúp thôn khó khăn hoàn thành tiêu chí nông thôn mới",
            "Bê tông hóa đường nội đồng",
        ),
        ("Chi bộ", "Ban công tác Mặt trận"),
        ("Đoàn Thanh niên",),
        (
            "Chi bộ Phòng Kinh tế - Hạ tầng",
            "Ban Quản lý dự án đầu tư xây dựng",
            "Ủy ban Mặt trận Tổ quốc Việt Nam",
        ),
        "Bí thư Chi bộ",
        "Vận động {n} hộ hiến đất và góp ngày công, góp phần xây dựng nông thôn mới ở địa phương.",
    ),
    "thien-nguyen": (
        (
            "Chuyến xe không đồng đưa bệnh nhân nghèo đi viện",
            "Bữa cơm nhân ái cho người nhà bệnh nhân",
            "Tủ áo ấm, tủ bánh mì miễn phí",
            "Quyên góp giúp gia đình gặp hoạn nạn",
        ),
        ("Chi hội Phụ nữ", "Nhóm thiện nguyện"),
        ("Hội Chữ thập đỏ",),
        ("Hội Liên hiệp Phụ nữ", "Huyện đoàn", "Hội Chữ thập đỏ"),
        "Hội viên Hội Liên hiệp Phụ nữ",
        "Mỗi năm giúp khoảng {n} lượt người khó khăn bằng đóng góp của hội viên, nhà hảo tâm.",
    ),
    "an-sinh": (
        (
            "Giúp hộ nghèo thoát nghèo bền vững",
            "Làm nhà Đại đoàn kết cho hộ nghèo",
            "Tặng bò giống, cây giống cho hộ cận nghèo",
            "Tổ tiết kiệm giúp nhau phát triển kinh tế",
        ),
        ("Chi hội Cựu chiến binh", "Chi hội Phụ nữ"),
        ("Ủy ban Mặt trận Tổ quốc",),
        ("Hội Cựu chiến binh", "Chi bộ Phòng Lao động - Thương binh và Xã hội", "Hội Nông dân"),
        "Chi hội trưởng Chi hội Cựu chiến binh",
        "Đã giúp {n} hộ có vốn, con giống, ngày công; nhiều hộ thoát nghèo, tự lực vươn lên.",
    ),
    "van-hoa-xa-hoi": (
        (
            "Giữ gìn hát then, đàn tính của đồng bào Tày",
            "Xây dựng gia đình văn hóa, thôn văn hóa",
            "Thực hiện nếp sống văn minh trong việc cưới, việc tang",
        ),
        ("Câu lạc bộ văn nghệ", "Chi hội Người cao tuổi"),
        ("Đội văn nghệ",),
        ("Chi bộ Phòng Văn hóa và Thông tin", "Trung tâm Văn hóa, Thể thao và Truyền thông"),
        "Nghệ nhân",
        "Thu hút {n} thành viên sinh hoạt thường xuyên, giữ gìn bản sắc văn hóa dân tộc.",
    ),
    "giao-duc": (
        (
            "Ứng dụng tiến bộ khoa học kỹ thuật vào sản xuất",
            "Dạy học gắn với trải nghiệm thực tế địa phương",
            "Khuyến học, khuyến tài trong dòng họ",
        ),
        ("Chi hội Khuyến học",),
        ("Chi bộ Trường Tiểu học", "Chi bộ Trường Trung học cơ sở"),
        (
            "Chi bộ Trường Trung học phổ thông",
            "Chi bộ Phòng Giáo dục và Đào tạo",
            "Trường Phổ thông Dân tộc nội trú",
        ),
        "Giáo viên",
        "Cách làm được áp dụng với {n} học sinh, hộ dân và được cấp ủy đánh giá cao.",
    ),
    "y-te": (
        (
            "Hỗ trợ kinh phí điều trị cho bệnh nhân nghèo",
            "Khám bệnh, cấp thuốc miễn phí cho người cao tuổi",
            "Vận động tiêm chủng đầy đủ cho trẻ em",
        ),
        ("Chi hội Chữ thập đỏ",),
        ("Trạm Y tế",),
        ("Chi bộ Trung tâm Y tế", "Khoa Khám bệnh, Trung tâm Y tế"),
        "Nhân viên y tế thôn",
        "Đã hỗ trợ {n} lượt bệnh nhân khó khăn, kịp thời giúp người bệnh nặng đi điều trị.",
    ),
    "xay-dung-dang": (
        (
            "Sinh hoạt chi bộ chuyên đề học tập và làm theo Bác",
            "Đảng viên giữ mối liên hệ với hộ gia đình",
            "Nêu gương của người đứng đầu chi bộ",
        ),
        ("Chi bộ",),
        ("Đảng bộ",),
        (
            "Chi bộ Văn phòng {unit}",
            "Chi bộ Ban Tổ chức {unit}",
            "Chi bộ Ban Tuyên giáo {unit}",
        ),
        "Bí thư Chi bộ",
        "{n} đảng viên đăng ký việc làm cụ thể, được chi bộ kiểm tra kết quả hằng quý.",
    ),
    "cai-cach-hanh-chinh": (
        (
            "Bộ phận một cửa thân thiện, trả kết quả đúng hẹn",
            "Hướng dẫn người dân dùng dịch vụ công trực tuyến",
        ),
        ("Tổ công nghệ số cộng đồng",),
        ("Bộ phận Một cửa",),
        (
            "Chi bộ Văn phòng HĐND và UBND",
            "Chi bộ Phòng Nội vụ",
            "Bộ phận Tiếp nhận và Trả kết quả",
        ),
        "Công chức Văn phòng - Thống kê",
        "Đã hướng dẫn {n} lượt người dân nộp hồ sơ trực tuyến, hồ sơ trả đúng hạn tăng rõ.",
    ),
    "quoc-phong-an-ninh": (
        (
            "Xây dựng tổ tự quản an ninh trật tự ở khu dân cư",
            "Giúp Nhân dân phòng, chống thiên tai",
        ),
        ("Tổ an ninh trật tự cơ sở",),
        ("Trung đội Dân quân",),
        ("Công an", "Ban Chỉ huy Quân sự"),
        "Thôn đội trưởng",
        "Giải quyết vụ việc ngay tại cơ sở; {n} hộ ký cam kết giữ gìn an ninh trật tự.",
    ),
    "moi-truong": (
        (
            "Con đường hoa, thôn xanh - sạch - đẹp",
            "Phân loại rác thải tại nguồn",
            "Trồng cây xanh bảo vệ nguồn nước",
        ),
        ("Chi hội Phụ nữ", "Chi đoàn thanh niên"),
        ("Đoàn Thanh niên",),
        ("Huyện đoàn", "Chi bộ Phòng Tài nguyên và Môi trường"),
        "Chi hội trưởng Chi hội Phụ nữ",
        "Trồng {n} cây xanh, chăm sóc đường hoa và thu gom rác định kỳ ở khu dân cư.",
    ),
    "dan-van": (
        (
            "Dân vận khéo trong vận động hiến đất",
            "Đối thoại trực tiếp giữa người đứng đầu và Nhân dân",
            "Hòa giải ở cơ sở",
        ),
        ("Tổ hòa giải", "Ban công tác Mặt trận"),
        ("Ủy ban Mặt trận Tổ quốc",),
        ("Chi bộ Ủy ban Mặt trận Tổ quốc", "Chi bộ Ban Dân vận {unit}"),
        "Trưởng ban công tác Mặt trận",
        "Các buổi đối thoại có {n} lượt người dân dự, kiến nghị được giải quyết ngay tại cơ sở.",
    ),
}
FIELD_WEIGHTS = {
    "kinh-te": 18,
    "nong-thon-moi": 16,
    "thien-nguyen": 9,
    "an-sinh": 10,
    "van-hoa-xa-hoi": 7,
    "giao-duc": 7,
    "y-te": 5,
    "xay-dung-dang": 9,
    "cai-cach-hanh-chinh": 5,
    "quoc-phong-an-ninh": 5,
    "moi-truong": 5,
    "dan-van": 8,
}
VILLAGES = (
    "Nà Mò", "Bản Chẳng", "Khuổi Slưn", "Pác Cáp", "Nà Lẹng", "Bản Pục", "Nà Đon", "Cốc Lùng",
    "Phiêng Lằm", "Nà Ngà", "Bản Tàn", "Lũng Vài", "Pò Đon", "Nà Hin", "Bản Hon", "Nà Viền",
    "Khuổi Luông", "Nà Cằm", "Bản Nhượng", "Nà Quang",
)  # fmt: skip
FAMILIES = ("Hoàng", "Nông", "Triệu", "Hà", "Lục", "Ma", "Lý", "Đàm", "Bế", "Lưu", "Dương", "Mã")
MEN = ("Thắng", "Tuấn", "Hùng", "Sơn", "Bình", "Dũng", "Quân", "Khánh", "Cường", "Long", "Toàn")
WOMEN = ("Hoa", "Lan", "Mai", "Huệ", "Thảo", "Liên", "Hương", "Nhung", "Hằng", "Duyên", "Hiền")
INDIVIDUAL_SHARE = 0.18
DISTRICT_SHARE = 0.22  # cases recorded by a district committee; the others by communes
VILLAGE_SHARE = 0.6  # of a commune's collectives, those of one village or residential group
REPLICATED_SHARE = 0.04
PUBLISHED_SHARE = 0.03
SECOND_SHARE = 0.07  # cases commended a second time
TERM_START = date(2020, 10, 15)  # Party decision numbers run from the start of the term
# Rough decisions a day of each Party issuer, and a day of the year of each People's
# Committee, for plausible numbers (demo).
PARTY_RATE = {"ĐU": 0.03, "HU": 0.12, "TU": 0.6}
STATE_RATE = {"tỉnh": 7, "huyện": 3}
PROVINCE_CHAIRMAN = "Chủ tịch UBND tỉnh Bắc Kạn"


def _label(unit: OrgUnit) -> str:
    """'Đảng ủy xã Cao Sơn' -> 'xã Cao Sơn'; 'Huyện ủy Ba Bể' -> 'huyện Ba Bể'."""
    for prefix, replaced in (
        ("Đảng ủy ", ""),
        ("Huyện ủy ", "huyện "),
        ("Thành ủy ", "thành phố "),
        ("Thị ủy ", "thị xã "),
    ):
        if unit.name.startswith(prefix):
            return replaced + unit.name[len(prefix) :]
    return unit.name


@dataclass(frozen=True)
class Award:
    """One commendation to write: `numbering` is the Party issuer code (HU, ĐU, TU) or the
    People's Committee level (tỉnh, huyện) its decision is numbered by, None for a praise."""

    form: str
    level: str
    issuer: OrgUnit | None
    issuer_name: str
    numbering: str | None
    day: date
    note: str = ""


@dataclass
class Planned:
    """One invented case before it is written."""

    case: Case
    district: OrgUnit
    given: list[Award]
    replicated_to: list[OrgUnit] = field(default_factory=list)
    since: date | None = None


class Generator:
    """Invented Bắc Kạn cases from a seeded random source: the same demo every load."""

    def __init__(self, bac_kan: OrgUnit, users: dict, movements: dict, taken: list):
        self.rng = random.Random(REPORTED_COMMENDED)  # noqa: S311 - demo data, not secrets
        self.users = users
        self.movements = movements
        self.fields = {f.code: f for f in Field.objects.all()}
        self.forms = {f.code: f for f in Form.objects.all()}
        day = date(2023, 1, 1)  # Bắc Kạn's legacy hierarchy held from 2021 to 2024
        self.btv = unit_named("Ban Thường vụ Tỉnh ủy Bắc Kạn", day)
        self.districts = [d for d in org.children(bac_kan, as_of=day) if d.kind == "district"]
        self.communes = [
            (commune, district)
            for district in self.districts
            for commune in org.children(district, as_of=day)
        ]
        self.seen = Counter(taken)  # (name key, field code) -> cases recorded

    def _honoree(self, kind: str, code: str, unit: OrgUnit, at_district: bool) -> tuple:
        """A name, a position and how many cases before it share the name and the field (a
        few: a collective commended again another year, two people of the same name)."""
        _, village, commune, district, role, _ = KINDS_OF_WORK[code]
        rng = self.rng
        for _attempt in range(10):
            place, groups = _label(unit), district if at_district else commune
            if not at_district and rng.random() < VILLAGE_SHARE:
                if place.startswith(("phường", "thị trấn")):
                    place = f"tổ dân phố số {rng.randint(1, 12)}, {place}"
                else:
                    place = f"thôn {rng.choice(VILLAGES)}, {place}"
                groups = village
            if kind == "individual":
                woman = rng.random() < 0.45
                middle = rng.choice(("Thị", "Thu", "Ngọc") if woman else ("Văn", "Đức", "Minh"))
                given = rng.choice(WOMEN if woman else MEN)
                name, position = f"{rng.choice(FAMILIES)} {middle} {given}", f"{role}, {place}"
            else:
                group = rng.choice(groups)
                name = group.format(unit=unit.name) if "{unit}" in group else f"{group} {place}"
                position = ""
            key = (domain.name_key(name), code)
            if key not in self.seen:
                break
        before = self.seen[key]
        self.seen[key] += 1
        return name, position, before

    def _given(self, unit: OrgUnit, district: OrgUnit, at_district: bool, year: int) -> list:
        rng = self.rng
        occasions = [date(year, 5, 17), date(year, 12, 20)] if year > YEARS[0] else []
        # Each district's committees meet on their own days around the occasion.
        day = rng.choice(occasions or [date(year, 12, 20)]) + timedelta(days=district.pk % 4)
        board = f"Ban Thường vụ {district.name}"
        r = rng.random()
        if not at_district:
            if r < 0.58:
                first = Award("bieu-duong", Level.COMMUNE, unit, unit.name, None, day)
            elif r < 0.9:
                first = Award("giay-khen", Level.DISTRICT, district, board, "HU", day)
            else:
                commune_board = f"Ban Thường vụ {unit.name}"
                first = Award("giay-khen", Level.COMMUNE, unit, commune_board, "ĐU", day)
        elif r < 0.45:
            first = Award("bieu-duong", Level.DISTRICT, district, board, None, day)
        elif r < 0.85:
            first = Award("giay-khen", Level.DISTRICT, district, board, "HU", day)
        elif r < 0.93:
            first = Award("bang-khen-tinh", Level.PROVINCE, self.btv, self.btv.name, "TU", day)
        else:
            chairman = f"Chủ tịch UBND {_label(district)}"
            first = Award("giay-khen", Level.DISTRICT, None, chairman, "huyện", day)
        if rng.random() >= SECOND_SHARE:
            return [first]
        if year < YEARS[-1] and rng.random() < 0.5:
            second = Award(
                "bieu-duong",
                Level.PROVINCE,
                self.btv,
                self.btv.name,
                None,
                CONFERENCE,
                CONFERENCE_NOTE,
            )
        else:
            later = date(year + 1, 5, 17) if year < YEARS[-1] else date(year, 12, 27)
            second = Award("bang-khen-tinh", Level.PROVINCE, None, PROVINCE_CHAIRMAN, "tỉnh", later)
        return [first, second]

    def _replicated(self, planned: Planned) -> None:
        rng = self.rng
        unit, district = planned.case.unit, planned.district
        pool = [c for c, d in self.communes if d == district and c != unit]
        if unit == district or not pool:
            pool = [d for d in self.districts if d != unit]
        planned.replicated_to = rng.sample(pool, k=min(len(pool), rng.randint(1, 2)))
        planned.since = max(g.day for g in planned.given) + timedelta(days=rng.randint(60, 200))
        planned.case.status = Status.REPLICATED
        planned.case.version += 1

    def plan(self, year: int, count: int) -> list[Planned]:
        rng = self.rng
        codes, weights = list(FIELD_WEIGHTS), list(FIELD_WEIGHTS.values())
        movement = self.movements.get(
            {2022: "bk_chu_de_2022", 2024: "bk_chao_mung_dai_hoi"}.get(year, "bk_dai_hoi_xii")
        )
        made = []
        for _ in range(count):
            at_district = rng.random() < DISTRICT_SHARE
            if at_district:
                unit = district = rng.choice(self.districts)
            else:
                unit, district = rng.choice(self.communes)
            code = rng.choices(codes, weights)[0]
            kind = "individual" if rng.random() < INDIVIDUAL_SHARE else "collective"
            name, position, duplicates = self._honoree(kind, code, unit, at_district)
            titles, *_, told = KINDS_OF_WORK[code]
            title = rng.choice(titles)
            story = f"{told.format(n=rng.randint(5, 60))} Dữ liệu minh họa {DEMO}."
            given = self._given(unit, district, at_district, year)
            first = given[0].day
            ba_be = district.name == "Huyện ủy Ba Bể"
            # name_key, year_end and search_text as Case.save sets them (bulk_create skips it).
            case = Case(
                unit=unit,
                province_code=unit.province_code,
                kind=kind,
                name=name,
                name_key=domain.name_key(name),
                position=position,
                field=self.fields[code],
                year=year,
                year_end=domain.counted_on(year, unit.valid_from, unit.valid_to),
                title=title,
                story=story,
                search_text=domain.search_text(name, position, title, story),
                movement=movement if rng.random() < 0.7 else None,
                source=DEMO_SOURCE,
                status=Status.COMMENDED,
                proposed_by=self.users["babe" if ba_be else "tinh"],
                proposed_at=aware(first - timedelta(days=40)),
                verified_by=self.users["tinh"],
                verified_at=aware(first - timedelta(days=15)),
                duplicates_found=duplicates,  # what nominate_case would count
                version=2 + len(given),  # nominated, verified, commended
            )
            if rng.random() < PUBLISHED_SHARE:
                case.published, case.published_at = True, aware(first + timedelta(days=10))
            planned = Planned(case, district, given)
            if rng.random() < REPLICATED_SHARE:
                self._replicated(planned)
            made.append(planned)
        return made


def _numbers(planned: list[Planned], taken: set) -> dict:
    """One decision for each (issuer, numbering, day): a decision commends many at once. Party
    numbers grow through the term, State numbers through the calendar year, each issuer at its
    own pace; a number the named cases hold is skipped."""
    decisions = {(g.issuer_name, g.numbering, g.day) for p in planned for g in p.given}
    numbers, used = {}, set(taken)
    for issuer_name, numbering, day in sorted(d for d in decisions if d[1]):
        pace = 0.8 + zlib.crc32(issuer_name.encode()) % 5 / 10
        if numbering in PARTY_RATE:
            n = max(10, int((day - TERM_START).days * PARTY_RATE[numbering] * pace))
            written = "{:02d}-QĐ/" + numbering
        else:
            n = int(day.timetuple().tm_yday * STATE_RATE[numbering] * pace)
            written = "{}/QĐ-UBND"
        while (issuer_name, written.format(n)) in used:
            n += 1
        used.add((issuer_name, written.format(n)))
        numbers[(issuer_name, numbering, day)] = domain.read_decision(written.format(n), on=day)
    return numbers


def _write(planned: list[Planned], numbers: dict, generator: Generator) -> dict:
    """The cases, then their commendations and replications: three bulk writes."""
    cases = bulk.bulk_create(Case, [p.case for p in planned])
    commendations, replications = [], []
    for p, case in zip(planned, cases, strict=True):
        for g in p.given:
            decision = numbers.get((g.issuer_name, g.numbering, g.day))
            commendations.append(
                Commendation(
                    case=case,
                    form=generator.forms[g.form],
                    level=g.level,
                    issuer=g.issuer,
                    issuer_name=g.issuer_name,
                    decision=decision.symbol if decision else "",
                    decision_style=decision.style if decision else "",
                    decided_on=g.day,
                    year=g.day.year,  # what Commendation.save would set
                    note=g.note,
                    recorded_by=generator.users["tinh"],
                    recorded_at=aware(g.day, 15),
                )
            )
        replications += [
            Replication(case=case, unit=unit, since=p.since, note="Nhân rộng mô hình " + DEMO)
            for unit in p.replicated_to
        ]
    return {
        "cases": cases,
        "commendations": bulk.bulk_create(Commendation, commendations),
        "replications": bulk.bulk_create(Replication, replications),
    }


def load_invented(users: dict, movements: dict) -> dict:
    """As many commended cases each year as Bắc Kạn's 1.567 still needs after the cases the
    texts describe, spread by `YEAR_WEIGHTS`."""
    bac_kan = unit_named("Tỉnh ủy Bắc Kạn", date(2023, 1, 1))
    counted = selectors.stats(bac_kan, year_from=YEARS[0], year_to=YEARS[-1], by="year")
    have = {int(row.key): row.cases for row in counted.rows}
    weights = sum(YEAR_WEIGHTS.values())
    wanted = {year: REPORTED_COMMENDED * w // weights for year, w in YEAR_WEIGHTS.items()}
    wanted[YEARS[-1]] += REPORTED_COMMENDED - sum(wanted.values())
    taken_names = list(Case.objects.values_list("name_key", "field__code"))
    taken_numbers = set(
        Commendation.objects.exclude(decision="").values_list("issuer_name", "decision")
    )
    generator = Generator(bac_kan, users, movements, taken_names)
    planned = [p for year in YEARS for p in generator.plan(year, wanted[year] - have.get(year, 0))]
    return _write(planned, _numbers(planned, taken_numbers), generator)
