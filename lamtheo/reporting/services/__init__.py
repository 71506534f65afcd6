"""The only writers of the reporting area."""

from ..domain import ReportingError
from .reports import consolidate, queue_rendering, update_report
from .requests import extend_deadline, issue_request, period_of, queue_reminders
from .submissions import accept, amend, return_submission, save_draft, submit
from .templates import SectionSpec, create_template, revise_template, standard_sections

__all__ = [
    "ReportingError",
    "SectionSpec",
    "accept",
    "amend",
    "consolidate",
    "create_template",
    "extend_deadline",
    "issue_request",
    "period_of",
    "queue_reminders",
    "queue_rendering",
    "return_submission",
    "revise_template",
    "save_draft",
    "standard_sections",
    "submit",
    "update_report",
]
