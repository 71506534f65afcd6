"""The records' evaluation sheet (records.py) put where an API write of the generic access and
attack tests (lamtheo/tests) starts from: a reviewer's write needs a handed-in sheet, and a save
of points the version read."""

from django.utils import timezone

from lamtheo.oversight.models import Evaluation


def evaluation_at(pk: int, status: str) -> dict:
    """The sheet in `status` (draft, submitted or accepted) at version 1; the body values the
    write then takes."""
    now = timezone.now()
    Evaluation.objects.filter(pk=pk).update(
        status=status,
        version=1,
        submitted_at=now if status in ("submitted", "accepted") else None,
        decided_at=now if status == "accepted" else None,
    )
    return {"version": 1}
