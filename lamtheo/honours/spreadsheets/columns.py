"""The columns of the cases import, its messages, and what it answers."""

from dataclasses import dataclass
from datetime import date

from lamtheo.plans.spreadsheets import Column, ImportResult
from lamtheo.vn.errors import gettext_noop


@dataclass
class CaseImportResult(ImportResult):
    """What an import of cases did: `created` cases, holding `commendations`; `duplicates`
    of them have a likely duplicate (the same honoree, folded, in the same field) among the
    cases stored before or earlier in the file. With any error, nothing was saved."""

    commendations: int = 0
    duplicates: int = 0


CASE_COLUMNS = (
    Column("unit", "Mã đơn vị", "unit code|unit", example="X25-A", text=True, width=12),
    Column(
        "kind",
        "Tập thể/cá nhân",
        "tap the hay ca nhan|kind|collective or individual|type",
        width=14,
        example="Tập thể",
    ),
    Column(
        "name",
        "Tên tập thể, cá nhân",
        "ten|ho va ten|ho ten|name|honoree",
        width=30,
        example="Đoàn Thanh niên xã Mường Luân",
    ),
    Column(
        "position",
        "Chức vụ",
        "chuc vu noi cong tac|noi cong tac|position|job title",
        "",
        26,
    ),
    Column("field", "Lĩnh vực", "field|field of work|area", width=20, example="An sinh xã hội"),
    Column("year", "Năm", "year", width=8, example=2025),
    Column(
        "title",
        "Tên mô hình, cách làm",
        "mo hinh|mo hinh cach lam|cach lam|title|model|practice",
        width=40,
        example="Đổ bê tông đường bản Trung Tâm",
    ),
    Column(
        "story",
        "Nội dung",
        "noi dung ket qua|ket qua|story|content|description",
        "",
        60,
        "Đoàn viên góp công làm 300 m đường bê tông.",
    ),
    Column("source", "Nguồn", "source", "", 30, "Báo cáo của Đảng ủy xã"),
    Column(
        "form",
        "Hình thức khen thưởng",
        "hinh thuc|form|commendation|form of commendation|award",
        "",
        22,
        "Giấy khen",
    ),
    Column("level", "Cấp khen thưởng", "cap|level|commendation level", "", 16, "Cấp xã"),
    Column(
        "issuer",
        "Cơ quan khen thưởng",
        "co quan|issuer|issued by|awarding body|commended by",
        "",
        30,
        "Ban Thường vụ Đảng ủy xã Mường Luân",
    ),
    Column(
        "decision",
        "Số quyết định",
        "decision|decision number|decision no",
        "",
        16,
        "12-QĐ/ĐU",
        text=True,
    ),
    Column(
        "decided_on",
        "Ngày quyết định",
        "ngay|decision date|date|decided on",
        "",
        14,
        date(2025, 11, 20),
    ),
)


# The columns a commendation is read from; a row with any of them filled holds one.
COMMENDATION_KEYS = ("form", "level", "issuer", "decision", "decided_on")


# What a row holding a commendation must give (the decision number: when the form needs one).
COMMENDATION_NEEDS = ("form", "level", "issuer", "decided_on")


# The columns of the case itself: the same in every row of one case.
CASE_KEYS = ("kind", "position", "field", "story", "source")


# Which column a service's error is about, by the field it names.
FIELDS = {
    "unit": "unit",
    "kind": "kind",
    "name": "name",
    "position": "position",
    "field": "field",
    "year": "year",
    "title": "title",
    "story": "story",
    "source": "source",
    "form": "form",
    "level": "level",
    "issuer_name": "issuer",
    "decision": "decision",
    "decided_on": "decided_on",
}


# Text limits, as the services hold them.
LIMITS = {
    "unit": 40,
    "name": 200,
    "position": 200,
    "field": 120,
    "title": 300,
    "story": 20_000,
    "source": 300,
    "form": 120,
    "issuer": 200,
    "decision": 60,
}


NOT_KIND = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: '%(text)s' không phải là tập thể hay cá nhân; hãy ghi "
    "'Tập thể' hoặc 'Cá nhân'."
)


NOT_LEVEL = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: '%(text)s' không phải là cấp khen thưởng; hãy ghi một "
    "trong: %(choices)s."
)


UNKNOWN_FIELD = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: không có lĩnh vực nào tên hoặc mã '%(text)s'."
)


OLD_FIELD = gettext_noop("Dòng %(row)s, cột «%(column)s»: lĩnh vực '%(text)s' không còn dùng.")


UNKNOWN_FORM = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: không có hình thức khen thưởng nào tên hoặc mã '%(text)s'."
)


OLD_FORM = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: hình thức khen thưởng '%(text)s' không còn dùng."
)


NEEDED = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: chưa nhập; một dòng có khen thưởng cần đủ hình thức, "
    "cấp, cơ quan và ngày quyết định."
)


NEEDED_COLUMN = gettext_noop(
    "Dòng %(row)s (dòng tiêu đề): tệp có cột khen thưởng nhưng thiếu cột «%(column)s»."
)


NOT_REVIEWER = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: chỉ người thẩm định hoặc quản trị của %(unit)s hay cấp "
    "trên mới nhập được khen thưởng; hãy để trống các cột khen thưởng để chỉ đề xuất điển hình."
)


DIFFERENT = gettext_noop(
    "Dòng %(row)s, cột «%(column)s»: khác với dòng %(first)s của cùng điển hình (cùng đơn vị, "
    "tên, mô hình và năm)."
)
