"""The `lamtheo` command: Django's manage.py under the project's name.

lamtheo migrate
lamtheo runserver
lamtheo worker          # the background task worker
lamtheo api-token NAME  # print a new API token for a user
"""

import getpass
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
    from django.core.management import execute_from_command_line

    from lamtheo.audit.context import origin

    # Writes made by a command (imports, the demo, the admin-unit loader) are in the audit trail
    # under the command's name and the operating-system account that ran it.
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    with origin(f"command:{command}"[:60], actor_name=_os_user()):
        execute_from_command_line(sys.argv)


def _os_user() -> str:
    try:
        return f"os:{getpass.getuser()}"
    except (KeyError, OSError):
        return "os:?"


if __name__ == "__main__":
    main()
