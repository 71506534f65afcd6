"""Pages of the reporting area: templates, requests with their completeness, submissions
with their revisions, the consolidated report with its rendered files."""

from .reports import completeness_xlsx, download, render_report, rendering, report, sources
from .requests import due, index, request_create, request_detail
from .submissions import diff, submission
from .templates import template_create, template_detail, template_edit, templates

__all__ = [
    "completeness_xlsx",
    "diff",
    "download",
    "due",
    "index",
    "render_report",
    "rendering",
    "report",
    "request_create",
    "request_detail",
    "sources",
    "submission",
    "template_create",
    "template_detail",
    "template_edit",
    "templates",
]
