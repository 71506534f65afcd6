"""The pure rules of honours: the workflow's steps, decision numbers, folded names."""

import base64
from datetime import date

import pytest

from lamtheo.honours.domain import (
    Action,
    HonoursError,
    Status,
    check_year,
    name_key,
    next_status,
    read_decision,
)

# A 1x1 PNG: what a phone's photo is, for the checks by content.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        (Status.PROPOSED, Action.VERIFY, Status.VERIFIED),
        (Status.PROPOSED, Action.RETURN, Status.RETURNED),
        (Status.VERIFIED, Action.RETURN, Status.RETURNED),
        (Status.RETURNED, Action.RESUBMIT, Status.PROPOSED),
        (Status.VERIFIED, Action.COMMEND, Status.COMMENDED),
        (Status.COMMENDED, Action.COMMEND, Status.COMMENDED),
        (Status.COMMENDED, Action.REPLICATE, Status.REPLICATED),
        (Status.REPLICATED, Action.REPLICATE, Status.REPLICATED),
    ],
)
def test_the_steps_that_follow(status, action, after):
    assert next_status(status, action) == after


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.PROPOSED, Action.COMMEND),
        (Status.PROPOSED, Action.REPLICATE),
        (Status.VERIFIED, Action.VERIFY),
        (Status.COMMENDED, Action.RETURN),
        (Status.RETURNED, Action.VERIFY),
        (Status.VERIFIED, Action.RESUBMIT),
    ],
)
def test_the_steps_that_do_not(status, action):
    with pytest.raises(HonoursError) as refused:
        next_status(status, action)
    assert refused.value.field == "status"


def test_decisions_in_both_styles_and_under_the_profile_in_force():
    assert read_decision("Quyết định số 123-QĐ/TU", on=date(2024, 5, 16)).symbol == "123-QĐ/TU"
    assert read_decision("QĐ số 07-QĐ/ĐU", on=date(2026, 3, 1)).issuer == "ĐU"
    assert read_decision("quyết định 15/QĐ-UBND", on=date(2024, 1, 5)).style == "state"
    with pytest.raises(HonoursError, match="05-QĐ/TU"):
        read_decision("5-QĐ/TU", on=date(2024, 1, 5))
    with pytest.raises(HonoursError) as refused:
        read_decision("Kế hoạch 129-KH/TU", on=date(2024, 1, 5))
    assert refused.value.field == "decision"


def test_names_fold_for_duplicates():
    assert name_key("Bà  Nguyễn Thị Lộc") == name_key("nguyen thi loc") == "nguyen thi loc"
    assert name_key("Đồng chí Đặng Hải Triều") == "dang hai trieu"
    assert name_key("Hợp tác xã Ba Bể") != name_key("Hợp tác xã Bạch Thông")


def test_years_are_held_to_a_sensible_range():
    assert check_year(1945, today=date(2026, 1, 1)) == 1945
    with pytest.raises(HonoursError):
        check_year(1900, today=date(2026, 1, 1))
