from django.core.management.base import BaseCommand, CommandError

from lamtheo.audit import chain


class Command(BaseCommand):
    help = (
        "Seal the audit entries waiting for their place in the chain, then check the whole chain: "
        "exit 0 when intact, 1 naming the first entry that was changed, removed or inserted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal", action="store_true", help="check only; do not seal waiting entries"
        )

    def handle(self, *args, no_seal=False, **options):
        sealed = 0 if no_seal else chain.seal()
        verdict = chain.verify()
        if not verdict.ok:
            raise CommandError(
                f"audit trail broken: {verdict.problem} "
                f"({verdict.checked} entries before it are intact)"
            )
        self.stdout.write(
            f"audit trail intact: {verdict.checked} entries"
            f" ({sealed} sealed now, {verdict.unsealed} waiting for their transaction);"
            f" head {verdict.head_seq} {verdict.head_hash}"
        )
