"""What every renderer shares: the fixed words of the page, the profile's sizes, text cleaning,
column widths, and a zip rewrite that makes Office files byte-for-byte reproducible.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lamtheo.reporting.render.model import OfficialDocument, Table
from lamtheo.vn.dates import format_date_line
from lamtheo.vn.profiles import Profile, TextStyle, load_profile

# The fixed words of the page format (not data: the rules prescribe them).
PARTY_HEADER = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_HEADER = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_STAR = "*"
ABSTRACT_DASHES = "-----"
RECIPIENTS_HEADING = "Nơi nhận:"
UNIT_LABEL = "Đơn vị tính"

FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
_FONT_FILES = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}
# Characters XML 1.0 refuses (and so python-docx and openpyxl): C0 controls but tab and newline.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Every member of a rewritten zip gets this timestamp (the earliest a zip can hold).
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def clean(text: str) -> str:
    """NFC text without the control characters XML cannot carry.

    >>> clean("Ba Be\\u0302\\u0309\\x00")
    'Ba Bể'
    """
    return _ILLEGAL.sub("", unicodedata.normalize("NFC", text or ""))


def styled(text: str, style: TextStyle) -> str:
    """The text as the style writes it: capitals when the style is in caps.

    >>> styled("Tỉnh ủy Bắc Kạn", TextStyle(size=(14, 14), caps=True))
    'TỈNH ỦY BẮC KẠN'
    """
    text = clean(text)
    return text.upper() if style.caps else text


def recipient_line(text: str) -> str:
    """A line of "Nơi nhận": a leading "- " unless the text already has one.

    >>> recipient_line("Lưu Văn phòng Tỉnh ủy."), recipient_line("- Như trên,")
    ('- Lưu Văn phòng Tỉnh ủy.', '- Như trên,')
    """
    text = clean(text).strip()
    return text if text.startswith(("-", "–")) else f"- {text}"


@dataclass(frozen=True)
class Page:
    """The page of one document, worked out once from its profile: what each renderer writes."""

    profile: Profile
    party: bool
    header: str
    motto: str
    number: str
    date_line: str
    left_mm: float  # the two header/signature columns
    right_mm: float

    @property
    def text_width_mm(self) -> float:
        margins = self.profile.layout.margins_mm
        return 210 - margins.left - margins.right

    def style(self, element: str) -> TextStyle:
        """The profile's style of an element; the signature title and name, which profiles do
        not list, are set like the signing authority."""
        text = self.profile.layout.text
        if element in text:
            return text[element]
        if element == "motto":
            return TextStyle(size=text["header"].size, bold=True)
        return text["signature_authority"]

    def size(self, element: str) -> int:
        """The point size of an element: the smallest of the profile's range, except the type
        name, which is set at the largest ("BÁO CÁO" in 16pt)."""
        low, high = self.style(element).size
        return high if element == "type_name" else low

    @property
    def body_size(self) -> int:
        return self.size("body")

    @property
    def table_size(self) -> int:
        """Tables are set two points below the body text (12pt for a 14pt body)."""
        return max(self.body_size - 2, 10)


def page_of(doc: OfficialDocument) -> Page:
    """The page a document gets from its format profile.

    >>> from datetime import date
    >>> from lamtheo.reporting.render.model import OfficialDocument, Signature
    >>> doc = OfficialDocument("UBND XÃ A", "15/BC-UBND", "Bắc Kạn", date(2024, 5, 6),
    ...     "BÁO CÁO", "x", (), Signature("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "A"), (),
    ...     profile_key="state-2020")
    >>> page = page_of(doc)
    >>> page.number, page.header, page.motto, page.date_line
    ('Số: 15/BC-UBND', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', \
'Bắc Kạn, ngày 06 tháng 5 năm 2024')
    """
    profile = load_profile(doc.profile_key)
    party = profile.style == "party"
    return Page(
        profile=profile,
        party=party,
        header=PARTY_HEADER if party else STATE_HEADER,
        motto="" if party else STATE_MOTTO,
        number=f"{profile.number_prefix}{clean(doc.number).strip()}",
        date_line=format_date_line(clean(doc.place).strip(), doc.day),
        left_mm=80 if party else 65,
        right_mm=(210 - profile.layout.margins_mm.left - profile.layout.margins_mm.right)
        - (80 if party else 65),
    )


def document_title(doc: OfficialDocument) -> str:
    """The title of the file's properties: the type name and the abstract.

    >>> from datetime import date
    >>> from lamtheo.reporting.render.model import OfficialDocument, Signature
    >>> document_title(OfficialDocument("X", "1-BC/TU", "Y", date(2024, 1, 1), "BÁO CÁO",
    ...     "kết quả quý I", (), Signature("", "", ""), ()))
    'BÁO CÁO kết quả quý I'
    """
    return " ".join(part for part in (clean(doc.type_name), clean(doc.abstract)) if part)


@cache
def _font_path(bold: bool, italic: bool) -> Path | None:
    path = FONT_DIR / _FONT_FILES[(bold, italic)]
    return path if path.is_file() else None


def font_file(bold: bool = False, italic: bool = False) -> Path | None:
    """The Liberation Serif file (metrically the same as Times New Roman), None when the
    fonts-liberation2 package is not installed."""
    return _font_path(bool(bold), bool(italic))


@cache
def _measuring_font(bold: bool, italic: bool):
    from PIL import ImageFont

    path = font_file(bold, italic)
    return ImageFont.truetype(str(path), 1000) if path else None


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """How wide a line of Times New Roman is, measured with Liberation Serif (the same
    metrics); an estimate of half an em a character when the font is missing."""
    font = _measuring_font(bool(bold), bool(italic))
    em_lengths = font.getlength(text) / 1000 if font else 0.5 * len(text)
    return em_lengths * size_pt * 25.4 / 72


def column_weights(table: Table) -> tuple[float, ...]:
    """Relative column widths from the longest cell of each column (clamped so a long text
    column does not crush the figures and a figure column stays readable).

    >>> column_weights(Table("", ("Đơn vị", "Số đảng viên"), (("Huyện ủy Ba Bể", "1.567"),)))
    (14.0, 6.0)
    """
    longest = [0] * table.width
    for index, cell in enumerate(table.padded_header()):
        # A header wraps at spaces: its longest word, or half its length, is what it needs.
        words = clean(cell).split()
        longest[index] = max([len(clean(cell)) // 2, *(len(word) for word in words)])
    for row in table.padded_rows():
        for index, cell in enumerate(row):
            longest[index] = max(longest[index], len(clean(cell)))
    return tuple(float(min(max(length, 4), 40)) for length in longest)


def normalize_zip(data: bytes) -> bytes:
    """The same zip with every member stamped 1980-01-01, in the same order: an Office file
    that does not change from one run to the next."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            stamped = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            stamped.compress_type = zipfile.ZIP_DEFLATED
            stamped.external_attr = 0o600 << 16
            target.writestr(stamped, source.read(info.filename))
    return out.getvalue()
