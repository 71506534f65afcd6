"""The main navigation: one entry per area, in the order a user meets them.

An area that has not landed yet has no URL to resolve; its entry is shown greyed out, so the
layout already has its final shape and nothing links to a page that does not exist.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    key: str
    label: Promise
    summary: Promise
    url_name: str


AREAS = (
    Area("org", _("Tổ chức"), _("Đơn vị, cơ cấu tổ chức qua các thời kỳ, vai trò"), "org:index"),
    Area(
        "documents",
        _("Văn bản"),
        _("Chỉ thị, nghị quyết, kết luận, kế hoạch, báo cáo"),
        "documents:index",
    ),
    Area(
        "plans",
        _("Kế hoạch & chỉ tiêu"),
        _("Chủ đề năm, chương trình, nhiệm vụ, chỉ tiêu"),
        "plans:index",
    ),
    Area(
        "honours",
        _("Điển hình"),
        _("Điển hình tiên tiến, khen thưởng, phong trào thi đua"),
        "honours:index",
    ),
    Area(
        "oversight",
        _("Kiểm tra & đánh giá"),
        _("Kiểm tra, giám sát, tiêu chí, xếp loại"),
        "oversight:index",
    ),
    Area(
        "reporting",
        _("Báo cáo"),
        _("Yêu cầu báo cáo, tổng hợp, văn bản chính thức"),
        "reporting:index",
    ),
    Area("intake", _("Nhập liệu"), _("Đọc văn bản gửi lên thành dữ liệu"), "intake:index"),
)


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def entries(current_path: str) -> list[dict]:
    """Each area with its URL (None when not available yet) and whether it is the current one."""
    result = []
    for area in AREAS:
        url = _url(area.url_name)
        result.append(
            {
                "key": area.key,
                "label": area.label,
                "summary": area.summary,
                "url": url,
                "active": bool(url) and current_path.startswith(url),
            }
        )
    return result
