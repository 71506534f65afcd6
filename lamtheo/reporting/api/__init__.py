"""/api/v1/reporting of the periodic reports area: templates, requests to units with their
completeness and consolidated figures, each unit's submission through its workflow with every
revision kept, and the issuing unit's report with its rendered files.

Reads go through `visible_to`; the issuing side's reads (the consolidated figures, the report)
through the issuing unit's own records, so a recipient commune never reads another's figures;
a unit's steps (save, submit, amend) through `editable_by`, a reviewer's (return, accept)
through `reviewable_by`: a record the caller may not see, or may see but not act on, is 404.
A unit in a body is its code, an indicator its code, a narrative section its id. Every step
takes the `version` the caller read, and a record changed since is refused with 400 and field
"version" (null skips the check, except in a save of a draft, where it is required). Errors
are 400 with `detail` and the `field` at fault, nothing saved. Figures are written out as
decimal text ("1567", "8.5"); they may be sent as JSON numbers or as Vietnamese text
("1.567", "12,8").
"""

from . import reports, requests, submissions, templates  # noqa: F401 - routes
from .common import router

__all__ = ["router"]
