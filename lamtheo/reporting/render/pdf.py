"""PDF of an official document: the Word file converted by LibreOffice when it is installed (the
same layout people get when they open the .docx), else the HTML rendering printed by
WeasyPrint. Neither reaches the network: LibreOffice runs headless on a throwaway profile, and
WeasyPrint is given a URL fetcher that refuses everything but data: URLs.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from lamtheo.reporting.render.html import render_html
from lamtheo.reporting.render.model import OfficialDocument

ENGINES = ("libreoffice", "html")
TIMEOUT_SECONDS = 120


def office_binary() -> str | None:
    """The LibreOffice command on this machine (soffice or libreoffice), None without one."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _tail(data: bytes, limit: int = 600) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text[-limit:] if text else "(nothing)"


def convert_with_libreoffice(docx_bytes: bytes, *, binary: str | None = None) -> bytes:
    """The .docx converted to PDF by headless LibreOffice, in a temporary directory that also
    holds LibreOffice's user profile (so runs neither share nor leave state). RuntimeError,
    naming what failed, when it cannot."""
    binary = binary or office_binary()
    if binary is None:
        raise RuntimeError("LibreOffice is not installed: neither soffice nor libreoffice found")
    with tempfile.TemporaryDirectory(prefix="lamtheo-pdf-") as tmp:
        work = Path(tmp)
        source, outdir = work / "document.docx", work / "out"
        source.write_bytes(docx_bytes)
        command = [
            binary, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to", "pdf", "--outdir", str(outdir), str(source),
        ]  # fmt: skip
        env = {**os.environ, "HOME": str(work)}
        # A session of its own, so a timeout can end soffice.bin along with the wrapper.
        process = subprocess.Popen(  # noqa: S603 - a fixed command line, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=work,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RuntimeError(
                f"LibreOffice ({binary}) did not convert the document to PDF within "
                f"{TIMEOUT_SECONDS} s"
            ) from None
        result = outdir / "document.pdf"
        if process.returncode != 0 or not result.is_file():
            raise RuntimeError(
                f"LibreOffice ({binary}) failed to convert the document to PDF "
                f"(exit status {process.returncode}); stderr: {_tail(stderr)}; "
                f"stdout: {_tail(stdout)}"
            )
        data = result.read_bytes()
    if not data.startswith(b"%PDF"):
        raise RuntimeError(f"LibreOffice ({binary}) wrote a file that is not a PDF")
    return data


def _local_only_fetcher():
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Fetches data: URLs and refuses every other URL (file:, http:, ...)."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)

        def fetch(self, url, headers=None):
            if not str(url).lower().startswith("data:"):
                raise ValueError(f"refused to fetch {url!r}: documents load nothing")
            return super().fetch(url, headers)

    return LocalOnlyFetcher()


def print_html(html: str) -> bytes:
    """An HTML page printed to PDF by WeasyPrint, with nothing fetched but data: URLs."""
    import weasyprint

    return weasyprint.HTML(
        string=html, base_url=None, url_fetcher=_local_only_fetcher()
    ).write_pdf()


def render_pdf(docx_bytes: bytes, doc: OfficialDocument, *, engine: str | None = None) -> bytes:
    """The document as PDF bytes.

    `engine`: None converts `docx_bytes` with LibreOffice when it is installed and otherwise
    prints `render_html(doc)` with WeasyPrint; "libreoffice" insists on LibreOffice
    (RuntimeError without it); "html" always uses WeasyPrint.
    """
    if engine is not None and engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; known: {', '.join(ENGINES)}")
    binary = office_binary()
    if engine == "libreoffice" and binary is None:
        raise RuntimeError("PDF engine 'libreoffice' asked for, but soffice is not installed")
    if engine != "html" and binary is not None:
        return convert_with_libreoffice(docx_bytes, binary=binary)
    return print_html(render_html(doc))
