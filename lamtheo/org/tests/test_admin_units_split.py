"""A legacy province that fed two of today's (Tiền Giang -> Tây Ninh and Đồng Tháp), and a
today's province that took another's code (Tây Ninh took Long An's 80): the committee that goes
on is the one of the same name."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from lamtheo.org import selectors
from lamtheo.org.models import Closure, Edge, Lineage, OrgUnit

AFTER = date(2025, 8, 1)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command(
            "load-admin-units",
            "--province",
            "Tây Ninh",
            "--province",
            "Đồng Tháp",
            stdout=StringIO(),
        )
        yield
        for model in (Lineage, Closure, Edge, OrgUnit):
            model.objects.all().delete()


def _names(units):
    return sorted(u.name for u in units)


def test_the_committee_of_the_same_name_goes_on(loaded, db):
    tay_ninh = OrgUnit.objects.get(name="Tỉnh ủy Tây Ninh")
    assert tay_ninh.valid_to is None
    assert OrgUnit.objects.get(name="Tỉnh ủy Long An").valid_to == date(2025, 7, 1)
    assert _names(selectors.successors(OrgUnit.objects.get(name="Tỉnh ủy Long An"))) == [
        "Tỉnh ủy Tây Ninh"
    ]


def test_a_province_feeding_two_is_split_between_them(loaded, db):
    tien_giang = OrgUnit.objects.get(name="Tỉnh ủy Tiền Giang")
    assert tien_giang.valid_to == date(2025, 7, 1)
    events = Lineage.objects.filter(predecessor=tien_giang)
    assert {(e.kind, e.successor.name) for e in events} == {
        ("split", "Tỉnh ủy Tây Ninh"),
        ("split", "Tỉnh ủy Đồng Tháp"),
    }
    assert _names(selectors.successors(tien_giang, as_of=AFTER)) == [
        "Tỉnh ủy Tây Ninh",
        "Tỉnh ủy Đồng Tháp",
    ]


def test_every_new_commune_sits_under_its_province_once(loaded, db):
    """Each province's new communes hang under its committee, none twice."""
    for name in ("Tỉnh ủy Tây Ninh", "Tỉnh ủy Đồng Tháp"):
        committee = OrgUnit.objects.get(name=name)
        children = selectors.children(committee, as_of=AFTER)
        assert children.count() == children.values("pk").distinct().count() > 50
    assert (
        OrgUnit.objects.filter(code__startswith="T").values("code").distinct().count()
        == OrgUnit.objects.filter(code__startswith="T").count()
    )
