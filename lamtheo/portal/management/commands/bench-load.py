"""`lamtheo bench-load`: the application served as in production and loaded over loopback.

On a database where `lamtheo bench-org --keep` generated the national tree (`make bench` does
both): bench users with roles in it, gunicorn started, locust driving the concurrent users
through the main pages and API routes (first at a working pace, then with no pause at all), and
the submitters uploading at the same instant. Prints a table per phase; fails when a submission
was lost or doubled. See docs/benchmarks.md for how to read the figures.
"""

import json
import os
import secrets
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from lamtheo.bench import loadgen, machine, personas, report, server, submit

WARM_UP = loadgen.Phase("warm-up", 10, (0.0, 0.0))  # connections, caches, lazy imports: not shown
PHASES = {"busy": (1.0, 3.0), "saturated": (0.0, 0.0)}
AS_OF = date(2024, 3, 15)  # before the 2025 reform: the tree still has its districts


class Command(BaseCommand):
    help = "Load benchmark over HTTP on the generated national tree (after bench-org --keep)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50, help="concurrent users")
        parser.add_argument("--seconds", type=int, default=40, help="length of each phase")
        parser.add_argument("--submitters", type=int, default=100, help="units submitting at once")
        # One process per core, threads to overlap database waits: on 2 cores this served more
        # requests per second than 3x4, 4x2 or 5x1 (the work is mostly Python, under the GIL).
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1, help="gunicorn processes"
        )
        parser.add_argument("--threads", type=int, default=8, help="threads per process")

    def handle(self, *args, users, seconds, submitters, workers, threads, **options):
        if not personas.is_bench_tree():
            raise CommandError("no generated tree here: run `lamtheo bench-org --keep` first")
        load_before = machine.describe()
        run, password = secrets.token_hex(3), secrets.token_urlsafe(16)
        secret_key = server.new_secret_key()
        started = time.perf_counter()
        builder = personas.Builder(run, password, secret_key)
        people = builder.browsing(users)
        submitting = builder.submitters(submitters)
        mix = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in personas.counts(users).items())
        self.stdout.write(
            f"\nbench-load on {connection.vendor}: {users} users ({mix}), {len(submitting)} "
            f"submitters, made in {time.perf_counter() - started:.1f} s\n{load_before}"
        )
        with tempfile.TemporaryDirectory(prefix="lamtheo-bench-") as tmp:
            data = Path(tmp)
            personas_file = data / "personas.json"
            personas_file.write_text(json.dumps(personas.as_json(people, password, AS_OF)))
            with server.serve(
                data, secret_key=secret_key, workers=workers, threads=threads
            ) as base_url:
                self.stdout.write(
                    f"server: gunicorn gthread, {workers} workers x {threads} threads at "
                    f"{base_url}, DEBUG off; load generator: locust on the same machine"
                )
                loadgen.run(
                    WARM_UP, base_url=base_url, personas=personas_file, users=users, out=data
                )
                for label, think in PHASES.items():
                    phase = loadgen.Phase(label, seconds, think)
                    result = loadgen.run(
                        phase, base_url=base_url, personas=personas_file, users=users, out=data
                    )
                    self.stdout.write(f"\n{phase.describe(users)}")
                    self.stdout.write(report.route_table(result.routes))
                    for route, error, n in result.failures[:5]:
                        self.stdout.write(f"  error x{n}: {route}: {error}")
                self._submissions(base_url, submitting, data / "media")

    def _submissions(self, base_url: str, submitters, media_root: Path):
        uploads, jobs = submit.plan(submitters)
        since = timezone.now()
        answers = submit.submit_all(base_url, jobs)
        tally = report.tally(
            [u.submitter.unit for u in uploads],
            answers,
            submit.stored(uploads, since, media_root),
        )
        double_clicks = sum(job.times == 1 for job in jobs) // 2
        self.stdout.write(
            f"\nsubmissions: {len(uploads)} units upload a file at the same instant, each sends "
            f"it twice with one Idempotency-Key ({double_clicks} double-clicks, "
            f"{len(uploads) - double_clicks} retries after the answer)"
        )
        self.stdout.write(report.submission_table(tally))
        refused = Counter((a.status, a.detail) for a in answers if a.status not in (200, 201))
        for (status, detail), n in refused.most_common(5):
            self.stdout.write(f"  error x{n}: HTTP {status or 'no answer'}: {detail}")
        if not tally.ok:
            raise CommandError("submissions: some were lost, doubled or refused (see above)")
        self.stdout.write(f"every submission stored exactly once, {tally.kept} files intact")
