"""/api/v1/indicators and /api/v1/indicators/{indicator}/rollup."""

from datetime import date
from decimal import Decimal

from lamtheo.accounts.models import User
from lamtheo.org.models import Membership

from .test_rollup import TODAY, indicator, record, tree  # noqa: F401 - the fixture


def test_the_rollup_of_an_indicator_for_a_unit_and_period(client, tree):  # noqa: F811
    poor = indicator(tree)
    record(poor, tree["a"], "10")
    record(poor, tree["b"], "20")
    record(poor, tree["c"], "5")
    admin = User.objects.create(username="tinh")
    Membership.objects.create(
        user=admin, unit=tree["thai_nguyen"], role="admin", valid_from=date(2025, 7, 1)
    )
    client.force_login(admin)

    def get(**query):
        return client.get("/api/v1/indicators/ho-ngheo/rollup", query)

    then = get(unit="T06", period="2024").json()
    assert (Decimal(then["value"]), then["reporters"], then["as_of"]) == (35, 3, "2024-12-31")
    today = get(unit="T19", period="2024", restated="true", as_of=TODAY.isoformat()).json()
    assert (Decimal(today["value"]), today["reporters"], today["restated"]) == (35, 3, True)
    assert get(unit="T19", period="2024").json()["value"] is None  # not restated: none then
    wrong = get(unit="T06", period="2024-13")
    assert wrong.status_code == 400
    assert wrong.json()["field"] == "period"
    assert get(unit="KHONG-CO", period="2024").status_code == 404
    codes = [i["code"] for i in client.get("/api/v1/indicators").json()]
    assert codes == ["ho-ngheo"]
