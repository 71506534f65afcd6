"""Pages of the honours area: exemplary cases through their workflow, emulation movements, the
statistics, the Excel import, and the public page of published cases.

Records are fetched through `visible_to` (reading), `editable_by` (the unit's writers) or
`reviewable_by` (reviewers): anything else is 404. Writes go through the services, whose
messages are shown on the field they name.
"""

from .cases import (
    case_commend,
    case_create,
    case_detail,
    case_edit,
    case_evidence,
    case_publish,
    case_replicate,
    case_return,
    case_verify,
    index,
)
from .imports import cases_import
from .movements import movement_create, movement_detail, movement_edit, movements
from .public import public_case, public_index, public_photo
from .stats import stats

__all__ = [
    "case_commend",
    "case_create",
    "case_detail",
    "case_edit",
    "case_evidence",
    "case_publish",
    "case_replicate",
    "case_return",
    "case_verify",
    "cases_import",
    "index",
    "movement_create",
    "movement_detail",
    "movement_edit",
    "movements",
    "public_case",
    "public_index",
    "public_photo",
    "stats",
]
