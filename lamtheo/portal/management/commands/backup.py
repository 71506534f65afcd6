"""`lamtheo backup DEST`: the database and MEDIA_ROOT into a new directory or one archive.

The logic, and what a backup holds, is in lamtheo/portal/backup.py; docs/deployment.md says how
to schedule it and how to restore.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lamtheo.portal import backup


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp tải lên / back up the database and the uploaded files "
        "into DEST: a new (or empty) directory, or one archive if DEST ends in .tar or .tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", type=Path, help="a new directory, or NAME.tar / NAME.tar.gz")

    def handle(self, *args, dest, **options):
        try:
            summary = backup.create(dest)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {len(summary.manifest['tables'])} tables ({summary.rows:,} rows) "
                f"and the uploaded files ({summary.uploads:,}) to {summary.path}: "
                f"{summary.size:,} bytes."
            )
        )
