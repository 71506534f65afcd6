"""The one error family of the toolkit: a Vietnamese message people can read, a code programs
can test, and where in the text it went wrong.

Message templates are marked with `gettext_noop` so that Django's makemessages (xgettext
keyword `gettext_noop`) extracts them; the toolkit itself never translates. A caller that
shows the message in another language translates `error.template` and formats it with
`error.params`.
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark a message template for translation without translating it.

    >>> gettext_noop("'%(text)s': thiếu dấu '/' trước cơ quan ban hành")
    "'%(text)s': thiếu dấu '/' trước cơ quan ban hành"
    """
    return message


def shown(text: str, limit: int = 60) -> str:
    """The text as a message quotes it: at most `limit` characters, cut with an ellipsis.

    >>> shown("499-BC/TU"), shown("x" * 70)[-3:]
    ('499-BC/TU', 'xx…')
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


class VnError(ValueError):
    """A text the toolkit cannot read. `str(error)` is the Vietnamese message.

    >>> error = VnError(gettext_noop("'%(text)s': thiếu số"), code="missing", text="-BC")
    >>> str(error), error.code, error.params, error.position
    ("'-BC': thiếu số", 'missing', {'text': '-BC'}, None)
    """

    def __init__(self, template: str, *, code: str, position: int | None = None, **params):
        self.template = template
        self.code = code
        self.position = position
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template % self.params

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return (_rebuild, (type(self), self.template, self.code, self.position, self.params))


def _rebuild(cls, template, code, position, params):
    return cls(template, code=code, position=position, **params)


class NumberError(VnError):
    """A number, range or ratio written in a way Vietnamese conventions do not allow."""


class DateError(VnError):
    """A date or period that cannot be read or does not exist."""


class DocNumberError(VnError):
    """A document number (số và ký hiệu) that breaks the grammar or the format profile."""
