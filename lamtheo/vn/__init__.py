"""The Vietnamese language and document toolkit: pure Python, no Django (an import-linter
contract in pyproject.toml enforces it), usable as a library on its own.

- `errors`: `VnError` (a Vietnamese message, a code, a position) and its kinds `NumberError`,
  `DateError`, `DocNumberError`; `gettext_noop` marks the message templates for makemessages.
- `text`: `fold` for accent-insensitive search; `normalize_with_offsets` to match NFC text and
  map spans back to the text as given.
- `numbers`: 1.567 and 12,8 read and written (`Decimal`), ranges ("12,8 - 13%/năm"), ratios.
- `dates`: dates in every written form, the official written date ("ngày 09 tháng 01 năm
  2026"), reporting periods (year, half, quarter, month, term), dates in running text.
- `profiles`: format profiles as data (`profiles/*.toml`): Party 2018 (Hướng dẫn 36-HD/VPTW),
  Party 2026 (Quy định 399-QĐ/TW), State 2020 (Nghị định 30/2020/NĐ-CP): type codes, issuer
  codes, signing marks, page layout.
- `docnum`: số và ký hiệu in the Party and State grammars: parse, validate against a profile,
  write, renumber; the type code a type word names.
- `refs`: references to documents inside running text, with their dates and short forms.
"""
