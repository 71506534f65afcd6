"""/api/v1/oversight of the oversight area: yearly inspection programmes; inspections,
supervisions and working delegations with their findings and recommendations, followed up to
"đã khắc phục"; evaluation criteria sets (versioned); rounds, each unit's sheet with its own
and its reviewers' points, and the ranking.

Reads go through `visible_to`: an inspected unit sees its inspection and its own findings and
recommendations, never another inspected unit's; an evaluated unit its round and its own
sheet; the ranking is the evaluating unit's side. Writes go through `editable_by` (the
inspecting or evaluating unit's editors, the evaluated unit's for its self-scores), a
recommendation's follow-up through `answerable_by` (the owner's steps) or `judgeable_by` (the
inspecting unit's), a reviewer's steps through `reviewable_by`: a record the caller may not
see, or may see but not act on, is 404.

A unit in a body is its code, a document its number (01-KL/TW), a criterion its code (1.2),
other records their id. Every write of an existing record takes the `version` the caller read,
and a record changed since is refused with 400 and field "version" (null skips the check,
except in a save of points, where it is required). Errors are 400 with `detail` and the
`field` at fault, nothing saved. Points are written out as decimal text ("90", "8.5"); they
may be sent as JSON numbers or as Vietnamese text ("8,5"). Dates are ISO (2026-03-31).
"""

from . import (  # noqa: F401 - routes
    criteria,
    evaluations,
    inspections,
    programmes,
    recommendations,
    rounds,
)
from .common import router

__all__ = ["router"]
