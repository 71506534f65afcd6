"""/api/v1 of the plans area: themes, programmes with their focus programmes and tasks, cascades
with their board and items, the indicator catalogue with targets, figures and roll-ups, and
members' commitments.

Reads go through `visible_to`, writes through `editable_by`: a record the caller may not see
is 404, one they may see but not write is 404 for the write too (nothing tells them more).
A unit named in a body is a unit code the caller may see; a document is named by its symbol as
officials write it ("129-KH/TU", or "129-KH/TU ngày 10/01/2023" when two share it). Every edit
takes the `version` the caller read: a record changed since is refused with 400 and its message,
never overwritten (null skips the check, for a client that knowingly overwrites; a target or
a figure already entered is changed only with its version).
"""

from . import cascades, commitments, indicators, programmes, themes  # noqa: F401 - routes
from .common import router

__all__ = ["router"]
