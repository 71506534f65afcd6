"""The only writers of the honours area: exemplary cases through their workflow, their
commendations and replications, and emulation movements. Each write is one transaction; an
edit names the version the user saw, and a record changed meanwhile is not overwritten."""

from .cases import (
    add_evidence,
    commend_case,
    count_duplicates,
    may_write,
    nominate_case,
    publish_case,
    replicate_case,
    return_case,
    verify_case,
)
from .movements import save_movement

__all__ = [
    "add_evidence",
    "commend_case",
    "count_duplicates",
    "may_write",
    "nominate_case",
    "publish_case",
    "replicate_case",
    "return_case",
    "save_movement",
    "verify_case",
]
