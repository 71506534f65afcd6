"""Pages of the oversight area: the inspection calendar and list, each inspection with its
findings and the follow-up of every recommendation, a unit's inbox and the inspecting unit's
board; criteria sets, rounds, the scoring sheet and the ranking; their Excel and .docx files."""

from .evaluation import (
    criteria_set,
    criteria_set_create,
    criteria_set_edit,
    criteria_sets,
    ranking,
    round_create,
    round_detail,
    rounds,
)
from .exports import conclusion_docx, criteria_xlsx, inspection_xlsx, ranking_xlsx, sheet_xlsx
from .inspections import (
    board,
    calendar,
    conclusion,
    findings,
    inbox,
    index,
    inspection,
    inspection_create,
    inspection_edit,
    inspections,
    programme,
    programme_create,
    programmes,
    recommendation,
    recommendation_create,
)
from .sheet import sheet, sheet_save

__all__ = [
    "board",
    "calendar",
    "conclusion",
    "conclusion_docx",
    "criteria_set",
    "criteria_set_create",
    "criteria_set_edit",
    "criteria_sets",
    "criteria_xlsx",
    "findings",
    "inbox",
    "index",
    "inspection",
    "inspection_create",
    "inspection_edit",
    "inspection_xlsx",
    "inspections",
    "programme",
    "programme_create",
    "programmes",
    "ranking",
    "ranking_xlsx",
    "recommendation",
    "recommendation_create",
    "round_create",
    "round_detail",
    "rounds",
    "sheet",
    "sheet_save",
    "sheet_xlsx",
]
