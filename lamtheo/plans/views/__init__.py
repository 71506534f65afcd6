"""Pages of the plans area: programmes with their tasks, cascades and their board, a unit's
inbox, themes, targets with their status, commitments; every table exports to Excel.

Records are fetched through `visible_to` (reading) or `editable_by` (writing): anything else
is 404. Writes go through the services, whose messages are shown on the field they name.
"""

from .cascades import ITEM_LABELS, cascade_board, inbox, item_detail
from .commitments import commitment_create, commitment_detail, commitments, commitments_import
from .common import STATE_LABELS
from .programmes import (
    cascade_add,
    focus_add,
    index,
    programme_create,
    programme_detail,
    programme_edit,
    task_add,
    task_detail,
)
from .targets import (
    STATUS_LABELS,
    indicator_create,
    indicator_detail,
    indicator_edit,
    indicators,
    measurements_import,
    target_save,
)
from .themes import theme_edit, themes

__all__ = [
    "ITEM_LABELS",
    "STATE_LABELS",
    "STATUS_LABELS",
    "cascade_add",
    "cascade_board",
    "commitment_create",
    "commitment_detail",
    "commitments",
    "commitments_import",
    "focus_add",
    "inbox",
    "index",
    "indicator_create",
    "indicator_detail",
    "indicator_edit",
    "indicators",
    "item_detail",
    "measurements_import",
    "programme_create",
    "programme_detail",
    "programme_edit",
    "target_save",
    "task_add",
    "task_detail",
    "theme_edit",
    "themes",
]
