"""The Vietnamese language and document toolkit: pure Python, no Django (an import-linter
contract in pyproject.toml enforces it), usable as a library on its own."""
