"""What the oversight tests share: the check that a writer refuses with a message about a
field, an inspection by default, and the steps of a round's sheets."""

from datetime import date

import pytest

from lamtheo.oversight import services
from lamtheo.oversight.domain import OversightError
from lamtheo.oversight.models import Criterion, Evaluation

START, END = date(2026, 2, 23), date(2026, 3, 6)
BOTH = ["all_on_time", "exceeded_30"]  # the conditions of Quy định 366's top grade
FULL = {"1.1": "10", "1.2": "20", "2.1": "40", "2.2": "22"}  # 92 points on the fixtures' set


def refused(call, field: str, *words: str) -> OversightError:
    """`call()` raises an OversightError about `field` whose message holds each of `words`."""
    with pytest.raises(OversightError) as caught:
        call()
    assert caught.value.field == field, (caught.value.field, str(caught.value))
    for word in words:
        assert word in str(caught.value), (word, str(caught.value))
    return caught.value


def inspect(unit, targets, by, **changes):
    """An inspection of `targets` by `unit` from 23/02/2026 to 06/03/2026."""
    values = {
        "unit": unit,
        "kind": "inspection",
        "title": "Kiểm tra việc lãnh đạo thực hiện Kết luận 21-KL/TW",
        "starts_on": START,
        "ends_on": END,
        "targets": targets,
        "by": by,
    } | changes
    return services.create_inspection(**values)


def criterion_ids(criteria_set) -> dict[str, int]:
    return dict(Criterion.objects.filter(criteria_set=criteria_set).values_list("code", "pk"))


def sheet(round_, unit) -> Evaluation:
    return Evaluation.objects.select_related("round", "unit").get(round=round_, unit=unit)


def entries(round_, typed: dict, key: str = "points") -> dict:
    """{"1.1": "8,5"} as a writer takes it: {criterion id: {"points": "8,5"}}."""
    ids = criterion_ids(round_.criteria_set)
    return {ids[code]: {key: value} for code, value in typed.items()}


def handed_in(round_, unit, by, typed=FULL):
    """The unit's sheet handed in with `typed` (92 points by default)."""
    e = sheet(round_, unit)
    return services.submit(evaluation=e, by=by, version=e.version, scores=entries(round_, typed))


def open_round(unit, criteria_set, units, by, **changes):
    """A round of 2026 by `unit` over `units`, as they stood on 01/12/2026."""
    values = {
        "unit": unit,
        "criteria_set": criteria_set,
        "title": "Đánh giá năm 2026",
        "period": "2026",
        "self_deadline": date(2026, 12, 15),
        "review_deadline": date(2026, 12, 31),
        "units": units,
        "by": by,
        "as_of": date(2026, 12, 1),
    } | changes
    return services.open_round(**values)
