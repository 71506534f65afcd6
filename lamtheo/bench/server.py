"""The application under test, as production runs it: static files collected, gunicorn with
threaded workers on a free loopback port, DEBUG off and a throwaway SECRET_KEY. Plain HTTP on
loopback, so secure-only cookies and the HTTPS redirect are switched off by their variables."""

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

HOST = "127.0.0.1"


def new_secret_key() -> str:
    return secrets.token_urlsafe(50)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def production_env(data: Path, secret_key: str) -> dict[str, str]:
    """The environment of the server: the caller's (DATABASE_URL above all) with production
    settings (lamtheo.bench.settings says why static files are not compressed), and static and
    uploaded files kept under `data`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lamtheo.bench.settings",
        "SECRET_KEY": secret_key,
        "DEBUG": "0",
        "ALLOWED_HOSTS": HOST,
        "SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(data / "static"),
        "MEDIA_ROOT": str(data / "media"),
        "LOG_LEVEL": "WARNING",
    }


def _healthy(port: int) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


@contextlib.contextmanager
def serve(data: Path, *, secret_key: str, workers: int, threads: int) -> Iterator[str]:
    """Run the server for the `with` block; yields its base URL. Its log goes to data/server.log
    and is shown if it fails to start."""
    env = production_env(data, secret_key)
    lamtheo = [sys.executable, "-m", "lamtheo"]
    subprocess.run([*lamtheo, "collectstatic", "--noinput", "-v0"], env=env, check=True)  # noqa: S603 - our own interpreter and arguments
    port = free_port()
    log_path = data / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "lamtheo.wsgi:application",
                f"--bind={HOST}:{port}",
                "--worker-class=gthread",
                f"--workers={workers}",
                f"--threads={threads}",
                "--log-level=warning",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while not _healthy(port):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gunicorn did not start:\n{log_path.read_text(errors='replace')[-3000:]}"
                    )
                time.sleep(0.2)
            yield f"http://{HOST}:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
