"""The oversight API's description at /api/v1/openapi.json: every operation summarised and
described, every write documenting its refusals, and schemas of its own."""

from ninja import Schema

from lamtheo.api import api


def test_every_oversight_operation_is_described():
    schema = api.get_openapi_schema()
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        if path.startswith("/api/v1/oversight/")
        for method, operation in methods.items()
    ]
    assert len(operations) >= 32
    for path, method, operation in operations:
        assert operation.get("summary"), (method, path)
        assert operation.get("description"), (method, path)
        if method in ("post", "put"):
            assert {400, 404} <= set(operation["responses"]), (method, path)


def test_the_oversight_schemas_share_no_name_with_another_areas():
    """Ninja keys the description's schemas by class name: a twin name elsewhere would put
    one area's body in the other's operations."""
    by_name: dict[str, set] = {}

    def walk(cls):
        for sub in cls.__subclasses__():
            by_name.setdefault(sub.__name__, set()).add(sub.__module__)
            walk(sub)

    walk(Schema)
    ours = {n for n, modules in by_name.items() if any(".oversight." in m for m in modules)}
    assert ours
    assert {n: by_name[n] for n in ours if len(by_name[n]) > 1} == {}
