"""What the figures ran on, printed with them: cores, CPU model, memory, database version, and
the load average before the run (anything else busy on the machine slows every figure down)."""

import os
import re
from pathlib import Path

from django.db import connection


def _proc(name: str) -> str:
    try:
        return Path("/proc", name).read_text()
    except OSError:
        return ""


def cpu_model() -> str:
    match = re.search(r"^model name\s*:\s*(.+)$", _proc("cpuinfo"), re.MULTILINE)
    return match.group(1).strip() if match else "unknown CPU"


def memory_gib() -> float:
    match = re.search(r"^MemTotal:\s*(\d+) kB", _proc("meminfo"), re.MULTILINE)
    return int(match.group(1)) / 1024**2 if match else 0.0


def database() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    return connection.vendor


def describe() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"machine: {os.cpu_count()} cores ({cpu_model()}), {memory_gib():.1f} GiB RAM, "
        f"{database()}; load average {load:.2f} before the run"
    )
