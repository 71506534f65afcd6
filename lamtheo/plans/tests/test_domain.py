"""Targets and their status, and how figures add up: the pure rules of lamtheo/plans/domain.py
(no database). The figures are those of the founding texts: Bắc Kạn's industrial production
value growing 12,8 - 13%/năm, poverty rates that must fall, SIPAS ranks."""

from decimal import Decimal as D

import pytest

from lamtheo.plans.domain import (
    Aggregation,
    Direction,
    PlansError,
    Status,
    Target,
    TargetKind,
    aggregate,
    band,
    parse_target,
    status,
)

GROWTH = Target(TargetKind.GROWTH, D("12.8"), D("13"), baseline=D("1000"), years=1)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (None, Status.NO_DATA),
        (D("1127.9"), Status.MISSED),
        (D("1128"), Status.MET),
        (D("1130"), Status.MET),
        (D("1130.01"), Status.EXCEEDED),
    ],
)
def test_growth_of_12_8_to_13_percent_a_year_over_the_base_year(actual, expected):
    assert band(GROWTH) == (D("1128.00"), D("1130.00"))
    assert status(GROWTH, actual, Direction.HIGHER) == expected


def test_growth_compounds_over_the_years_of_a_term():
    five_years = Target(TargetKind.GROWTH, D("12.8"), D("13"), baseline=D("1000"), years=5)
    assert band(five_years) == (D("1826.19"), D("1842.44"))  # 1,128^5 and 1,13^5


def test_growth_without_a_baseline_has_no_status_yet():
    unknown = Target(TargetKind.GROWTH, D("10"))
    assert band(unknown) is None
    assert status(unknown, D("500"), Direction.HIGHER) == Status.NO_DATA


@pytest.mark.parametrize(
    ("actual", "higher", "lower", "within"),
    [
        (D("4"), Status.MISSED, Status.EXCEEDED, Status.MISSED),
        (D("5"), Status.MET, Status.MET, Status.MET),
        (D("6"), Status.MET, Status.MET, Status.MET),
        (D("7"), Status.EXCEEDED, Status.MISSED, Status.MISSED),
    ],
)
def test_which_way_is_better_decides_exceeded_and_missed(actual, higher, lower, within):
    target = Target(TargetKind.RANGE, D("5"), D("6"))
    assert status(target, actual, Direction.HIGHER) == higher
    assert status(target, actual, Direction.LOWER) == lower
    assert status(target, actual, Direction.WITHIN) == within


def test_a_poverty_rate_below_its_target_exceeds_it():
    target = parse_target("3%")
    assert status(target, D("2.4"), Direction.LOWER) == Status.EXCEEDED
    assert status(target, D("3"), Direction.LOWER) == Status.MET
    assert status(target, D("3.1"), Direction.LOWER) == Status.MISSED


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("95", TargetKind.VALUE, D("95"), None),
        ("95%", TargetKind.VALUE, D("95"), None),
        ("1.567", TargetKind.VALUE, D("1567"), None),
        ("12,8 - 13%", TargetKind.RANGE, D("12.8"), D("13")),
        ("12,8-13%/năm", TargetKind.RANGE, D("12.8"), D("13")),
        ("tăng 12,8 - 13%/năm", TargetKind.GROWTH, D("12.8"), D("13")),
        ("tăng 8%/năm", TargetKind.GROWTH, D("8"), D("8")),
    ],
)
def test_targets_are_read_as_plans_write_them(text, kind, low, high):
    target = parse_target(text)
    assert (target.kind, target.value, target.value_max) == (kind, low, high)


@pytest.mark.parametrize("text", ["", "nhiều", "13 - 12,8%", "1.56"])
def test_a_target_that_cannot_be_read_is_refused_naming_the_value(text):
    with pytest.raises(PlansError) as caught:
        parse_target(text)
    assert caught.value.field == "value"
    assert str(caught.value)


def test_figures_add_up_by_the_indicators_rule():
    # Poverty rates of two communes, weighted by their households.
    rates = [(D("10"), D("100")), (D("20"), D("300")), (D("40"), None)]
    assert aggregate(rates, Aggregation.WEIGHTED_AVERAGE) == D("17.5")
    assert aggregate(rates, Aggregation.AVERAGE) == D("70") / 3
    counts = [(D("791"), None), (D("56"), None)]
    assert aggregate(counts, Aggregation.SUM) == D("847")  # 847 models: 791 collective, 56 ...
    assert aggregate(counts, Aggregation.MIN) == D("56")
    assert aggregate(counts, Aggregation.MAX) == D("791")
    assert aggregate(counts, Aggregation.NONE) is None
    assert aggregate([(D("5"), None)], Aggregation.WEIGHTED_AVERAGE) is None
