"""Concurrent submissions: every submitter (the admin of one commune) uploads one file through
`POST /api/v1/org-units/{code}/files` at the same instant, and sends it a second time with the
same `Idempotency-Key`. Half of them double-click (both copies leave together), the other half
retry after the first answer. Then the database must hold exactly one intact file per unit.

The clients are plain threads released by one barrier, speaking HTTP with the standard library,
so that nothing but the server decides the order the requests land in.
"""

import hashlib
import http.client
import json
import struct
import threading
import time
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from lamtheo.files.models import Attachment

from .personas import Submitter
from .report import Answer, Stored


def tiny_png(label: str) -> bytes:
    """A valid 1x1 PNG with `label` in a text chunk, so that every unit sends different bytes.

    >>> tiny_png("X")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xc0\x10\x10")  # filter byte, one red pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"tEXt", b"Comment\x00" + label.encode())
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Upload:
    submitter: Submitter
    key: str
    content: bytes

    @property
    def filename(self) -> str:
        return f"bao-cao-{self.submitter.unit}.png"


@dataclass(frozen=True)
class Job:
    """What one client thread does once released: send `upload` `times` times in a row."""

    upload: Upload
    times: int


def plan(submitters: list[Submitter]) -> tuple[list[Upload], list[Job]]:
    """One upload per submitter; even ones double-click (two threads, one send each), odd ones
    retry (one thread, two sends)."""
    uploads, jobs = [], []
    for i, submitter in enumerate(submitters):
        key = str(uuid.uuid4())
        upload = Upload(submitter, key, tiny_png(f"{submitter.unit} {key}"))
        uploads.append(upload)
        jobs += [Job(upload, 1), Job(upload, 1)] if i % 2 == 0 else [Job(upload, 2)]
    return uploads, jobs


def _multipart(upload: Upload) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{upload.filename}"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    return head + upload.content + f"\r\n--{boundary}--\r\n".encode(), boundary


def record_id(body: bytes) -> str | None:
    """The attachment an answer names (its `uid`), or None when the body is not that JSON."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return str(data["uid"]) if isinstance(data, dict) and "uid" in data else None


def send(base_url: str, upload: Upload) -> Answer:
    url = urlsplit(base_url)
    body, boundary = _multipart(upload)
    headers = {
        "Authorization": f"Bearer {upload.submitter.token}",
        "Idempotency-Key": upload.key,
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    }
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    started = time.perf_counter()
    try:
        conn.request("POST", f"/api/v1/org-units/{upload.submitter.unit}/files", body, headers)
        response = conn.getresponse()
        status, answer = response.status, response.read()
    except OSError as error:
        status, answer = 0, str(error).encode()
    finally:
        conn.close()
    ms = (time.perf_counter() - started) * 1000
    detail = "" if status in (200, 201) else answer[:200].decode(errors="replace")
    return Answer(upload.submitter.unit, status, record_id(answer), ms, detail)


def submit_all(base_url: str, jobs: list[Job]) -> list[Answer]:
    """Release every job at the same instant; the answers of all of them."""
    barrier = threading.Barrier(len(jobs))

    def run(job: Job) -> list[Answer]:
        barrier.wait(timeout=120)
        return [send(base_url, job.upload) for _ in range(job.times)]

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return [answer for answers in pool.map(run, jobs) for answer in answers]


def stored(uploads: list[Upload], since: datetime, media_root: Path) -> list[Stored]:
    """The attachments the submitting units got since `since`, each checked byte for byte
    against what its unit sent (through the file on disk, not the recorded digest)."""
    sent = {u.submitter.unit: hashlib.sha256(u.content).hexdigest() for u in uploads}
    rows = Attachment.objects.filter(unit__code__in=sent, uploaded_at__gte=since).select_related(
        "unit"
    )
    out = []
    for row in rows:
        path = media_root / row.file.name
        intact = (
            path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == sent[row.unit.code]
        )
        out.append(Stored(row.unit.code, str(row.uid), intact))
    return out
