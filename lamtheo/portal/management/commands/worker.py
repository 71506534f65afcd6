"""`lamtheo worker`: run background tasks from the database queue (the embedded default).

The same options as django-tasks-db's `db_worker` (`--batch` to drain the queue and exit,
`--queue-name`, `--interval`, `--max-tasks`...). Production may run several workers.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Chạy các tác vụ nền từ hàng đợi trong cơ sở dữ liệu / run background tasks."
