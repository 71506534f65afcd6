"""Locust as the load generator: a headless run of locustfile.py against the server, in its own
process (locust patches the standard library for gevent, which must not reach Django here);
its statistics come back through the CSV files it writes."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .report import RouteStats, read_locust_failures, read_locust_stats

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
# Users arrive over this many seconds (not all in the same instant, which would measure one
# burst), and the statistics start once they are all there.
RAMP_UP = 5


@dataclass(frozen=True)
class Phase:
    label: str
    seconds: int
    think: tuple[float, float]  # seconds between two requests of one user; (0, 0): none

    def describe(self, users: int) -> str:
        low, high = self.think
        think = f"think time {low:g}-{high:g} s" if high else "no think time"
        return f"{self.label}: {users} concurrent users, {think}, {self.seconds} s"


@dataclass(frozen=True)
class Result:
    routes: list[RouteStats]
    failures: list[tuple[str, str, int]]


def run(phase: Phase, *, base_url: str, personas: Path, users: int, out: Path) -> Result:
    prefix = out / phase.label
    env = {
        **os.environ,
        "LAMTHEO_BENCH_PERSONAS": str(personas),
        "LAMTHEO_BENCH_THINK": ",".join(str(s) for s in phase.think),
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        f"--locustfile={LOCUSTFILE}",
        "--headless",
        "--only-summary",
        f"--host={base_url}",
        f"--users={users}",
        f"--spawn-rate={users / RAMP_UP:g}",
        f"--run-time={phase.seconds + RAMP_UP}s",
        "--reset-stats",
        "--stop-timeout=10",
        f"--csv={prefix}",
        "--loglevel=WARNING",
        "--exit-code-on-error=0",
    ]
    log = out / f"{phase.label}.log"
    with log.open("wb") as f:
        done = subprocess.run(command, env=env, stdout=f, stderr=subprocess.STDOUT, check=False)  # noqa: S603 - our own interpreter and arguments
    if done.returncode != 0:
        raise RuntimeError(f"locust failed:\n{log.read_text(errors='replace')[-3000:]}")
    return Result(
        routes=read_locust_stats(Path(f"{prefix}_stats.csv")),
        failures=read_locust_failures(Path(f"{prefix}_failures.csv")),
    )
