"""Build Party committees from the administrative divisions (the `vietnam-provinces` package).

For a province of today it creates, as they stood before 1/7/2025, the provincial committees of
every province merged into it, their district committees and commune committees; then today's
commune committees; and the 2025 restructuring as lineage: districts dissolved (their own data
passing to the provincial committee), communes merged or split into the new communes, provincial
committees merged into the one that continues. Idempotent: units are keyed by code, and a second
run finds everything in place and writes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from django.db import transaction
from vietnam_provinces import Province, Ward
from vietnam_provinces.legacy import base as legacy

from lamtheo.audit import bulk as audit
from lamtheo.vn.text import fold

from . import services
from .domain import Kind, issuer_code
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


@cache
def _conversion() -> tuple[dict[int, list[int]], dict[int, list[int]], dict[int, int | None]]:
    """From the 2025 tables: legacy ward -> new wards, legacy province -> new provinces, and
    for each new province the legacy province whose committee goes on (same name), if any."""
    wards: dict[int, list[int]] = defaultdict(list)
    for ward in Ward.iter_all():
        for old in ward.get_legacy_sources():
            wards[int(old.code)].append(int(ward.code))
    provinces: dict[int, list[int]] = defaultdict(list)
    heads: dict[int, int | None] = {}
    for province in Province.iter_all():
        sources = province.get_legacy_sources()
        for source in sources:
            provinces[int(source.code)].append(int(province.code))
        same_name = [s for s in sources if _bare(s.name) == _bare(province.name)]
        heads[int(province.code)] = int(same_name[0].code) if same_name else None
    return dict(wards), dict(provinces), heads


def _bare(name: str) -> str:
    return fold(name.removeprefix("Tỉnh ").removeprefix("Thành phố ").strip())


def _transition(kind_if_one: str, targets: list) -> str:
    return kind_if_one if len(targets) == 1 else Lineage.Kind.SPLIT


@transaction.atomic
def load_province(province: Province) -> LoadResult:
    """Build one province of today with every legacy province that fed it (see module doc)."""
    result = LoadResult(provinces=[province.name])
    code = int(province.code)
    pcode = f"{code:02d}"
    ward_map, province_map, heads = _conversion()
    continuing = {legacy for legacy in heads.values() if legacy is not None}
    sources = list(province.get_legacy_sources())
    new_wards = list(Ward.iter_by_province(province.code))
    planned: dict[str, OrgUnit] = {}
    pending_edges: list[tuple[str, str, date, date | None]] = []

    def plan(code_: str, name: str, kind: Kind, start: date, end: date | None, admin: int):
        planned.setdefault(
            code_,
            OrgUnit(
                code=code_,
                name=name,
                kind=kind,
                valid_from=start,
                valid_to=end,
                province_code=pcode,
                issuer_code=issuer_code(kind),
                admin_code=str(admin),
                search_name=fold(name),
            ),
        )

    # Provincial committees: the one of the same name goes on as today's; the others end.
    head = f"T{heads[code]:02d}" if heads[code] is not None else f"T25-{pcode}"
    if heads[code] is None:
        plan(head, province_committee_name(province), Kind.PROVINCE, REFORM, None, code)
    for source in sources:
        legacy_code = int(source.code)
        plan(
            f"T{legacy_code:02d}",
            province_committee_name(source),
            Kind.PROVINCE,
            LEGACY_FROM,
            None if legacy_code in continuing else REFORM,
            legacy_code,
        )
    legacy_wards: dict[int, str] = {}
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
        pending_edges.append((n_code, head, REFORM, None))

    # Units are keyed by code across provinces: a legacy province that fed two of today's
    # (Tiền Giang) is created by whichever is loaded first.
    existing = set(OrgUnit.objects.filter(code__in=list(planned)).values_list("code", flat=True))
    new_units = [u for c, u in planned.items() if c not in existing]
    audit.bulk_create(OrgUnit, new_units)
    result.created = len(new_units)
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=list(planned))}

    have_edges = set(
        Edge.objects.filter(child__in=units.values()).values_list("child__code", flat=True)
    )
    audit.bulk_create(
        Edge,
        [
            Edge(child=units[c], parent=units[p], valid_from=f, valid_to=t)
            for c, p, f, t in pending_edges
            if c not in have_edges
        ],
    )

    # The 2025 restructuring as lineage: into this province's new communes and committee.
    ours = {int(w.code) for w in new_wards}
    events = []
    for legacy_code, w_code in legacy_wards.items():
        targets = ward_map.get(legacy_code, [])
        kind = _transition(Lineage.Kind.MERGE, targets)
        events += [(w_code, f"X25-{t:05d}", kind) for t in targets if t in ours]
    for source in sources:
        legacy_code = int(source.code)
        for district in legacy.District.iter_by_province(source.code):
            events.append(
                (f"H{int(district.code):03d}", f"T{legacy_code:02d}", Lineage.Kind.DISSOLVE)
            )
        if legacy_code not in continuing:
            kind = _transition(Lineage.Kind.MERGE, province_map[legacy_code])
            events.append((f"T{legacy_code:02d}", head, kind))
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
        for a, b, k in dict.fromkeys(events)
        if (a, b, k) not in have
    ]
    audit.bulk_create(Lineage, new_events)
    result.events = len(new_events)
    if new_units or len(have_edges) < len(pending_edges):
        services.rebuild_closures([u.pk for u in units.values()])
    return result
