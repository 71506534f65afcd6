"""Pure rules of the organisation area: unit kinds, issuer codes, validity intervals, and the
checks that keep the hierarchy's history consistent. No Django here.

Intervals are half-open: a unit or an edge valid from 2020-01-01 to 2025-07-01 exists on
30/6/2025 and no longer on 1/7/2025. `None` as the end means "still valid".
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

OPEN_END = date(9999, 12, 31)  # the end of an open interval, where SQL needs a value


class OrgError(Exception):
    """A rule was broken; the message is safe to show the user (Vietnamese / English)."""


class Kind(StrEnum):
    CENTRAL = "central"
    PROVINCE = "province"  # Tỉnh ủy / Thành ủy
    DISTRICT = "district"  # Huyện ủy, Thị ủy, Quận ủy, Thành ủy thuộc tỉnh (until 30/6/2025)
    COMMUNE = "commune"  # Đảng ủy xã / phường / đặc khu
    GRASSROOTS = "grassroots"  # Đảng ủy cơ sở, Đảng bộ cơ quan
    CELL = "cell"  # Chi bộ
    BODY = "body"  # Ban Tuyên giáo và Dân vận, Ban Tổ chức, Ủy ban Kiểm tra, Văn phòng
    FRONT = "front"  # Mặt trận Tổ quốc
    MASS = "mass"  # Đoàn TN, Hội LHPN, Hội Nông dân, Hội CCB, Công đoàn
    COUNCIL = "council"  # Hội đồng nhân dân
    PEOPLES_COMMITTEE = "peoples_committee"  # Ủy ban nhân dân
    DEPARTMENT = "department"  # sở, ngành


# The issuer code a unit of each kind puts after the slash of its document numbers
# (499-BC/TU). Bodies glue their initials to their parent's code (BTG + TU = BTGTU).
ISSUER_CODES: dict[Kind, str] = {
    Kind.CENTRAL: "TW",
    Kind.PROVINCE: "TU",
    Kind.DISTRICT: "HU",
    Kind.COMMUNE: "ĐU",
    Kind.GRASSROOTS: "ĐU",
    Kind.CELL: "CB",
    Kind.FRONT: "MTTQ",
    Kind.COUNCIL: "HĐND",
    Kind.PEOPLES_COMMITTEE: "UBND",
}

PARTY_KINDS = frozenset(
    {Kind.CENTRAL, Kind.PROVINCE, Kind.DISTRICT, Kind.COMMUNE, Kind.GRASSROOTS, Kind.CELL}
)


def issuer_code(kind: Kind, *, initials: str = "", parent_code: str = "") -> str:
    """The issuer code of a unit.

    >>> issuer_code(Kind.PROVINCE), issuer_code(Kind.DISTRICT)
    ('TU', 'HU')
    >>> issuer_code(Kind.BODY, initials="BTG", parent_code="TU")
    'BTGTU'
    >>> issuer_code(Kind.BODY, initials="UBKT", parent_code="TU")
    'UBKTTU'
    """
    if kind in ISSUER_CODES:
        return ISSUER_CODES[kind]
    return f"{initials}{parent_code}" if initials else ""


@dataclass(frozen=True)
class Span:
    """A half-open validity interval [start, end); end None means open."""

    start: date
    end: date | None = None

    @property
    def stop(self) -> date:
        return self.end or OPEN_END

    def contains(self, day: date) -> bool:
        return self.start <= day < self.stop

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.stop and other.start < self.stop

    def __str__(self) -> str:
        end = f"{self.end:%d/%m/%Y}" if self.end else "nay"
        return f"{self.start:%d/%m/%Y}–{end}"


def check_span(span: Span, *, field: str = "valid_to") -> None:
    """
    >>> check_span(Span(date(2025, 7, 1), date(2025, 1, 1)))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.org.domain.OrgError: valid_to: ngày kết thúc 01/01/2025 phải sau ngày bắt đầu ...
    """
    if span.end is not None and span.end <= span.start:
        raise OrgError(
            f"{field}: ngày kết thúc {span.end:%d/%m/%Y} phải sau ngày bắt đầu "
            f"{span.start:%d/%m/%Y} / the end must come after the start"
        )


@dataclass(frozen=True)
class Node:
    """A unit as the rules see it: identity, a name for messages, and its validity."""

    key: object
    name: str
    span: Span


def check_parent_edge(
    *,
    child: Node,
    parent: Node,
    edge: Span,
    existing_edges: list[Span],
    parent_is_descendant: bool,
) -> None:
    """The rules for putting `child` under `parent` over `edge`.

    `existing_edges` are the child's other parent edges; `parent_is_descendant` says whether the
    parent is (at some time in `edge`) inside the child's subtree, which would make a cycle.
    """
    check_span(edge)
    if child.key == parent.key:
        raise OrgError(
            f"{child.name}: một đơn vị không thể trực thuộc chính nó / a unit cannot be its own "
            f"parent"
        )
    if parent_is_descendant:
        raise OrgError(
            f"{child.name} → {parent.name}: tạo thành vòng lặp, {parent.name} đang trực thuộc "
            f"{child.name} / this would make a cycle"
        )
    if edge.start < child.span.start or edge.stop > child.span.stop:
        raise OrgError(
            f"{child.name}: thời gian trực thuộc {edge} nằm ngoài thời gian tồn tại {child.span} "
            f"/ the edge lies outside the unit's validity"
        )
    if edge.start < parent.span.start or edge.stop > parent.span.stop:
        raise OrgError(
            f"{parent.name}: thời gian trực thuộc {edge} nằm ngoài thời gian tồn tại của đơn vị "
            f"cấp trên {parent.span} / the edge lies outside the parent's validity"
        )
    for other in existing_edges:
        if other.overlaps(edge):
            raise OrgError(
                f"{child.name}: đã trực thuộc một đơn vị khác trong {other}, trùng với {edge} "
                f"/ overlapping parent intervals"
            )


def check_lineage(*, predecessor: Node, successor: Node | None, on: date) -> None:
    """Rules for a lineage event (merge, split, rename, dissolve, move) effective `on`.

    >>> old = Node(1, "Đảng ủy xã Mường Luân", Span(date(2008, 8, 1)))
    >>> new = Node(2, "Đảng ủy xã Mường Luân", Span(date(2025, 7, 1)))
    >>> check_lineage(predecessor=old, successor=new, on=date(2025, 7, 1))  # same name: fine
    >>> check_lineage(predecessor=old, successor=old, on=date(2025, 7, 1))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.org.domain.OrgError: Đảng ủy xã Mường Luân: không thể sáp nhập/đổi tên vào chính nó...
    """
    if successor is not None and successor.key == predecessor.key:
        raise OrgError(
            f"{predecessor.name}: không thể sáp nhập/đổi tên vào chính nó / an event to itself"
        )
    if on <= predecessor.span.start:
        raise OrgError(
            f"{predecessor.name}: ngày hiệu lực {on:%d/%m/%Y} trước khi đơn vị được thành lập "
            f"({predecessor.span.start:%d/%m/%Y}) / the event predates the unit"
        )
    if successor is not None and not successor.span.contains(on):
        raise OrgError(
            f"{successor.name}: đơn vị nhận không còn hoạt động vào {on:%d/%m/%Y} "
            f"({successor.span}) / cannot merge into a unit that is dissolved or not yet founded "
            f"on that date"
        )
