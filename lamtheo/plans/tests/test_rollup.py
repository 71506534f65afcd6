"""Figures add up the hierarchy as it stood at the period's end, and restated to today's units
through the 2025 merger - one SQL statement each, the same on SQLite and PostgreSQL, and held
to domain.aggregate."""

from datetime import date
from decimal import Decimal as D

import pytest

from lamtheo.plans import selectors, services
from lamtheo.plans.domain import Aggregation, PlansError, aggregate
from lamtheo.plans.models import Indicator, Measurement

REFORM = date(2025, 7, 1)
TODAY = date(2026, 12, 2)


@pytest.fixture
def tree(merger_tree):
    return merger_tree


def indicator(tree, code="ho-ngheo", how=Aggregation.SUM, weight=None):
    return Indicator.objects.create(
        code=code, name=code, aggregation=how, weight=weight, unit=tree["bac_kan"]
    )


def record(ind, unit, value, period="2024"):
    return services.record_measurement(
        indicator=ind, unit=unit, period=period, value=D(value), by=None
    )


def test_figures_add_up_as_the_hierarchy_stood_at_the_periods_end(tree):
    poor = indicator(tree)
    record(poor, tree["a"], "10")
    record(poor, tree["b"], "20")
    record(poor, tree["c"], "5")
    assert selectors.rollup(poor, tree["ba_be"], "2024").value == D("30")
    total = selectors.rollup(poor, tree["bac_kan"], "2024")
    assert (total.value, total.reporters, total.as_of) == (D("35"), 3, date(2024, 12, 31))
    # Thái Nguyên had none of them in 2024.
    assert selectors.rollup(poor, tree["thai_nguyen"], "2024").value is None


def test_restated_the_2024_figures_count_under_todays_units(tree):
    poor = indicator(tree)
    record(poor, tree["a"], "10")
    record(poor, tree["b"], "20")
    record(poor, tree["c"], "5")
    restated = selectors.rollup(poor, tree["thai_nguyen"], "2024", restated=True, today=TODAY)
    assert (restated.value, restated.reporters, restated.as_of) == (D("35"), 3, TODAY)
    new = tree["thai_nguyen"].__class__.objects.get(code="X-N")
    assert selectors.rollup(poor, new, "2024", restated=True, today=TODAY).value == D("35")


def test_a_reported_total_supersedes_its_parts(tree):
    poor = indicator(tree)
    record(poor, tree["a"], "10")
    record(poor, tree["b"], "20")
    record(poor, tree["ba_be"], "32")  # the district's own total, which it checked
    assert selectors.rollup(poor, tree["bac_kan"], "2024").value == D("32")
    assert selectors.rollup(poor, tree["ba_be"], "2024").value == D("32")
    assert selectors.rollup(poor, tree["a"], "2024").value == D("10")
    restated = selectors.rollup(poor, tree["thai_nguyen"], "2024", restated=True, today=TODAY)
    assert (restated.value, restated.reporters) == (D("32"), 1)


def test_each_aggregation_matches_the_domain_rule(tree):
    households = indicator(tree, "so-ho", Aggregation.SUM)
    rate = indicator(tree, "ty-le-ho-ngheo", Aggregation.WEIGHTED_AVERAGE, weight=households)
    figures = {"a": ("10", "100"), "b": ("20", "300"), "c": ("40", "100")}
    for key, (value, weight) in figures.items():
        record(rate, tree[key], value)
        record(households, tree[key], weight)
    pairs = [(D(v), D(w)) for v, w in figures.values()]
    got = selectors.rollup(rate, tree["bac_kan"], "2024").value
    assert got == aggregate(pairs, Aggregation.WEIGHTED_AVERAGE) == D("22")
    for how in (Aggregation.AVERAGE, Aggregation.MIN, Aggregation.MAX):
        rate.aggregation = how
        got = selectors.rollup(rate, tree["bac_kan"], "2024").value
        assert D(got).quantize(D("0.0001")) == aggregate(pairs, how).quantize(D("0.0001")), how
    rate.aggregation = Aggregation.NONE
    assert selectors.rollup(rate, tree["bac_kan"], "2024").value is None
    assert selectors.rollup(rate, tree["a"], "2024").value == D("10")


def test_a_figure_is_changed_only_from_the_version_seen(tree):
    poor = indicator(tree)
    first = record(poor, tree["a"], "10")
    with pytest.raises(PlansError) as caught:
        record(poor, tree["a"], "11")  # no version: would overwrite the figure entered
    assert caught.value.field == "value"
    changed = services.record_measurement(
        indicator=poor, unit=tree["a"], period="2024", value=D("12"), by=None, version=1
    )
    assert (changed.pk, changed.version, changed.value) == (first.pk, 2, D("12"))
    with pytest.raises(PlansError):
        services.record_measurement(
            indicator=poor, unit=tree["a"], period="2024", value=D("13"), by=None, version=1
        )
    assert Measurement.objects.get(pk=first.pk).value == D("12")


def test_a_unit_reports_only_for_periods_it_existed_in(tree):
    poor = indicator(tree)
    with pytest.raises(PlansError) as caught:
        record(poor, tree["a"], "1", period="2026")
    assert caught.value.field == "period"
    with pytest.raises(PlansError) as caught:
        record(poor, tree["a"], "1", period="2024-13")
    assert caught.value.field == "period"
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("value", "says"),
    [("1e16", "quá lớn"), ("NaN", "quá lớn"), ("1.23456", "chữ số thập phân")],
)
def test_a_figure_the_database_would_not_keep_as_typed_is_refused(tree, value, says):
    poor = indicator(tree)
    with pytest.raises(PlansError, match=says) as refused:
        record(poor, tree["a"], value)
    assert refused.value.field == "value"
    assert not Measurement.objects.exists()
