"""Build Party committees from the administrative divisions (the `vietnam-provinces` package).

For a province of today it creates, as they stood before 1/7/2025, the provincial committees of
every province merged into it, their district committees and commune committees; then today's
commune committees; and the 2025 restructuring as lineage: districts dissolved (their own data
passing to the provincial committee), communes merged or split into the new communes, provincial
committees merged into the one that continues. Idempotent: units are keyed by code, and a second
run finds everything in place and writes nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from vietnam_provinces import Province, Ward
from vietnam_provinces.legacy import base as legacy

from lamtheo.vn.text import fold

from . import services
from .domain import Kind, OrgError, issuer_code
from .models import Edge, Lineage, OrgUnit

REFORM = date(2025, 7, 1)  # districts end, communes merge (Nghị quyết 202/2025/QH15)
# The divisions package gives no founding dates; legacy units are known from this day.
LEGACY_FROM = date(2008, 8, 1)

_DISTRICT_COMMITTEE = {
    "huyện": "Huyện ủy",
    "quận": "Quận ủy",
    "thị xã": "Thị ủy",
    "thành phố": "Thành ủy",
}


def province_committee_name(province) -> str:
    name = province.name
    if name.startswith("Thành phố"):
        return "Thành ủy " + name.removeprefix("Thành phố").strip()
    return "Tỉnh ủy " + name.removeprefix("Tỉnh").strip()


def district_committee_name(district) -> str:
    kind = district.division_type.value
    bare = (
        district.name[len(kind) :].strip()
        if district.name.lower().startswith(kind)
        else district.name
    )
    return f"{_DISTRICT_COMMITTEE.get(kind, 'Huyện ủy')} {bare}"


def commune_committee_name(ward) -> str:
    kind = ward.division_type.value
    bare = ward.name[len(kind) :].strip() if ward.name.lower().startswith(kind) else ward.name
    return f"Đảng ủy {kind} {bare}"


def find_provinces(query: str) -> list[Province]:
    """Today's provinces for a name or code, old or new ("Bắc Kạn" -> Thái Nguyên)."""
    query = query.strip()
    if query.isdigit():
        code = int(query)
        try:
            return [Province.from_code(code)]
        except (KeyError, ValueError):
            return [p.province for p in Province.search_from_legacy(code=code)]
    wanted = fold(query)
    found = [p for p in Province.iter_all() if wanted in fold(p.name)]
    if not found:
        found = [p.province for p in Province.search_from_legacy(name=query)]
    unique = {int(p.code): p for p in found}
    return list(unique.values())


@dataclass
class LoadResult:
    created: int = 0
    events: int = 0
    provinces: list[str] = field(default_factory=list)


@transaction.atomic
def load_province(province: Province) -> LoadResult:
    result = LoadResult(provinces=[province.name])
    pcode = f"{int(province.code):02d}"
    sources = list(province.get_legacy_sources())
    if not any(int(source.code) == int(province.code) for source in sources):
        raise OrgError(
            f"{province.name}: không tìm thấy tỉnh ủy tiếp tục / no continuing committee"
        )
    new_wards = list(Ward.iter_by_province(province.code))
    units: dict[str, OrgUnit] = {u.code: u for u in OrgUnit.objects.filter(province_code=pcode)}
    pending_edges: list[tuple[str, str, date, date | None]] = []

    def plan(code: str, name: str, kind: Kind, start: date, end: date | None, admin_code: int):
        if code not in units:
            units[code] = OrgUnit(
                code=code,
                name=name,
                kind=kind,
                valid_from=start,
                valid_to=end,
                province_code=pcode,
                issuer_code=issuer_code(kind),
                admin_code=str(admin_code),
                search_name=fold(name),
            )

    # Provincial committees: the one whose code today's province kept goes on; others end.
    for source in sources:
        continues = int(source.code) == int(province.code)
        plan(
            f"T{int(source.code):02d}",
            province_committee_name(source),
            Kind.PROVINCE,
            LEGACY_FROM,
            None if continues else REFORM,
            int(source.code),
        )
    legacy_wards = {}
    for source in sources:
        for district in legacy.District.iter_by_province(source.code):
            d_code = f"H{int(district.code):03d}"
            plan(
                d_code,
                district_committee_name(district),
                Kind.DISTRICT,
                LEGACY_FROM,
                REFORM,
                int(district.code),
            )
            pending_edges.append((d_code, f"T{int(source.code):02d}", LEGACY_FROM, REFORM))
            for ward in legacy.Ward.iter_by_district(district.code):
                w_code = legacy_wards[int(ward.code)] = f"X{int(ward.code):05d}"
                plan(
                    w_code,
                    commune_committee_name(ward),
                    Kind.COMMUNE,
                    LEGACY_FROM,
                    REFORM,
                    int(ward.code),
                )
                pending_edges.append((w_code, d_code, LEGACY_FROM, REFORM))
    for ward in new_wards:
        n_code = f"X25-{int(ward.code):05d}"
        plan(n_code, commune_committee_name(ward), Kind.COMMUNE, REFORM, None, int(ward.code))
        pending_edges.append((n_code, f"T{pcode}", REFORM, None))

    new_units = [u for u in units.values() if u.pk is None]
    OrgUnit.objects.bulk_create(new_units)
    result.created = len(new_units)
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=list(units))}

    have_edges = set(
        Edge.objects.filter(child__in=units.values()).values_list("child__code", flat=True)
    )
    Edge.objects.bulk_create(
        Edge(child=units[c], parent=units[p], valid_from=f, valid_to=t)
        for c, p, f, t in pending_edges
        if c not in have_edges
    )

    # The 2025 restructuring as lineage.
    targets: dict[str, list[str]] = {}
    for ward in new_wards:
        for old in ward.get_legacy_sources():
            old_code = legacy_wards.get(int(old.code))
            if old_code:
                targets.setdefault(old_code, []).append(f"X25-{int(ward.code):05d}")
    events = []
    for old_code, new_codes in targets.items():
        kind = Lineage.Kind.MERGE if len(new_codes) == 1 else Lineage.Kind.SPLIT
        events += [(old_code, n, kind) for n in new_codes]
    for source in sources:
        for district in legacy.District.iter_by_province(source.code):
            events.append(
                (f"H{int(district.code):03d}", f"T{int(source.code):02d}", Lineage.Kind.DISSOLVE)
            )
        if int(source.code) != int(province.code):
            events.append((f"T{int(source.code):02d}", f"T{pcode}", Lineage.Kind.MERGE))
    have = set(
        Lineage.objects.filter(predecessor__in=units.values()).values_list(
            "predecessor__code", "successor__code", "kind"
        )
    )
    new_events = [
        Lineage(
            predecessor=units[a],
            successor=units[b],
            kind=k,
            effective_on=REFORM,
            note="Sắp xếp đơn vị hành chính 2025",
        )
        for a, b, k in events
        if (a, b, k) not in have
    ]
    Lineage.objects.bulk_create(new_events)
    result.events = len(new_events)
    if new_units or len(have_edges) < len(pending_edges):
        services.rebuild_closures([u.pk for u in units.values()])
    return result
