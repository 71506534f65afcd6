"""Pieces the API routers share, stricter than the lax defaults of pydantic and ninja."""

import re
from datetime import date
from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.schema import DjangoGetter
from pydantic import BaseModel, BeforeValidator, model_validator

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value):
    """Pydantic alone would also read `?as_of=0` as 1970-01-01 (a Unix time) and accept a date
    with a time of day: the description promises a `format: date` string, so hold to it."""
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError("expected a date as YYYY-MM-DD")
        return date.fromisoformat(value)
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


# A record's id, as a path or query parameter or in a body: a database's 64-bit integer. One
# past it would reach the database and fail there (a 500) rather than be refused (422).
MAX_ID = 2**63 - 1
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


MAX_LIMIT = 1000
MAX_OFFSET = 10**9  # far beyond any table here, far below a 64-bit integer


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=` with upper bounds. Ninja's own takes any integer, and one past 2**63
    reached the database and failed there (a 500 on SQLite and PostgreSQL alike) instead of
    being refused as a bad parameter (422)."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class Body(Schema):
    """A JSON request body. Ninja's Schema reads its input by attribute, so a bare number or a
    list would pass as an object with every field at its default (a 200 for `5` sent to an
    operation whose fields are all optional): an object is required."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        read = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(read, dict | BaseModel):
            raise ValueError("expected a JSON object")
        if isinstance(read, dict) and _holds_nul(read):
            # PostgreSQL stores no NUL character in text: refused here, as a malformed body,
            # rather than failing in the database whichever field or code carries it.
            raise ValueError("text must not contain the NUL character (\\u0000)")
        return data


def _holds_nul(value) -> bool:
    """Whether a JSON value holds U+0000 in any string, key or nested value.

    >>> _holds_nul({"units": ["T11", "X\\x00"]}), _holds_nul({"title": "Kế hoạch", "n": [1, None]})
    (True, False)
    """
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_holds_nul(v) for v in value)
    return False


class Window(Schema):
    """`?limit=&offset=` for the areas' list filters, bounded as `Pagination` is."""

    limit: int = Field(100, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page(records, window: Window, convert) -> dict:
    """One page of a queryset, counted in the database: `{items, count}` as ninja's pagination
    answers elsewhere in the API, without reading the rows past the page."""
    rows = records[window.offset : window.offset + window.limit]
    return {"items": [convert(r) for r in rows], "count": records.count()}
