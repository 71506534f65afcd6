"""The `lamtheo` command: Django's manage.py under the project's name.

lamtheo migrate
lamtheo runserver
lamtheo worker          # the background task worker
lamtheo api-token NAME  # print a new API token for a user
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
