"""/api/v1/honours of the honours area: the fields of work and forms of commendation, exemplary
cases through their workflow with their commendations, replications and evidence files,
emulation movements, and the statistics.

Reads go through `visible_to`, edits and publishing through `editable_by`, a reviewer's steps
(verify, return, commend, replicate) through `reviewable_by`: a record the caller may not see,
or may see but not act on, is 404 (nothing tells them more). A unit, field or form named in a
body is its code; a document its symbol as officials write it ("05-KH/TU"). Every step takes
the `version` the caller read and a record changed since is refused with 400 and its message
(null skips the check, except in an edit of a case, where it is required). Errors are 400 with
`detail` and the `field` at fault, nothing saved.
"""

from . import cases, catalogue, commendations, movements, stats, workflow  # noqa: F401 - routes
from .common import router

__all__ = ["router"]
