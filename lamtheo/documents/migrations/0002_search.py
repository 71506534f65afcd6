"""The full-text index, which is not a model field (lamtheo/documents/search.py): an FTS5 table
on SQLite, two tsvector columns and a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE documents_search USING fts5("
    "symbol, title, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_BACK = ["DROP TABLE IF EXISTS documents_search"]
# A narrow heap: the body and the large vector live in TOAST (rows over 256 bytes move their
# largest values out), while the small head vector stays in the row, uncompressed, for ranking.
# A search then reads a few MB of rows, not the bodies (`make bench`: docs/benchmarks.md).
POSTGRES = [
    "ALTER TABLE documents_document ADD COLUMN search_head tsvector, "
    "ADD COLUMN search_all tsvector",
    "ALTER TABLE documents_document ALTER COLUMN search_head SET STORAGE PLAIN",
    "ALTER TABLE documents_document SET (toast_tuple_target = 256)",
    "CREATE INDEX documents_search_all ON documents_document USING GIN (search_all)",
]
POSTGRES_BACK = [
    "DROP INDEX IF EXISTS documents_search_all",
    "ALTER TABLE documents_document RESET (toast_tuple_target)",
    "ALTER TABLE documents_document DROP COLUMN IF EXISTS search_head, "
    "DROP COLUMN IF EXISTS search_all",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_BACK, "postgresql": POSTGRES_BACK}),
        )
    ]
