from django.core.management.base import BaseCommand, CommandError

from lamtheo.accounts import services
from lamtheo.accounts.models import User


class Command(BaseCommand):
    help = "Issue an API token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for (shown in admin).")

    def handle(self, *args, username, name, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(
                f"Không có người dùng '{username}' / no user named '{username}'"
            ) from None
        if not user.is_active:
            raise CommandError(f"Tài khoản '{username}' đã bị khóa / user '{username}' is inactive")
        _token, raw = services.issue_api_token(user=user, name=name or "api-token command")
        self.stdout.write(raw)
