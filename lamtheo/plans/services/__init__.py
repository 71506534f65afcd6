"""The only writers of the plans area: themes, programmes and their tasks, cascades and their
items, commitments, figures and targets. Each write is one transaction; an edit names the
version the user saw, and a record changed meanwhile by someone else is not overwritten."""

from .cascades import complete_item, create_cascade, reopen_item
from .commitments import assess_commitment, register_commitment, review_commitment
from .common import period_of
from .programmes import add_focus, assign_task, choose_units, report_progress, save_programme
from .reminders import queue_reminders
from .targets import (
    CODE,
    LIMIT,
    PLACES,
    RESERVED_CODES,
    record_measurement,
    save_indicator,
    save_target,
)
from .themes import save_theme

__all__ = [
    "CODE",
    "LIMIT",
    "PLACES",
    "RESERVED_CODES",
    "add_focus",
    "assess_commitment",
    "assign_task",
    "choose_units",
    "complete_item",
    "create_cascade",
    "period_of",
    "queue_reminders",
    "record_measurement",
    "register_commitment",
    "reopen_item",
    "report_progress",
    "review_commitment",
    "save_indicator",
    "save_programme",
    "save_target",
    "save_theme",
]
