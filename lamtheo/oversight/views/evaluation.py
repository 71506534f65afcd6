"""Pages of evaluation: criteria sets (evaluation_criteria) and rounds with their ranking
(evaluation_rounds). The scoring sheet is in sheet.py, the workbooks in exports.py."""

from .evaluation_criteria import criteria_set, criteria_set_create, criteria_set_edit, criteria_sets
from .evaluation_rounds import ranking, round_create, round_detail, rounds

__all__ = [
    "criteria_set",
    "criteria_set_create",
    "criteria_set_edit",
    "criteria_sets",
    "ranking",
    "round_create",
    "round_detail",
    "rounds",
]
