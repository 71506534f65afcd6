"""What an official document is made of, as plain frozen data the renderers read.

Every text here is already Vietnamese and already formatted (numbers as "1.567" or "12,8"); the
renderers add only the fixed words of the page format ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số ",
"Nơi nhận:"). Nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Heading:
    """A section heading of the body: "I. KẾT QUẢ ĐẠT ĐƯỢC" (level 1), "1. Công tác ..." (2)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body. `source` says who reported it ("Huyện ủy Ba Bể"); the
    renderers write it as a small italic lead-in "(Huyện ủy Ba Bể)"."""

    text: str
    source: str = ""


@dataclass(frozen=True)
class Table:
    """A table of figures. Cells are formatted strings ("1.567", "12,8"); `numeric` lists the
    indexes of the columns to right-align (and, in a workbook, to write as numbers)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()

    @property
    def width(self) -> int:
        """The number of columns: the widest of the header and the rows.

        >>> Table("", ("A", "B"), (("1", "2", "3"),)).width
        3
        """
        return max([len(self.header), *(len(row) for row in self.rows)])

    def padded_rows(self) -> tuple[tuple[str, ...], ...]:
        """Every row padded with empty cells to the table's width.

        >>> Table("", ("A", "B"), (("1",),)).padded_rows()
        (('1', ''),)
        """
        width = self.width
        return tuple(tuple(row) + ("",) * (width - len(row)) for row in self.rows)

    def padded_header(self) -> tuple[str, ...]:
        """The header padded with empty cells to the table's width."""
        return tuple(self.header) + ("",) * (self.width - len(self.header))


@dataclass(frozen=True)
class Chart:
    """A bar chart: one (label, value) per bar; `measure` is the unit ("đảng viên", "%")."""

    title: str
    bars: tuple[tuple[str, float], ...]
    measure: str = ""


Block = Heading | Paragraph | Table | Chart


@dataclass(frozen=True)
class Signature:
    """The signature block: ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Phương Thị Thanh")."""

    authority: str
    title: str
    name: str


@dataclass(frozen=True)
class OfficialDocument:
    """An official document ready to render.

    `issuer` is the issuing body as written on the page ("TỈNH ỦY BẮC KẠN"), `superior` the
    optional body above it ("ĐẢNG BỘ TỈNH BẮC KẠN"), `number` the number and symbol without the
    prefix ("499-BC/TU"; the profile adds "Số " or "Số: "), `place` the place of the date line,
    `type_name` the type ("BÁO CÁO"), `abstract` the summary line under it. `profile_key` names
    the format profile of `lamtheo.vn.profiles` the page follows.
    """

    issuer: str
    number: str
    place: str
    day: date
    type_name: str
    abstract: str
    blocks: tuple[Block, ...]
    signature: Signature
    recipients: tuple[str, ...]
    superior: str = ""
    profile_key: str = "party-2018"

    def tables(self) -> tuple[Table, ...]:
        """The Table blocks, in order."""
        return tuple(block for block in self.blocks if isinstance(block, Table))
