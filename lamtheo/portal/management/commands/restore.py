"""`lamtheo restore SRC`: replace the database and MEDIA_ROOT with a backup from `lamtheo backup`.

Every file of the backup is checked against its manifest before anything is touched; see
lamtheo/portal/backup.py and docs/deployment.md (stop the application first).
"""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lamtheo.portal import backup


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và tệp tải lên từ bản sao lưu / restore the database and the "
        "uploaded files from SRC (a directory or archive made by `lamtheo backup`), replacing "
        "the current ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", type=Path, help="a backup directory or .tar / .tar.gz archive")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask: replace the current database and uploaded files.",
        )

    def handle(self, *args, src, yes, **options):
        if not yes and not sys.stdin.isatty():
            raise CommandError(
                "restore replaces the current database and uploaded files: pass --yes to confirm "
                "(there is no terminal to ask)"
            )
        try:
            summary = backup.restore(src, confirm=None if yes else self.ask)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        manifest = summary.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (lamtheo "
            f"{manifest['lamtheo_version']}): the database and the uploaded files "
            f"({summary.uploads:,})."
        )
        if summary.mismatches:
            raise CommandError(
                "restored, but these row counts differ from the manifest: "
                + ", ".join(
                    f"{table} {expected} expected, {found if found is not None else 'no table'}"
                    for table, expected, found in summary.mismatches
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Row counts match the manifest: {len(manifest['tables'])} tables, "
                f"{summary.rows:,} rows."
            )
        )

    def ask(self, manifest: dict) -> bool:
        self.stdout.write(
            f"The backup of {manifest['created_at']} (lamtheo {manifest['lamtheo_version']}) is "
            f"intact. Restoring it replaces the current "
            f"{backup.VENDOR_NAMES[manifest['database']['vendor']]} database and everything in "
            f"{settings.MEDIA_ROOT}."
        )
        return input("Type 'yes' to restore: ").strip().lower() == "yes"
